"""The demo enforcement cases, one per path, are made through the services."""

from datetime import timedelta
from decimal import Decimal

import pytest

from tests.integration.customers.factories import CustomerFactory, ServicePointFactory
from utilicase.audit.selectors import chain_verify
from utilicase.enforcement import selectors
from utilicase.enforcement.demo import make_demo_enforcement

pytestmark = pytest.mark.django_db


def test_demo_enforcement_one_case_per_path(org, now, example_user):
    for i, (cls, voltage) in enumerate((("RESIDENTIAL", "LOW"), ("IMPORTANT", "HIGH"), ("GENERAL", "LOW"))):
        customer = CustomerFactory(office=org["tf-power-city"], account_number=f"10100009{i}", name=f"客户{i}")
        ServicePointFactory(customer=customer, customer_class=cls, voltage_level=voltage)
    restored, waiting, unpaid = make_demo_enforcement(now=now)
    assert (restored.status, restored.supply, restored.customer_class) == ("PAID", "RESTORED", "RESIDENTIAL")
    assert restored.suspensions.get().reported_at is not None
    assert (waiting.customer_class, waiting.supply) == ("IMPORTANT", "NORMAL")
    inbox = selectors.applications_to_decide(user=example_user("company_deputy1"))
    assert [a.case_id for a in inbox] == [waiting.pk]
    assert (unpaid.status, unpaid.total) == ("FEES_DUE", Decimal("15000.00"))
    assert selectors.past_due(unpaid, now)
    assert selectors.suspension_path(unpaid, now) == "UNPAID"
    assert [c.pk for c in selectors.unpaid_past_due(user=example_user("office_head1"), now=now)] == [unpaid.pk]
    assert not selectors.past_due(unpaid, now - timedelta(days=15))
    assert chain_verify()[1] is None


def test_demo_enforcement_without_customers(org, now):
    assert make_demo_enforcement(now=now) == []
