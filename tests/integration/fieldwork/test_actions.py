"""`selectors.order_actions` is the one source of an order's actions (§4.4): what its stage
allows and is still to be taken, who may take it, the clause; the order's page offers exactly the
open and permitted ones, in the order of the work."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from utilicase.fieldwork import selectors, services

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clock(monkeypatch, now):
    monkeypatch.setattr("django.utils.timezone.now", lambda: now)


def offered(client, order) -> list[str]:
    html = client.get(reverse("fieldwork:detail", args=[order.pk])).content.decode()
    return re.findall(r'<form id="action-([a-z_]+)"', html)


def selected(user, order) -> list[str]:
    return [a.name for a in selectors.order_actions(user=user, order=order) if a.open and a.permitted]


def test_the_page_offers_what_order_actions_allows_s4_4(flow, as_user, now):
    worker = flow.user("field_worker1")
    order = flow.appointed()
    assert offered(as_user("field_worker1"), order) == selected(worker, order) == [
        "assign", "appoint", "announce_delay", "depart", "declare_meals", "cancel"]
    order = services.order_announce_delay(actor=worker, order=order, reason="堵车。", now=now - timedelta(hours=1))
    # announced once: now the customer is to be told, once
    assert selected(worker, order) == ["assign", "appoint", "notify_delay", "depart", "declare_meals", "cancel"]
    assert offered(as_user("field_worker1"), order) == selected(worker, order)


def test_records_of_the_finishing_stage_are_taken_once_s4_4_5(flow, as_user):
    worker = flow.user("field_worker1")
    order = flow.working()
    actions = {a.name: a for a in selectors.order_actions(user=worker, order=order)}
    assert actions["confirm"].open and actions["confirm"].clause == "§4.4(5)"
    assert actions["finish_facts"].open and actions["declare_meals"].open
    order = flow.finishable()
    actions = {a.name: a for a in selectors.order_actions(user=worker, order=order)}
    assert not actions["confirm"].open and not actions["finish_facts"].open and not actions["declare_meals"].open
    assert actions["finish"].open
    assert offered(as_user("field_worker1"), order) == selected(worker, order)
    assert "finish" in selected(worker, order) and "confirm" not in selected(worker, order)


def test_a_worker_of_another_office_is_offered_nothing(flow, org):
    from utilicase.org.models import Role, User

    dev_worker = User.objects.create_user(username="fw_dev", role=Role.FIELD_WORKER, unit=org["tf-power-dev"])
    order = flow.appointed()
    assert selected(dev_worker, order) == []
