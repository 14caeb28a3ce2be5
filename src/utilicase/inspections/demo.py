"""Demo inspections, written through the services (numbers, deadlines, audit events): this
month's plan of 城区供电营业所 for power with four customers and its routine orders in different
stages (a draft, one waiting for office_head1's approval, one booked, one inspected with a finding
whose rectification is open); a special inspection started by a meter-data anomaly, organised and
approved by the power enterprise's deputy, prepared and not announced; and an inspection of
twenty days ago whose rectification deadline has passed (the overdue work list).

Needs the demo organisation and at least four power customers of 城区供电营业所 (the demo
customers); without them it makes nothing."""

import calendar
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from utilicase.customers.models import Customer
from utilicase.inspections import services
from utilicase.inspections.models import InspectionOrder, Kind
from utilicase.org.models import Unit, User

PRESENT = ("inspector1", "inspector2")


def _month_day(today: date, offset: int) -> date:
    last = calendar.monthrange(today.year, today.month)[1]
    return today.replace(day=min(max(today.day + offset, 1), last))


def _on_site(order: InspectionOrder, users: dict[str, User], *, at: datetime, book: bool = True) -> InspectionOrder:
    inspector = users["inspector1"]
    if book:
        order = services.order_appoint(actor=inspector, order=order, appointment_at=at, contact="户主本人",
                                       method="PHONE", now=at - timedelta(hours=20))
    order = services.order_prepare(actor=inspector, order=order, now=at - timedelta(hours=1))
    order = services.order_arrive(actor=inspector, order=order, present=[users[u] for u in PRESENT],
                                  certificates_shown=True, now=at)
    return services.order_start_inspection(actor=inspector, order=order, now=at + timedelta(minutes=5))


@transaction.atomic
def make_demo_inspections(*, now: datetime) -> list[InspectionOrder]:
    users = {u.username: u for u in User.objects.filter(username__in=[
        "inspector1", "inspector2", "office_head1", "enterprise_deputy1"]).select_related("unit")}
    office = Unit.objects.filter(code="tf-power-city").first()
    if office is None or len(users) < 4:
        return []
    customers = list(Customer.objects.filter(office=office, enterprise__utility="POWER")
                     .select_related("office", "enterprise").order_by("account_number")[:6])
    if len(customers) < 6:
        return []
    head, inspector = users["office_head1"], users["inspector1"]
    today = timezone.localtime(now).date()
    pair = [users[u] for u in PRESENT]

    plan = services.plan_create(actor=head, office=office, utility="POWER", month_date=today, now=now)
    for i, customer in enumerate(customers[:4]):
        services.plan_entry_add(actor=head, plan=plan, customer=customer, planned_date=_month_day(today, i - 1),
                                inspectors=pair, now=now)
    draft, waiting, booked, inspected = services.plan_generate_orders(actor=head, plan=plan, now=now)
    made = [draft]

    made.append(services.order_submit(actor=head, order=waiting, now=now))

    for order in (booked, inspected):
        services.order_submit(actor=head, order=order, now=now - timedelta(days=2))
        services.order_approve(actor=head, order=order, now=now - timedelta(days=2) + timedelta(hours=1))
    made.append(services.order_appoint(actor=inspector, order=booked, appointment_at=now + timedelta(days=1),
                                       contact="户主本人", method="PHONE", now=now - timedelta(hours=1)))

    inspected = _on_site(inspected, users, at=now - timedelta(minutes=50))
    services.order_record_operation(actor=inspector, order=inspected, equipment="总开关", operation="分闸检查漏电保护",
                                    consent=True, consent_by="户主本人", operator_name="客户电工刘强",
                                    now=now - timedelta(minutes=40))
    services.finding_record(actor=inspector, order=inspected, finding_type="SAFETY_DEFECT",
                            description="配电箱接地线锈蚀断开，漏电保护器不动作。", rectification_required=True,
                            requirement="更换接地线和漏电保护器，重新测试接地电阻。", due_date=today + timedelta(days=15),
                            now=now - timedelta(minutes=30))
    made.append(services.order_leave(actor=inspector, order=inspected, now=now - timedelta(minutes=10)))

    # A special inspection started by a meter-data anomaly: never announced.
    deputy = users["enterprise_deputy1"]
    special = services.order_create(
        actor=deputy, kind=Kind.SPECIAL, customer=customers[4], purpose="计量数据异常，核查是否存在窃电行为。",
        items="计量装置、封印、接线", planned_date=today, inspectors=pair, support_police=True,
        trigger="SUSPICION", suspicion_source="METER_DATA",
        trigger_note="用电信息采集系统显示近三个月用电量下降80%，负荷曲线异常。", now=now - timedelta(days=1))
    services.order_submit(actor=deputy, order=special, now=now - timedelta(days=1))
    services.order_approve(actor=deputy, order=special, now=now - timedelta(hours=20))
    made.append(services.order_prepare(actor=inspector, order=special, now=now - timedelta(hours=2)))

    # Twenty days ago, outside the plan: its rectification is now overdue.
    past = now - timedelta(days=20)
    old = services.order_create(actor=inspector, kind=Kind.ROUTINE, customer=customers[5], purpose="用电安全检查。",
                                planned_date=timezone.localtime(past).date(), inspectors=pair, now=past)
    services.order_submit(actor=inspector, order=old, now=past)
    services.order_approve(actor=head, order=old, now=past + timedelta(hours=1))
    old = _on_site(old, users, at=past + timedelta(days=1))
    services.finding_record(actor=inspector, order=old, finding_type="NATIONAL_RULES",
                            description="擅自将居民照明用电改为经营性用电。", rectification_required=True,
                            requirement="恢复原用电性质或办理变更用电手续。", due_date=today - timedelta(days=5),
                            now=past + timedelta(days=1, minutes=30))
    services.order_leave(actor=inspector, order=old, now=past + timedelta(days=1, hours=1))
    made.append(services.order_archive(actor=inspector, order=old, now=past + timedelta(days=2)))
    return made
