"""Fixtures for the complaints tests: the seeded categories (a transactional test elsewhere may
have flushed them), a customer of the power enterprise, and `flow`, which takes a complaint
through its steps with the demo users at pinned times."""

import importlib
from datetime import datetime, timedelta

import pytest

from tests.integration.customers.factories import CustomerFactory
from utilicase.complaints import services
from utilicase.complaints.models import Channel, Complaint, ComplaintCategory, Impact, ReplyMethod

SEED = importlib.import_module("utilicase.complaints.migrations.0002_seed_categories").CATEGORIES


def ensure_categories() -> None:
    for position, (code, name) in enumerate(SEED, start=1):
        ComplaintCategory.objects.get_or_create(code=code, defaults={"name": name, "position": position * 10})


@pytest.fixture(autouse=True)
def categories(db):
    ensure_categories()


@pytest.fixture
def customer(org):
    return CustomerFactory(office=org["tf-power-city"], account_number="1010000001", name="王建华",
                           contact_phone="13912345678")


class Flow:
    """Each step at `at` (default: the step's natural time after the pinned clock)."""

    def __init__(self, org, example_user, now: datetime):
        self.org, self.user, self.now = org, example_user, now

    def receive(self, *, actor="hall_staff1", channel=Channel.PHONE, started_at: datetime | None = None,
                minutes: int = 10, now: datetime | None = None, **kwargs) -> Complaint:
        started = started_at or self.now - timedelta(minutes=minutes)
        ended = started + timedelta(minutes=minutes)
        kwargs.setdefault("contact_name", "李秀英")
        kwargs.setdefault("contact_phone", "13899001122")
        return services.complaint_receive(
            actor=self.user(actor), channel=channel, content=kwargs.pop("content", "电费突增，要求核查电表。"),
            reception_started_at=started, reception_ended_at=ended, now=now or ended, **kwargs)

    def complete_form(self, c, *, actor="hall_staff1", at=None):
        return services.complaint_form_complete(actor=self.user(actor), complaint=c,
                                                now=at or c.reception_ended_at + timedelta(minutes=5))

    def confirm(self, c, *, actor="hall_staff1", at=None, **proof):
        """A call is read back and answered; a visit is confirmed by the phone the customer leaves."""
        proof = proof or ({"method": "CONTACT", "contact": "13899001122"} if c.channel == Channel.VISIT
                          else {"method": "READ_BACK", "answer": "客户确认记录无误。"})
        return services.complaint_record_confirm(actor=self.user(actor), complaint=c,
                                                 now=at or c.reception_ended_at + timedelta(minutes=6), **proof)

    def assess(self, c, *, actor="hall_staff1", at=None, at_fault=False, category="metering-billing"):
        return services.complaint_assess(
            actor=self.user(actor), complaint=c, category=ComplaintCategory.objects.get(code=category),
            impact=Impact.MODERATE, is_valid=True, validity_reason="电表运行异常，情况属实。",
            company_at_fault=at_fault, apology_text="非常抱歉给您带来不便。" if at_fault else "",
            now=at or c.reception_ended_at + timedelta(minutes=10))

    def route(self, c, *, actor="hall_staff1", unit="tf-power-marketing", handler="handler1", at=None):
        return services.complaint_route(actor=self.user(actor), complaint=c, unit=self.org[unit],
                                        handler=self.user(handler) if handler else None,
                                        now=at or c.reception_ended_at + timedelta(minutes=20))

    def reply(self, c, *, actor="handler1", at=None):
        return services.complaint_reply(actor=self.user(actor), complaint=c, method=ReplyMethod.PHONE,
                                        content="已核查电表并更换，多收电费予以退还。",
                                        now=at or c.reception_ended_at + timedelta(days=1))

    def close(self, c, *, actor="hall_staff1", at=None):
        return services.complaint_close(actor=self.user(actor), complaint=c,
                                        now=at or c.reception_ended_at + timedelta(days=1, hours=1))

    def assessed(self, **kwargs) -> Complaint:
        c = self.receive(**kwargs)
        self.complete_form(c)
        self.confirm(c)
        return self.assess(c)

    def routed(self, **kwargs) -> Complaint:
        return self.route(self.assessed(**kwargs))

    def replied(self, **kwargs) -> Complaint:
        c = self.routed(**kwargs)
        self.reply(c)
        return Complaint.objects.get(pk=c.pk)


@pytest.fixture
def flow(org, example_user, now):
    return Flow(org, example_user, now)
