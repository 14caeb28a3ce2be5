"""The reports, accidents and enforcement panels against hand-built cases: one out of the
office head's scope and one outside the period in each, which must not count."""

import io
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from tests.integration.customers.factories import CustomerFactory
from utilicase.accidents.models import AccidentCase
from utilicase.calendar.models import Deadline
from utilicase.dashboards import selectors
from utilicase.dashboards.domain.period import month
from utilicase.dashboards.panels import ACCIDENTS, ENFORCEMENT, REPORTS
from utilicase.enforcement.models import (
    CustomerResponse,
    EnforcementCase,
    Kind,
    Path,
    Referral,
    Scope,
    Suspension,
)
from utilicase.whistleblowing import services as reports

pytestmark = pytest.mark.django_db


def at(text: str) -> datetime:
    return datetime.fromisoformat(text + "+08:00")


def _figures(panel, user, unit, now):
    return selectors.panel_figures(panel, user=user, unit=unit, period=month(now.date()), now=now)


def test_report_figures_s6_7_iii_7(example_user, org, now, settings, tmp_path):
    """R1 replied the next day; R2 replied on 09-29, past its 10 working days; R3 unanswered and
    overdue; R4 received in August. Only counts, and only for discipline inspection."""
    settings.MEDIA_ROOT = tmp_path
    staff, discipline = example_user("hall_staff1"), example_user("discipline1")

    def take(received: str):
        report, _ = reports.report_receive(actor=staff, channel="PHONE", received_at=at(received), content="举报",
                                           reporter_contact="13900000000", confirm=True, now=at(received))
        return report

    def reply(report, when: str):
        reports.report_investigate(actor=discipline, report=report, now=at(when))
        reports.report_note_add(actor=discipline, report=report, text="调查情况", now=at(when))
        reports.report_reply(actor=discipline, report=report, outcome="已查处", feedback_method="PHONE",
                             feedback_content="已反馈", feedback_at=at(when), now=at(when))

    reply(take("2026-09-01T10:00"), "2026-09-02T10:00")
    reply(take("2026-09-01T11:00"), "2026-09-29T10:00")
    take("2026-09-02T10:00")
    reply(take("2026-08-31T10:00"), "2026-09-01T10:00")
    f = _figures(REPORTS, discipline, org["tianfu"], now)
    assert f.counts == {"reports_received": 3, "reports_replied": 2, "reports_on_time": 1, "reports_overdue": 1}
    assert [value for _, value in f.rates] == [0.6667, 0.3333]
    assert _figures(REPORTS, example_user("company_deputy1"), org["tianfu"], now).counts["reports_received"] == 0
    on_time = selectors.figure_cases(REPORTS, key="reports_on_time", user=discipline, unit=org["tianfu"],
                                     period=month(now.date()), now=now)
    assert on_time.count() == 1


@pytest.fixture
def accidents(org, example_user):
    """City office, September: A report filed on time (compensation 1200.50), B report overdue
    (compensation 300), C no report due yet. Development zone: D on time. City, August: E."""
    head = example_user("office_head1")
    customer = CustomerFactory(office=org["tf-power-city"])

    def case(n, office, reported, due=None, met=None, compensation=None):
        deadline = None
        if due:
            deadline = Deadline.objects.create(kind="accidents.report", clause="§2.7(4)", target_type="accidents.accidentcase",
                                               target_id="0", working_days=5, due_date=at(due).date(), owner_unit=office, start_at=at(reported), due_at=at(due),
                                               met_at=at(met) if met else None, created_at=at(reported))
        return AccidentCase.objects.create(
            number=f"SG-T-{n}", utility="POWER", customer=customer, office=office, description="x",
            reported_at=at(reported), created_by=head, created_at=at(reported), report_deadline=deadline,
            compensation=Decimal(compensation or "0"),
            compensation_calculated_at=at(reported) if compensation else None)

    city, dev = org["tf-power-city"], org["tf-power-dev"]
    case(1, city, "2026-09-01T10:00", due="2026-09-10T00:00", met="2026-09-09T10:00", compensation="1200.50")
    case(2, city, "2026-09-02T10:00", due="2026-09-11T00:00", compensation="300")
    case(3, city, "2026-09-29T10:00")
    case(4, dev, "2026-09-01T10:00", due="2026-09-10T00:00", met="2026-09-09T10:00", compensation="99")
    case(5, city, "2026-08-20T10:00", due="2026-08-29T00:00", met="2026-08-28T10:00", compensation="50")


