"""Fixtures for the accident tests: a power customer of 城区供电营业所 and `flow`, which takes an
accident case through its steps with the demo users at pinned times (the pinned clock is
2026-09-30 10:00 Asia/Shanghai)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from tests.integration.customers.factories import CustomerFactory, ServicePointFactory
from tests.integration.documents.conftest import ink_png
from utilicase.accidents import cases, services
from utilicase.accidents.domain import transitions as table
from utilicase.accidents.models import AccidentCase
from utilicase.customers.models import MonthlyAveragePrice
from utilicase.documents import services as documents
from utilicase.documents import serving

ITEM_RECORDS = {
    table.CAUSE_FOUND: "电缆终端头受潮绝缘击穿，已查清。",
    table.RESPONSIBLE_DEALT_WITH: "客户电工班长未按期巡视，已按客户内部制度处理。",
    table.MEASURES_TAKEN: "更换电缆终端头，加装防潮措施。",
    table.PEOPLE_EDUCATED: "客户组织电工学习事故通报。",
}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _pinned_documents_clock(monkeypatch, now):
    monkeypatch.setattr(cases, "_now", lambda: now)


@pytest.fixture
def customer(org):
    customer = CustomerFactory(office=org["tf-power-city"], account_number="1010000909", name="天山机械厂",
                               contact_phone="13912340009")
    ServicePointFactory(customer=customer, voltage_level="LOW", customer_class="GENERAL")
    return customer


@pytest.fixture
def prices(customer):
    """The power enterprise's average price of August 2026 (the month before the pinned clock's)."""
    return MonthlyAveragePrice.objects.create(enterprise=customer.enterprise, month_date=date(2026, 8, 1),
                                              price=Decimal("0.5500"))


class Flow:
    def __init__(self, user, now):
        self.user, self.now = user, now

    def opened(self, customer, **kw) -> AccidentCase:
        kw.setdefault("reported_at", self.now - timedelta(hours=3))
        return services.case_open(actor=self.user("inspector1"), customer=customer,
                                  description="客户10kV配电室高压柜电缆头放电，开关跳闸，全厂停电。",
                                  reported_by_name="厂电工 李强", accident_at=self.now - timedelta(hours=3, minutes=20),
                                  inspectors=[self.user("inspector1"), self.user("inspector2")],
                                  now=self.now - timedelta(hours=3), **kw)

    def on_site(self, customer, **kw) -> AccidentCase:
        case = self.opened(customer, **kw)
        return services.case_arrive(actor=self.user("inspector1"), case=case,
                                    dispatched_at=self.now - timedelta(hours=2, minutes=55),
                                    arrived_at=self.now - timedelta(hours=2, minutes=30), identity_shown=True,
                                    witness_name="李强", now=self.now - timedelta(hours=2, minutes=30))

    def investigated(self, customer, *, restored=True, **kw) -> AccidentCase:
        case = self.on_site(customer, **kw)
        services.case_record_cause(actor=self.user("inspector1"), case=case, cause="电缆终端头受潮，绝缘击穿。",
                                   now=self.now - timedelta(hours=2))
        if restored:
            services.case_confirm_cause_removed(actor=self.user("inspector1"), case=case,
                                                note="客户已更换终端头，试验合格。", now=self.now - timedelta(hours=1))
            services.case_restore(actor=self.user("inspector1"), case=case, now=self.now - timedelta(minutes=50))
        return services.case_end_investigation(actor=self.user("inspector1"), case=case,
                                               now=self.now - timedelta(minutes=30))

    def items_done(self, case, *, skip=()):
        for item, record in ITEM_RECORDS.items():
            if item not in skip:
                services.item_record(actor=self.user("inspector1"), case=case, item=item, record=record,
                                     now=self.now - timedelta(minutes=20))

    def issue(self, case, code, *, content=None, serve=True, at=None):
        at = at or self.now
        staff = self.user("inspector1")
        fresh = AccidentCase.objects.get(pk=case.pk)
        info = cases.info(fresh)
        filled = {**cases.DOCUMENTS[code].content(fresh), **(content or {})}
        draft = documents.document_create(actor=staff, case=info, doc_type_code=code, content=filled, now=at)
        documents.document_sign(actor=staff, document=draft, signer_role="INSPECTOR", signer_name="王建国",
                                png=ink_png(), now=at)
        document = documents.document_issue(actor=staff, document=draft, now=at)
        if serve:
            serving.service_record(actor=staff, document=document, method="SIGNED", signer_name="李强",
                                   customer_signature=ink_png(3), now=at + timedelta(minutes=1))
        return document

    def reported(self, customer, **kw) -> AccidentCase:
        case = self.investigated(customer, **kw)
        self.items_done(case)
        self.issue(case, "accident_report", at=self.now - timedelta(minutes=10))
        return services.case_file_report(actor=self.user("inspector1"), case=case, countermeasures="定期巡视电缆头。",
                                         now=self.now)

    def noticed(self, customer, *, due=date(2026, 10, 20), **kw) -> AccidentCase:
        case = self.reported(customer, **kw)
        self.issue(case, "accident_result_notice", content={"rectification_date": due.isoformat()})
        return services.case_issue_notice(actor=self.user("inspector1"), case=case, rectification_date=due,
                                          now=self.now + timedelta(minutes=5))


@pytest.fixture
def flow(example_user, now):
    return Flow(example_user, now)
