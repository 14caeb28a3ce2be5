"""Each rule of compliance by clause against hand-built cases: exact subject, complied, exceptions
and rate, and the exceptions naming exactly the late, refused or missing cases."""

from decimal import Decimal

import pytest

from tests.integration.compliance.conftest import SEPTEMBER, at, deadline
from utilicase.accidents.models import AccidentCase, DontLetGo, Item
from utilicase.compliance import selectors
from utilicase.compliance.domain import outcomes
from utilicase.compliance.registry import RULES, all_rules
from utilicase.enforcement.models import EnforcementCase, Path, Scope, Suspension, SuspensionApplication
from utilicase.fieldwork.models import FieldWorkOrder
from utilicase.inspections.models import InspectionOrder, OrderInspector
from utilicase.org.models import Certificate, User, Utility

pytestmark = pytest.mark.django_db


def _rule(key):
    return next(r for r in all_rules() if r.key == key)


def _run(key, unit, now):
    return selectors.evaluate(_rule(key), unit=unit, period=SEPTEMBER, now=now)


def _ids(outcome):
    return sorted((f.target_id, f.reason) for f in outcome.findings)


def test_every_deadline_kind_has_a_row_with_its_clause():
    rules = {r.deadline_kind: r for r in all_rules() if r.key.startswith("deadline:")}
    assert rules["inspection.rectification"].clause == "§2.5(3)"
    assert rules["complaint.form"].clause == "§6.6(6)"
    assert rules["complaint.reply"].clause == "§6.6(8)"
    assert (rules["complaint.redo"].clause, rules["complaint.redo"].audience) == ("§6.6(8)", "complaints")
    assert rules["enforcement.suspension_report"].clause == "§1.2(1)"
    assert rules["accidents.report"].clause == "§2.7(4)"
    assert rules["accident.rectification"].clause == "§2.7(6)"
    assert rules["fieldwork.delay_notice"].clause == "§4.4(3)"
    assert rules["report.reply"].clause == "§6.7(iii)(7)"


def test_generic_deadline_rule_counts_met_late_and_overdue(org, unit, later):
    kind, city, east = "inspection.rectification", unit("tf-power-city"), unit("tf-heat-east")
    on_time = deadline(kind, unit=city, start=at(9, 5), due=at(9, 10, 0), met=at(9, 9))
    late = deadline(kind, unit=city, start=at(9, 5), due=at(9, 10, 0), met=at(9, 11))
    overdue = deadline(kind, unit=city, start=at(9, 20), due=at(9, 25, 0))
    deadline(kind, unit=city, start=at(9, 28), due=at(10, 20, 0))  # pending: not due yet
    deadline(kind, unit=city, start=at(8, 25), due=at(9, 3, 0), met=at(9, 2))  # due in September, met
    out_of_scope = deadline(kind, unit=east, start=at(9, 5), due=at(9, 10, 0), met=at(9, 12))
    deadline(kind, unit=city, start=at(8, 1), due=at(8, 5, 0), met=at(8, 7))  # out of period
    deadline(kind, unit=city, start=at(9, 5), due=at(9, 10, 0), met=at(9, 10, 0))  # met at due: late

    power = _run(f"deadline:{kind}", unit("tf-power"), later)
    assert (power.subject, power.complied, power.exceptions, power.pending) == (6, 2, 3, 1)
    assert power.rate == Decimal("40.0")
    assert on_time.target_id not in {f.target_id for f in power.findings}
    reasons = {f.target_id: f.reason for f in power.findings}
    assert reasons[late.target_id] == outcomes.LATE
    assert reasons[overdue.target_id] == outcomes.OVERDUE

    company = _run(f"deadline:{kind}", unit("tianfu"), later)
    assert (company.subject, company.complied, company.exceptions) == (7, 2, 4)
    assert out_of_scope.target_id in {f.target_id for f in company.findings}


def test_reply_rate_counts_a_late_reply_as_replied(org, unit, later):
    kind, dept = "complaint.reply", unit("tf-power-marketing")
    deadline(kind, unit=dept, start=at(9, 1), due=at(9, 8, 0), met=at(9, 7), target_type="complaints.complaint")
    deadline(kind, unit=dept, start=at(9, 1), due=at(9, 8, 0), met=at(9, 9), target_type="complaints.complaint")
    unanswered = deadline(kind, unit=dept, start=at(9, 10), due=at(9, 17, 0), target_type="complaints.complaint")
    rate = _run("complaints.reply_rate", unit("tf-power"), later)
    assert (rate.subject, rate.complied, rate.exceptions, rate.rate) == (3, 2, 1, Decimal("66.7"))
    assert _ids(rate) == [(unanswered.target_id, outcomes.MISSING)]
    on_time = _run("deadline:complaint.reply", unit("tf-power"), later)
    assert (on_time.subject, on_time.complied, on_time.exceptions) == (3, 1, 2)


