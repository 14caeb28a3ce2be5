"""The demo accident cases are made through the services (§2.7)."""

from datetime import date
from decimal import Decimal

import pytest

from tests.integration.customers.factories import CustomerFactory, ServicePointFactory
from utilicase.accidents import selectors
from utilicase.accidents.demo import make_demo_accidents
from utilicase.audit.selectors import chain_verify
from utilicase.customers.models import MonthlyAveragePrice

pytestmark = pytest.mark.django_db


def test_demo_accidents_rectified_case_and_report_due_s2_7_4(org, now, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    for i, cls in enumerate(("GENERAL", "RESIDENTIAL")):
        customer = CustomerFactory(office=org["tf-power-city"], account_number=f"10100008{i}", name=f"客户{i}")
        ServicePointFactory(customer=customer, customer_class=cls, voltage_level="LOW")
    MonthlyAveragePrice.objects.create(enterprise=customer.enterprise, month_date=date(2026, 8, 1),
                                       price=Decimal("0.5000"))
    rectified, due = make_demo_accidents(now=now)
    # 2026-09-18: 100 min = 1.67 h × 1500 kWh/h = 2505 kWh × 0.50 (August) = 1252.50
    assert (rectified.status, rectified.compensation) == ("RECTIFIED", Decimal("1252.50"))
    assert selectors.open_items(rectified) == ()
    assert [r.fee_type for r in selectors.receivables(case=rectified)] == ["COMPENSATION"]
    assert due.status == "INVESTIGATED" and due.next_due_at is not None
    assert chain_verify()[1] is None


def test_demo_accidents_without_customers(org, now):
    assert make_demo_accidents(now=now) == []
