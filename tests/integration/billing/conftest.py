"""A case type of the tests' own for receivables (a customer stands for its case, like the
documents tests'), and a receivable factory."""

from datetime import date
from decimal import Decimal

import pytest

from tests.integration.customers.factories import CustomerFactory
from tests.integration.documents.conftest import TARGET_TYPE, _load, case_info
from utilicase.billing import hooks, services
from utilicase.core import cases


@pytest.fixture
def case_type(monkeypatch):
    monkeypatch.setattr(cases, "CASE_TYPES", dict(cases.CASE_TYPES))
    cases.register_case_type(TARGET_TYPE, load=_load, info=case_info)


@pytest.fixture(autouse=True)
def _listeners(monkeypatch):
    monkeypatch.setattr(hooks, "_LISTENERS", {})


@pytest.fixture
def customer(org, case_type):
    return CustomerFactory(office=org["tf-power-city"], account_number="1010000001", name="熊超",
                           address="石河子市北三路12小区3栋2单元401")


@pytest.fixture
def other_customer(org, case_type):
    """A customer of another office of the same enterprise."""
    return CustomerFactory(office=org["tf-power-dev"], account_number="1010000002", name="王芳",
                           address="石河子市开发区北八路5号")


@pytest.fixture
def make_receivable(example_user, now):
    def make(customer, *, amount="648.00", fee_type="BACK_BILLING", due=date(2026, 10, 15), actor="inspector1",
             document_number="天富电违〔2026〕1号", breakdown=None, at=None):
        return services.receivable_create(
            actor=example_user(actor), target_type=TARGET_TYPE, target_id=str(customer.pk),
            case_number=f"WZ-{customer.account_number}", account_number=customer.account_number,
            fee_type=fee_type, amount=Decimal(amount), due_date=due, document_number=document_number,
            breakdown=breakdown, now=at or now)

    return make
