"""出发时间 reads by its context in English: an accident's dispatch (§2.7(2)) is "Dispatched at",
a field worker's departure (§4.4) "Departed at"."""

import pytest
from django.urls import reverse
from django.utils import translation

from utilicase.accidents.forms import ArriveForm
from utilicase.accidents.models import AccidentCase
from utilicase.fieldwork.models import FieldWorkOrder

pytestmark = pytest.mark.django_db


def test_accident_page_in_english_says_dispatched_at_s2_7_2(flow, customer, client, example_user, now, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: now)
    case = flow.on_site(customer)
    client.force_login(example_user("inspector1"))
    client.cookies["django_language"] = "en"
    html = client.get(reverse("accidents:detail", args=[case.pk])).content.decode()
    assert "Dispatched at" in html and "Departed at" not in html


def test_each_context_in_each_language():
    with translation.override("en"):
        assert str(AccidentCase._meta.get_field("dispatched_at").verbose_name) == "Dispatched at"
        assert str(ArriveForm.base_fields["dispatched_at"].label) == "Dispatched at"
        assert str(FieldWorkOrder._meta.get_field("departed_at").verbose_name) == "Departed at"
    with translation.override("zh-hans"):
        assert str(AccidentCase._meta.get_field("dispatched_at").verbose_name) == "出发时间"
        assert str(FieldWorkOrder._meta.get_field("departed_at").verbose_name) == "出发时间"