def _admin_id() -> int:
    return User.objects.get(username="admin").pk


def _field_order(customer, office, *, slot_day, arrived, notified=None, month=9, late=0):
    return FieldWorkOrder.objects.create(
        number=f"XC-{FieldWorkOrder.objects.count() + 1}", kind="FAULT_REPAIR", utility=Utility.POWER,
        customer=customer, office=office, description="repair", created_by_id=_admin_id(),
        created_at=at(month, slot_day, 8), slot_start=at(month, slot_day, 9), slot_end=at(month, slot_day, 11),
        arrived_at=arrived, delay_notified_at=notified, minutes_late=late)


def test_punctuality_of_field_orders_4_4_3(org, customers, unit, later):
    power, heat = customers["power"], customers["heat"]
    city, east = unit("tf-power-city"), unit("tf-heat-east")
    _field_order(power, city, slot_day=10, arrived=at(9, 10, 10, 30))
    late = _field_order(power, city, slot_day=11, arrived=at(9, 11, 11, 20), late=20)
    _field_order(power, city, slot_day=12, arrived=at(9, 12, 11, 40), notified=at(9, 12, 8, 30), late=40)
    told_late = _field_order(power, city, slot_day=13, arrived=at(9, 13, 11, 40), notified=at(9, 13, 9, 30), late=40)
    _field_order(power, city, slot_day=14, arrived=None)  # not arrived: not subject
    _field_order(heat, east, slot_day=10, arrived=at(9, 10, 12))  # out of scope
    _field_order(power, city, slot_day=28, month=8, arrived=at(8, 28, 12))  # out of period
    outcome = _run("fieldwork.punctuality", unit("tf-power"), later)
    assert (outcome.subject, outcome.complied, outcome.exceptions, outcome.rate) == (4, 2, 2, Decimal("50.0"))
    assert _ids(outcome) == sorted([(str(late.pk), outcomes.LATE), (str(told_late.pk), outcomes.LATE)])
    assert {f.case_number for f in outcome.findings} == {late.number, told_late.number}


def _accident(customer, office, *, closed, items):
    case = AccidentCase.objects.create(
        number=f"SG-{AccidentCase.objects.count() + 1}", utility=Utility.POWER, customer=customer, office=office,
        description="accident", reported_at=at(8, 20), created_by_id=_admin_id(), created_at=at(8, 20), closed_at=closed,
        status="CLOSED" if closed else "REPORTED")
    for value in items:
        DontLetGo.objects.create(case=case, item=value, record="done", done_at=at(8, 25))
    return case


def test_four_dont_let_go_on_closed_accidents_2_7_4(org, customers, unit, later):
    power, heat = customers["power"], customers["heat"]
    city, east = unit("tf-power-city"), unit("tf-heat-east")
    every = [value for value, _label in Item.choices]
    _accident(power, city, closed=at(9, 5), items=every)
    missing = _accident(power, city, closed=at(9, 6), items=every[:3])
    DontLetGo.objects.create(case=missing, item=every[3], record="", done_at=None)  # listed, not done
    _accident(heat, east, closed=at(9, 6), items=[])  # out of scope
    _accident(power, city, closed=at(8, 30), items=[])  # out of period
    _accident(power, city, closed=None, items=[])  # open: not subject
    outcome = _run("accidents.four_items", unit("tf-power"), later)
    assert (outcome.subject, outcome.complied, outcome.exceptions, outcome.rate) == (2, 1, 1, Decimal("50.0"))
    assert _ids(outcome) == [(str(missing.pk), outcomes.MISSING)]
    assert str(dict(Item.choices)[every[3]]) in outcome.findings[0].note


def _inspection(customer, office, organiser, *, arrived, approved, present):
    order = InspectionOrder.objects.create(
        number=f"JC-{InspectionOrder.objects.count() + 1}", kind="ROUTINE", status="ARRIVED", utility=Utility.POWER,
        customer=customer, office=office, purpose="check", organiser_unit=office, organiser=organiser,
        approval_unit=office, approver_role="office_head", planned_date=arrived.date(), approved_by=organiser,
        approved_at=approved, arrived_at=arrived, created_by=organiser, created_at=at(8, 1))
    for inspector, shown in present:
        certificate = Certificate.objects.filter(holder=inspector, utility=Utility.POWER).first() if shown else None
        OrderInspector.objects.create(order=order, inspector=inspector, present=True, certificate=certificate)
    return order


