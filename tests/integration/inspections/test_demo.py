"""The demo inspections are made through the services, in their stages."""

import pytest

from tests.integration.customers.factories import CustomerFactory
from utilicase.audit.selectors import chain_verify
from utilicase.inspections import selectors
from utilicase.inspections.demo import make_demo_inspections
from utilicase.inspections.models import InspectionOrder

pytestmark = pytest.mark.django_db


def test_demo_inspections(org, now, example_user):
    for i in range(6):
        CustomerFactory(office=org["tf-power-city"], account_number=f"10100000{i + 10}", name=f"客户{i}")
    made = make_demo_inspections(now=now)
    assert [(o.kind, o.status) for o in made] == [
        ("ROUTINE", "DRAFT"), ("ROUTINE", "SUBMITTED"), ("ROUTINE", "APPOINTED"), ("ROUTINE", "LEFT_SITE"),
        ("SPECIAL", "PREPARED"), ("ROUTINE", "ARCHIVED")]
    special = made[4]
    assert (special.trigger, special.suspicion_source, special.appointed_at) == ("SUSPICION", "METER_DATA", None)
    assert InspectionOrder.objects.count() == 6
    assert [o.pk for o in selectors.orders_to_approve(user=example_user("office_head1"), now=now)] == [made[1].pk]
    overdue = list(selectors.overdue_rectifications(user=example_user("office_head1"), now=now))
    assert [r.order_id for r in overdue] == [made[5].pk]
    open_ = list(selectors.open_rectifications(user=example_user("inspector1")))
    assert sorted(r.order_id for r in open_) == sorted([made[3].pk, made[5].pk])
    [row] = selectors.plan_completion(user=example_user("office_head1"), month_date=now.date(), now=now)
    assert (row.planned, row.done) == (4, 1)
    assert chain_verify()[1] is None


def test_demo_inspections_without_customers(org, now):
    assert make_demo_inspections(now=now) == []
