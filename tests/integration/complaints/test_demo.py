"""The demo complaints are made through the services, in seven different states."""

import pytest

from tests.integration.customers.factories import CustomerFactory
from utilicase.audit.selectors import chain_verify
from utilicase.calendar.services import deadlines_sweep
from utilicase.complaints.demo import make_demo_complaints
from utilicase.complaints.models import Complaint

pytestmark = pytest.mark.django_db


def test_demo_complaints(org, now):
    CustomerFactory(office=org["tf-power-city"], account_number="1010000001")
    made = make_demo_complaints(now=now)
    assert [c.status for c in made] == ["ROUTED", "CLOSED", "REOPENED", "ROUTED", "ROUTED", "ASSESSED",
                                         "RECEIVED"]
    assert Complaint.objects.filter(customer__account_number="1010000001").count() == 1
    assert [c.number for c in made][:2] == ["TS2026000001", "TS2026000002"]
    assert deadlines_sweep(now=now) == 1  # the one past its reply deadline goes to the hall head
    assert Complaint.objects.get(pk=made[0].pk).escalated
    assert chain_verify()[1] is None


def test_demo_complaints_without_customers(org, now):
    assert len(make_demo_complaints(now=now)) == 7
    assert not Complaint.objects.filter(customer__isnull=False).exists()