def test_approval_first_and_two_inspectors_2_4_3_and_2_4_4(org, customers, unit, example_user, later):
    head, one, two = example_user("office_head1"), example_user("inspector1"), example_user("inspector2")
    city, east = unit("tf-power-city"), unit("tf-heat-east")
    power, heat = customers["power"], customers["heat"]
    _inspection(power, city, head, arrived=at(9, 10), approved=at(9, 8), present=[(one, True), (two, True)])
    alone = _inspection(power, city, head, arrived=at(9, 11), approved=at(9, 8), present=[(one, True), (two, False)])
    approved_late = _inspection(power, city, head, arrived=at(9, 12), approved=at(9, 12, 15),
                                present=[(one, True), (two, True)])
    _inspection(heat, east, head, arrived=at(9, 12), approved=at(9, 13), present=[])  # out of scope
    _inspection(power, city, head, arrived=at(8, 12), approved=at(8, 13), present=[])  # out of period
    approval = _run("inspections.approval", unit("tf-power"), later)
    assert (approval.subject, approval.complied, approval.exceptions) == (3, 2, 1)
    assert _ids(approval) == [(str(approved_late.pk), outcomes.LATE)]
    two_on_site = _run("inspections.two_inspectors", unit("tf-power"), later)
    assert (two_on_site.subject, two_on_site.complied, two_on_site.exceptions) == (3, 2, 1)
    assert _ids(two_on_site) == [(str(alone.pk), outcomes.MISSING)]
    assert two_on_site.rate == Decimal("66.7")


def _suspension(customer, office, users, *, customer_class, path, suspended, reviewed=None, approved=None,
                rejected=None):
    inspector, deputy, company = users
    case = EnforcementCase.objects.create(
        number=f"WD-{EnforcementCase.objects.count() + 1}", kind="THEFT", source="ON_SITE", utility=Utility.POWER,
        customer=customer, office=office, customer_class=customer_class, voltage_level="10kV", facts="theft",
        discovered_at=at(9, 1), created_by=inspector, created_at=at(9, 1))
    application = None
    if reviewed or rejected:
        application = SuspensionApplication.objects.create(
            case=case, status="REJECTED" if rejected else "USED", reason="theft", applied_by=inspector,
            applied_at=at(9, 2), reviewed_by=deputy if reviewed else None, reviewed_at=reviewed,
            approved_by=company if approved else None, approved_at=approved,
            rejected_by=deputy if rejected else None, rejected_at=rejected)
    Suspension.objects.create(case=case, path=path, scope=Scope.FULL, application=application, suspended_at=suspended,
                              suspended_by=inspector, legal_basis="x", legal_basis_label="x",
                              customer_response="COOPERATED", recorded_at=suspended)
    return case


def test_two_level_approval_before_suspending_an_important_customer_1_2_2(org, customers, unit, example_user, later):
    users = (example_user("inspector1"), example_user("enterprise_deputy1"), example_user("company_deputy1"))
    city, east = unit("tf-power-city"), unit("tf-heat-east")
    power, heat = customers["power"], customers["heat"]
    _suspension(power, city, users, customer_class="IMPORTANT", path=Path.APPROVED, suspended=at(9, 7),
                reviewed=at(9, 5), approved=at(9, 6))
    late = _suspension(power, city, users, customer_class="IMPORTANT", path=Path.APPROVED, suspended=at(9, 7),
                       reviewed=at(9, 5), approved=at(9, 8))
    refused = _suspension(power, city, users, customer_class="IMPORTANT", path=Path.APPROVED, suspended=at(9, 9),
                          rejected=at(9, 8))
    _suspension(power, city, users, customer_class="RESIDENTIAL", path=Path.ON_SITE, suspended=at(9, 9))  # §1.2(1)
    _suspension(heat, east, users, customer_class="IMPORTANT", path=Path.APPROVED, suspended=at(9, 9))  # out of scope
    _suspension(power, city, users, customer_class="IMPORTANT", path=Path.APPROVED, suspended=at(8, 9))  # August
    outcome = _run("enforcement.approval", unit("tf-power"), later)
    assert (outcome.subject, outcome.complied, outcome.exceptions, outcome.rate) == (3, 1, 2, Decimal("33.3"))
    assert _ids(outcome) == sorted([(str(late.pk), outcomes.LATE), (str(refused.pk), outcomes.REFUSED)])


def test_registered_rules_cover_the_clauses_the_regulation_measures():
    clauses = {r.clause for r in all_rules()}
    assert {"§1.2(1)", "§1.2(2)", "§2.4(3)", "§2.4(4)", "§2.5(3)", "§2.7(4)", "§4.4(3)", "§6.6(6)", "§6.6(8)",
            "§6.7(iii)(7)"} <= clauses
    assert RULES["whistleblowing.reply_rate"].audience == "confidential"
