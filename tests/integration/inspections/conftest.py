"""Fixtures for the inspections tests: a power customer of 城区供电营业所 and `flow`, which takes
an inspection order through its stages with the demo users at pinned times (the pinned clock is
2026-09-30 10:00 Asia/Shanghai; inspector1 and inspector2 hold power certificates valid then)."""

from datetime import date, datetime, timedelta

import pytest

from tests.integration.customers.factories import CustomerFactory
from utilicase.inspections import services
from utilicase.inspections.models import InspectionOrder, Kind


@pytest.fixture
def customer(org):
    return CustomerFactory(office=org["tf-power-city"], account_number="1010000001", name="王建华",
                           contact_phone="13912345678")


@pytest.fixture
def other_customer(org):
    return CustomerFactory(office=org["tf-power-dev"], account_number="1020000001", name="开发区客户",
                           contact_phone="13912345679")


class Flow:
    def __init__(self, org, example_user, now: datetime, customer):
        self.org, self.user, self.now, self.customer = org, example_user, now, customer

    def order(self, *, kind=Kind.ROUTINE, actor="inspector1", inspectors=("inspector1", "inspector2"),
              customer=None, at=None, **kwargs) -> InspectionOrder:
        if kind == Kind.SPECIAL:
            kwargs.setdefault("trigger", "SUSPICION")
            kwargs.setdefault("suspicion_source", "METER_DATA" if kwargs["trigger"] == "SUSPICION" else "")
        return services.order_create(
            actor=self.user(actor), kind=kind, customer=customer or self.customer,
            purpose=kwargs.pop("purpose", "检查用电安全及计量装置。"), planned_date=kwargs.pop("planned_date", date(2026, 9, 30)),
            inspectors=[self.user(u) for u in inspectors], now=at or self.now - timedelta(days=2), **kwargs)

    def submitted(self, **kwargs) -> InspectionOrder:
        order = self.order(**kwargs)
        return services.order_submit(actor=order.organiser, order=order, now=self.now - timedelta(days=2))

    def approved(self, *, approver="office_head1", **kwargs) -> InspectionOrder:
        order = self.submitted(**kwargs)
        return services.order_approve(actor=self.user(approver), order=order, now=self.now - timedelta(days=1))

    def appointed(self, **kwargs) -> InspectionOrder:
        order = self.approved(**kwargs)
        return services.order_appoint(actor=self.user("inspector1"), order=order, appointment_at=self.now,
                                      contact="王建华（户主）", method="PHONE", now=self.now - timedelta(hours=20))

    def prepared(self, **kwargs) -> InspectionOrder:
        kind = kwargs.get("kind", Kind.ROUTINE)
        order = self.appointed(**kwargs) if kind == Kind.ROUTINE else self.approved(**kwargs)
        return services.order_prepare(actor=self.user("inspector1"), order=order, now=self.now - timedelta(hours=1))

    def arrived(self, **kwargs) -> InspectionOrder:
        order = self.prepared(**kwargs)
        return services.order_arrive(actor=self.user("inspector1"), order=order,
                                     present=[self.user("inspector1"), self.user("inspector2")],
                                     certificates_shown=True, now=self.now)

    def inspecting(self, **kwargs) -> InspectionOrder:
        order = self.arrived(**kwargs)
        return services.order_start_inspection(actor=self.user("inspector1"), order=order,
                                               now=self.now + timedelta(minutes=5))

    def finding(self, order, *, finding_type="SAFETY_DEFECT", rectify=True, due=date(2026, 10, 15), actor="inspector1",
                **kwargs):
        return services.finding_record(
            actor=self.user(actor), order=order, finding_type=finding_type,
            description=kwargs.pop("description", "配电箱接地线锈蚀断开。"), rectification_required=rectify,
            requirement="更换接地线并重新测试接地电阻。" if rectify else "", due_date=due if rectify else None,
            now=kwargs.pop("at", self.now + timedelta(minutes=20)), **kwargs)


@pytest.fixture
def flow(org, example_user, now, customer):
    return Flow(org, example_user, now, customer)


@pytest.fixture
def take(example_user, now, settings, tmp_path):
    """take(): a confirmed whistleblower report taken at the hall (seen by discipline1 alone)."""
    from utilicase.whistleblowing import services as reports

    settings.MEDIA_ROOT = tmp_path / "media"

    def take(username: str = "hall_staff1", **kwargs):
        args = {"channel": "PHONE", "received_at": now, "content": "举报：某户私拉乱接窃电XK7Q", "reporter_name": "钱秘密",
                "reporter_contact": "13955554444", "now": now, **kwargs}
        return reports.report_receive(actor=example_user(username), **args)

    return take


@pytest.fixture
def complaint(example_user, now):
    """A complaint taken at the hall by hall_staff1 (a tip-off about a neighbour's meter)."""
    from utilicase.complaints.services import complaint_receive

    return complaint_receive(actor=example_user("hall_staff1"), channel="PHONE", contact_name="李秀英",
                             contact_phone="13899001122", content="反映邻居电表被人动过", reception_started_at=now,
                             reception_ended_at=now, now=now)
