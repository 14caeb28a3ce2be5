"""A page whose write cannot get SQLite's lock in time answers 503 with Retry-After, in the site's
layout and language, and stores nothing (the API does the same: tests/integration/api)."""

import pytest
from django.db import OperationalError
from django.urls import reverse

from utilicase.complaints import services
from utilicase.complaints.models import Complaint

pytestmark = pytest.mark.django_db

INTAKE = {"q": "", "contact_name": "李秀英", "contact_phone": "13899001122", "channel": "PHONE",
          "content": "电费突增，要求核查电表。", "reception_started_at": "2026-09-30T09:50", "end_now": "on"}


def _locked(**kwargs):
    raise OperationalError("database is locked")


def test_a_page_whose_write_finds_the_database_locked_answers_503(client, example_user, monkeypatch):
    monkeypatch.setattr(services, "complaint_receive", _locked)
    client.force_login(example_user("hall_staff1"))
    response = client.post(reverse("complaints:new"), INTAKE, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert "nothing was saved" in response.content.decode()
    assert not Complaint.objects.exists()


def test_other_database_errors_are_not_taken_for_a_busy_database(client, example_user, monkeypatch):
    def broken(**kwargs):
        raise OperationalError("no such table: complaints_complaint")

    monkeypatch.setattr(services, "complaint_receive", broken)
    client.raise_request_exception = True
    client.force_login(example_user("hall_staff1"))
    with pytest.raises(OperationalError, match="no such table"):
        client.post(reverse("complaints:new"), INTAKE)