def test_accident_figures_s2_7_4(accidents, example_user, org, now):
    f = _figures(ACCIDENTS, example_user("office_head1"), org["tf-power-city"], now)
    assert f.counts == {"accidents": 3, "report_due": 2, "report_on_time": 1, "report_overdue": 1, "compensated": 2}
    assert f.amounts == {"compensation_amount": Decimal("1500.50")}
    assert [value for _, value in f.rates] == [0.5]
    whole = _figures(ACCIDENTS, example_user("enterprise_deputy1"), org["tf-power"], now)
    assert (whole.counts["accidents"], whole.amounts["compensation_amount"]) == (4, Decimal("1599.50"))


def test_enforcement_fees_and_kinds(org, example_user, now):
    head = example_user("office_head1")
    customer = CustomerFactory(office=org["tf-power-city"])

    def case(n, office, created, kind=Kind.THEFT, total=None, paid=False):
        return EnforcementCase.objects.create(
            number=f"WD-T-{n}", kind=kind, source="ON_SITE", utility="POWER", customer=customer, office=office,
            customer_class="RESIDENT", voltage_level="0.4kV", facts="x", discovered_at=at(created),
            created_by=head, created_at=at(created), total=Decimal(total or "0"),
            fees_calculated_at=at(created) if total else None, paid_at=at(created) + timedelta(days=3) if paid else None)

    city, dev = org["tf-power-city"], org["tf-power-dev"]
    a = case(1, city, "2026-09-01T10:00", total="1000.00", paid=True)
    case(2, city, "2026-09-02T10:00", total="250.25")
    case(3, city, "2026-09-03T10:00", kind=Kind.VIOLATION)
    case(4, dev, "2026-09-03T10:00", total="777")
    case(5, city, "2026-08-03T10:00", total="888", paid=True)
    Referral.objects.create(case=a, reason=Referral._meta.get_field("reason").choices[0][0],
                            recipient=Referral._meta.get_field("recipient").choices[0][0], clause="§3.4",
                            referred_on=at("2026-09-05T10:00").date(), documents="x", recorded_by=head,
                            recorded_at=at("2026-09-05T10:00"))
    b = EnforcementCase.objects.get(number="WD-T-2")
    for case_, path in ((a, Path.ON_SITE), (b, Path.APPROVED)):
        Suspension.objects.create(case=case_, path=path, scope=Scope.FULL, suspended_at=at("2026-09-10T08:00"),
                                  suspended_by=head, legal_basis="x", legal_basis_label="x",
                                  customer_response=CustomerResponse.COOPERATED, recorded_at=at("2026-09-10T08:00"))
    # a: suspended 09-10 08:00, restored 14:00 (6 h); b: suspended, not restored
    EnforcementCase.objects.filter(pk=a.pk).update(restored_at=at("2026-09-10T14:00"))
    f = _figures(ENFORCEMENT, head, city, now)
    assert f.counts == {"cases": 3, "assessed": 2, "collected": 1, "outstanding": 1, "suspended_on_site": 1,
                        "suspended_approved": 1, "restored": 1, "referred": 1}
    assert f.durations == {"restoration_hours": 6.0}
    assert f.amounts == {"assessed_amount": Decimal("1250.25"), "collected_amount": Decimal("1000.00"),
                         "outstanding_amount": Decimal("250.25")}
    assert {g.value: g.count for g in f.groups["cases_by_kind"]} == {Kind.THEFT: 2, Kind.VIOLATION: 1}


