"""Fixtures for the enforcement tests: a residential (low-voltage) and an important (high-voltage)
power customer of 城区供电营业所, and `flow`, which takes a case through its steps with the demo
users at pinned times (the pinned clock is 2026-09-30 10:00 Asia/Shanghai)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from tests.integration.customers.factories import CustomerFactory, ServicePointFactory
from tests.integration.documents.conftest import ink_png
from utilicase.billing import selectors as billing_selectors
from utilicase.billing import services as billing
from utilicase.documents import services as documents
from utilicase.documents import serving
from utilicase.enforcement import cases, services
from utilicase.enforcement.models import EnforcementCase

THEFT_1000_KWH = {"kind": "theft", "utility": "electricity", "rule_set": "GB-1996", "act_date": "2024-03-01",
                  "customer_type": "residential", "stolen_kwh": 1000, "price_yuan_per_kwh": 0.51}
# 510.00 back-billing + 3 × 510.00 = 1530.00 violation fee = 2040.00 (GB-1996 Art.102-103).
LARGE_THEFT = {"kind": "theft", "utility": "electricity", "rule_set": "auto", "act_date": "2026-09-01",
               "customer_type": "power", "stolen_kwh": 40000, "price_yuan_per_kwh": 0.65}
# 26000.00 + 78000.00 = 104000.00, above the default threshold of 50000 (§2.6(5)).
BASIS = "GB-1996 Art.102"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _pinned_documents_clock(monkeypatch, now):
    """The documents' preconditions judge the due date at the pinned clock, moved with `flow.now`."""
    monkeypatch.setattr(cases, "_now", lambda: _CLOCK[0])
    _CLOCK[0] = now


_CLOCK = [None]


@pytest.fixture
def residential(org):
    customer = CustomerFactory(office=org["tf-power-city"], account_number="1010000101", name="王建华",
                               contact_phone="13912340001")
    ServicePointFactory(customer=customer, voltage_level="LOW", customer_class="RESIDENTIAL")
    return customer


@pytest.fixture
def important(org):
    customer = CustomerFactory(office=org["tf-power-city"], account_number="1010000202", name="天山化工有限公司",
                               contact_phone="13912340002")
    ServicePointFactory(customer=customer, voltage_level="HIGH", customer_class="IMPORTANT",
                        tariff_category="大工业用电", unit_price=Decimal("0.6500"))
    return customer


@pytest.fixture
def other_office_customer(org):
    customer = CustomerFactory(office=org["tf-power-dev"], account_number="1020000303", name="开发区客户",
                               contact_phone="13912340003")
    ServicePointFactory(customer=customer)
    return customer


class Flow:
    def __init__(self, user, now):
        self.user, self._now = user, now

    @property
    def now(self):
        return self._now

    @now.setter
    def now(self, value):
        self._now = _CLOCK[0] = value

    def opened(self, customer, *, kind="THEFT", actor="inspector1", stopped=True, **kw) -> EnforcementCase:
        return services.case_open(
            actor=self.user(actor), kind=kind, customer=customer, facts="表后私接线路绕越计量装置用电。",
            discovered_at=self.now - timedelta(hours=2), inspectors=[self.user("inspector1"), self.user("inspector2")],
            act_stopped_at=self.now - timedelta(hours=1) if stopped else None,
            act_stopped_how="拆除私接线路，封存表箱。" if stopped else "", now=self.now - timedelta(minutes=50), **kw)

    def issue(self, case, code, *, content=None, serve=True, issuer="inspector1"):
        staff = self.user("inspector1")
        info = cases.info(EnforcementCase.objects.get(pk=case.pk))
        fresh = EnforcementCase.objects.get(pk=case.pk)
        filled = {**cases.DOCUMENTS[code].content(fresh), **(content or {})}
        draft = documents.document_create(actor=staff, case=info, doc_type_code=code, content=filled, now=self.now)
        documents.document_sign(actor=staff, document=draft, signer_role="INSPECTOR", signer_name="王建国",
                                png=ink_png(), now=self.now)
        document = documents.document_issue(actor=self.user(issuer), document=draft, now=self.now)
        if serve:
            serving.service_record(actor=staff, document=document, method="SIGNED", signer_name="王建华",
                                   customer_signature=ink_png(3), now=self.now + timedelta(minutes=1))
        return document

    def noticed(self, customer, **kw) -> EnforcementCase:
        case = self.opened(customer, **kw)
        self.issue(case, "violation_notice", content={"legal_basis": BASIS})
        return services.case_serve_notice(actor=self.user("inspector1"), case=case, now=self.now + timedelta(minutes=5))

    def calculated(self, customer, *, data=None, **kw) -> EnforcementCase:
        case = self.noticed(customer, **kw)
        return services.case_calculate_fees(actor=self.user("inspector1"), case=case, data=data or THEFT_1000_KWH,
                                            now=self.now + timedelta(minutes=10))

    def charged(self, customer, *, due=date(2026, 10, 15), **kw) -> EnforcementCase:
        case = self.calculated(customer, **kw)
        return services.case_charge(actor=self.user("inspector1"), case=case, due_date=due,
                                    now=self.now + timedelta(minutes=15))

    def pay_all(self, case, *, at=None):
        at = at or self.now + timedelta(days=1)
        for i, receivable in enumerate(billing_selectors.receivables_for("enforcement.enforcementcase", str(case.pk))):
            if receivable.balance <= 0:
                continue
            billing.payment_record(actor=self.user("inspector1"), receivable=receivable, amount=receivable.balance,
                                   receipt_number=f"SJ-{case.pk}-{i}", paid_at=at, source="MANUAL", now=at)
        return EnforcementCase.objects.get(pk=case.pk)

    def suspend(self, case, *, actor="inspector1", at=None, **kw):
        kw.setdefault("legal_basis", BASIS)
        kw.setdefault("customer_response", "COOPERATED")
        return services.case_suspend(actor=self.user(actor), case=case, now=at or self.now, **kw)

    def corrected(self, case, *, at=None):
        at = at or self.now + timedelta(days=1, hours=1)
        services.case_accept_correction(actor=self.user("inspector1"), case=case, note="私接线路已拆除，计量装置已恢复。",
                                        now=at)
        return services.case_record_liability(actor=self.user("inspector1"), case=case,
                                              note="客户在调查笔录上签字承认窃电并接受处理。", now=at)


@pytest.fixture
def flow(example_user, now):
    return Flow(example_user, now)