def test_plan_completion_by_office_and_month_s2_5_1(org, example_user, now, client, monkeypatch):
    """City office, September plan: 3 customers, 1 inspected (order closed), 1 order still
    approved, 1 without an order; an entry planned for August. Development zone: 1 inspected."""
    from datetime import date

    from utilicase.inspections.models import InspectionOrder, InspectionPlan, PlanEntry, Status

    head = example_user("office_head1")
    city, dev = org["tf-power-city"], org["tf-power-dev"]
    customers = [CustomerFactory(office=city) for _ in range(5)]

    def plan(office, day):
        return InspectionPlan.objects.create(office=office, utility="POWER", month_date=day.replace(day=1),
                                             created_by=head, created_at=at("2026-08-25T10:00"))

    def order(n, office, day, status):
        return InspectionOrder.objects.create(
            number=f"JC-T-{n}", kind="ROUTINE", status=status, utility="POWER", customer=customers[0], office=office,
            purpose="x", organiser_unit=office, organiser=head, approval_unit=office, approver_role="office_head",
            planned_date=day, created_by=head, created_at=at("2026-08-26T10:00"), approved_at=at("2026-08-27T10:00"))

    september, august = plan(city, date(2026, 9, 1)), plan(city, date(2026, 8, 1))
    PlanEntry.objects.create(plan=september, customer=customers[0], planned_date=date(2026, 9, 3),
                             order=order(1, city, date(2026, 9, 3), Status.CLOSED))
    PlanEntry.objects.create(plan=september, customer=customers[1], planned_date=date(2026, 9, 10),
                             order=order(2, city, date(2026, 9, 10), Status.APPROVED))
    PlanEntry.objects.create(plan=september, customer=customers[2], planned_date=date(2026, 9, 20))
    PlanEntry.objects.create(plan=august, customer=customers[3], planned_date=date(2026, 8, 20),
                             order=order(3, city, date(2026, 8, 20), Status.CLOSED))
    PlanEntry.objects.create(plan=plan(dev, date(2026, 9, 1)), customer=customers[4], planned_date=date(2026, 9, 4),
                             order=order(4, dev, date(2026, 9, 4), Status.ARCHIVED))
    from utilicase.dashboards.panels import ORDERS, PLANS

    f = _figures(PLANS, head, city, now)
    assert f.counts == {"planned": 3, "plan_done": 1}
    assert [value for _, value in f.rates] == [0.3333]
    assert [(g.label, g.count, g.part) for g in f.groups["plan_by_month"]] == [("2026-09", 3, 1)]
    deputy = _figures(PLANS, example_user("enterprise_deputy1"), org["tf-power"], now)
    assert sorted((g.label, g.count, g.part) for g in deputy.groups["plan_by_office"]) == sorted(
        [(dev.name, 1, 1), (city.name, 3, 1)])
    orders = _figures(ORDERS, head, city, now)
    assert {g.value: g.count for g in orders.groups["orders_by_stage"]} == {Status.CLOSED: 1, Status.APPROVED: 1}
    listed = selectors.figure_cases(PLANS, key="plan_by_month", user=head, unit=city, period=month(now.date()),
                                    now=now, value="2026-09-01", only="plan_done")
    assert [e.order.number for e in listed] == ["JC-T-1"]
    monkeypatch.setattr("django.utils.timezone.now", lambda: now)
    client.force_login(head)
    page = client.get("/dashboards/inspections/planned/", {"period": "2026-09"})
    assert page.context["page"].paginator.count == 3
    assert sum(1 for r in page.context["rows"] if r["href"]) == 2  # the entries with an order link to it
    book = load_workbook(io.BytesIO(client.get("/dashboards/inspections/", {"period": "2026-09",
                                                                              "export": "xlsx"}).content))
    rows = {(r[0], r[1]): r[2] for r in book.active.values}
    assert rows[("检查计划完成情况", "计划检查客户")] == 3 and rows[("检查计划完成情况", "计划完成率")] == "33.3%"
