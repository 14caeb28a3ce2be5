"""The enforcement case's rules and refusals (§1.1, §1.2, §1.3, §2.6(2)-(5)), through its services."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from tests.integration.enforcement.conftest import BASIS, LARGE_THEFT, THEFT_1000_KWH
from utilicase.audit.models import AuditEvent
from utilicase.calendar.models import Deadline
from utilicase.core.rules import RuleViolation
from utilicase.enforcement import selectors, services
from utilicase.enforcement.models import EnforcementCase, Referral, Suspension
from utilicase.enforcement.permissions import NotAllowed

pytestmark = pytest.mark.django_db

TARGET = "enforcement.enforcementcase"


def _fresh(case):
    return EnforcementCase.objects.get(pk=case.pk)


# -- opening, stopping the act (§2.6(2)-(3)) ---------------------------------------------------------------

def test_2_6_2_a_case_opened_on_site_is_numbered_and_keeps_the_customer_class(flow, residential):
    case = flow.opened(residential)
    assert case.number == "CC2026000001"
    assert (case.status, case.supply, case.kind, case.source) == ("DISCOVERED", "NORMAL", "THEFT", "ON_SITE")
    assert (case.customer_class, case.voltage_level, case.utility) == ("RESIDENTIAL", "LOW", "POWER")
    assert sorted(u.username for u in case.inspectors.all()) == ["inspector1", "inspector2"]
    event = AuditEvent.objects.get(action="enforcement.case.opened")
    assert event.clause == "§2.6(2)" and event.target_id == str(case.pk)
    assert AuditEvent.objects.get(action="enforcement.case.act_stopped").clause == "§2.6(3)"


def test_2_6_2_an_inspector_of_another_office_may_not_open_a_case(flow, other_office_customer):
    with pytest.raises(NotAllowed):
        flow.opened(other_office_customer)


def test_2_6_3_act_stopped_needs_how(flow, residential, example_user, now):
    with pytest.raises(services.EnforcementInvalid) as exc:
        services.case_open(actor=example_user("inspector1"), kind="THEFT", customer=residential, facts="窃电",
                           discovered_at=now - timedelta(hours=1), act_stopped_at=now, act_stopped_how="", now=now)
    assert set(exc.value.errors) == {"act_stopped_how"}


def test_2_6_3_notice_not_served_is_refused_before_the_stop_is_recorded(flow, residential, example_user, now):
    case = flow.opened(residential, stopped=False)
    with pytest.raises(RuleViolation) as exc:
        services.case_serve_notice(actor=example_user("inspector1"), case=case, now=now)
    assert exc.value.clause == "§2.6(3)" and "制止" in exc.value.message
    # and the violation notice cannot be drafted before the stop either (documents precondition)
    from utilicase.enforcement.cases import violation_notice_refusal
    assert violation_notice_refusal(_fresh(case)).clause == "§2.6(3)"


def test_2_6_3_serve_notice_refused_until_the_violation_notice_is_served(flow, residential, example_user, now):
    case = flow.opened(residential)
    flow.issue(case, "violation_notice", content={"legal_basis": BASIS}, serve=False)
    with pytest.raises(RuleViolation) as exc:
        services.case_serve_notice(actor=example_user("inspector1"), case=case, now=now)
    assert exc.value.clause == "§2.6(3)" and "送达" in exc.value.message
    assert _fresh(case).status == "DISCOVERED"


# -- fees (§2.6(4)) -------------------------------------------------------------------------------------------

def test_2_6_4_fees_are_calculated_with_their_breakdown_and_charged_per_fee_type(flow, residential):
    case = flow.charged(residential)
    assert case.status == "FEES_DUE"
    assert (case.back_billing, case.violation_fee, case.total) == (Decimal("510.00"), Decimal("1530.00"),
                                                                   Decimal("2040.00"))
    assert case.rule_set == "GB-1996"
    assert [line["rule"] for line in selectors.fee_lines(case=case)][-1] == "GB-1996 Art.102"
    rows = list(selectors.receivables(case=case).values_list("fee_type", "amount", "due_date"))
    assert rows == [("BACK_BILLING", Decimal("510.00"), date(2026, 10, 15)),
                    ("VIOLATION_FEE", Decimal("1530.00"), date(2026, 10, 15))]
    assert selectors.balance(case) == Decimal("2040.00")


def test_2_6_4_bad_calculator_input_names_the_field(flow, residential, example_user, now):
    case = flow.noticed(residential)
    with pytest.raises(services.EnforcementInvalid) as exc:
        services.case_calculate_fees(actor=example_user("inspector1"), case=case,
                                     data={"kind": "theft", "utility": "electricity", "rule_set": "GB-1996",
                                           "act_date": "2026-09-01", "customer_type": "residential",
                                           "stolen_kwh": 10, "price_yuan_per_kwh": 0.5}, now=now)
    assert "data.rule_set" in exc.value.errors
    assert _fresh(case).status == "NOTICE_SERVED"


def test_2_6_4_fees_cannot_be_calculated_before_the_notice_is_served(flow, residential, example_user, now):
    case = flow.opened(residential)
    with pytest.raises(RuleViolation) as exc:
        services.case_calculate_fees(actor=example_user("inspector1"), case=case, data={}, now=now)
    assert exc.value.clause == "§2.6(4)"


def test_2_6_4_payment_in_full_moves_the_case_to_paid_partial_does_not(flow, residential, example_user, now):
    from utilicase.billing import services as billing

    case = flow.charged(residential)
    first = selectors.receivables(case=case).first()
    billing.payment_record(actor=example_user("inspector1"), receivable=first, amount=first.balance,
                           receipt_number="SJ-1", paid_at=now, source="MANUAL", now=now + timedelta(hours=1))
    assert _fresh(case).status == "FEES_DUE"
    case = flow.pay_all(case)
    assert case.status == "PAID" and case.paid_at is not None
    assert AuditEvent.objects.get(action="enforcement.case.paid").clause == "§2.6(4)"


# -- §1.2(1): residential or general customer's theft -----------------------------------------------------

def test_1_2_1_residential_theft_is_suspended_on_site_at_once_with_a_report_deadline(flow, residential, now):
    case = flow.opened(residential)
    suspension = flow.suspend(case, police_called_at=now - timedelta(minutes=20),
                              superior_reported_at=now - timedelta(minutes=15), superior_name="张志强",
                              customer_response="OBSTRUCTED")
    case = _fresh(case)
    assert case.supply == "SUSPENDED" and case.status == "DISCOVERED"
    assert suspension.path == "ON_SITE" and suspension.legal_basis == BASIS and "第一百零二条" in suspension.legal_basis_label
    deadline = Deadline.objects.get(pk=suspension.report_deadline_id)
    # 2026-09-30 is the last working day before the National Day holiday: one working day → 10-09.
    assert deadline.kind == "enforcement.suspension_report" and deadline.clause == "§1.2(1)"
    assert deadline.due_at.date().isoformat() >= "2026-10-08"
    assert case.next_due_at == deadline.due_at
    assert AuditEvent.objects.get(action="enforcement.supply.suspended").clause == "§1.2(1)"
    assert AuditEvent.objects.get(action="enforcement.supply.obstruction_recorded").clause == "§1.3"


def test_1_2_1_report_overdue_until_filed(flow, residential, example_user, now):
    case = flow.opened(residential)
    suspension = flow.suspend(case)
    later = suspension.report_due_at + timedelta(hours=1)
    head = example_user("office_head1")
    assert [s.pk for s in selectors.overdue_reports(user=head, now=later)] == [suspension.pk]
    assert list(selectors.overdue_reports(user=head, now=now)) == []
    services.suspension_report(actor=example_user("inspector1"), suspension=suspension, text="已现场停电。", now=later)
    assert list(selectors.overdue_reports(user=head, now=later)) == []
    assert _fresh(case).next_due_at is None
    event = AuditEvent.objects.get(action="enforcement.supply.reported")
    assert event.clause == "§1.2(1)" and event.after["late"] is True


def test_1_2_1_report_deadline_follows_the_setting(flow, residential, settings):
    settings.ENFORCEMENT_REPORT_WORKING_DAYS = 3
    case = flow.opened(residential)
    three = flow.suspend(case).report_due_at
    settings.ENFORCEMENT_REPORT_WORKING_DAYS = 1
    assert three.date() > date(2026, 10, 9)


def test_1_2_1_violation_not_theft_is_not_suspended_on_site(flow, residential):
    case = flow.opened(residential, kind="VIOLATION")
    with pytest.raises(RuleViolation) as exc:
        flow.suspend(case)
    assert exc.value.clause == "§1.1"
    assert _fresh(case).supply == "NORMAL"


def test_1_3_legal_basis_must_come_from_the_catalogue(flow, residential):
    case = flow.opened(residential)
    with pytest.raises(RuleViolation) as exc:
        flow.suspend(case, legal_basis="随便说的")
    assert exc.value.clause == "§1.3"


def test_1_3_police_call_needs_the_report_to_the_superior(flow, residential, now):
    case = flow.opened(residential)
    with pytest.raises(RuleViolation) as exc:
        flow.suspend(case, police_called_at=now - timedelta(minutes=5), customer_response="OBSTRUCTED")
    assert exc.value.clause == "§1.3"
    with pytest.raises(RuleViolation) as exc:
        flow.suspend(case, superior_reported_at=now - timedelta(minutes=5), customer_response="OBSTRUCTED")
    assert exc.value.clause == "§1.3" and "上级" in exc.value.message
    assert Suspension.objects.count() == 0


def test_1_2_limited_supply_is_recorded_as_limited(flow, residential):
    case = flow.opened(residential)
    flow.suspend(case, scope="LIMITED")
    assert _fresh(case).supply == "LIMITED"
    assert AuditEvent.objects.filter(action="enforcement.supply.limited").count() == 1


# -- restoration (§2.6(4)) ------------------------------------------------------------------------------------

def test_2_6_4_restoration_refused_until_paid_corrected_and_liability_borne(flow, residential, example_user, now):
    inspector = example_user("inspector1")
    case = flow.opened(residential)
    flow.suspend(case)
    flow.issue(case, "violation_notice", content={"legal_basis": BASIS})
    services.case_serve_notice(actor=inspector, case=case, now=now)
    case = services.case_calculate_fees(actor=inspector, case=case, data=THEFT_1000_KWH, now=now)
    services.case_charge(actor=inspector, case=case, due_date=date(2026, 10, 15), now=now)
    with pytest.raises(RuleViolation) as exc:
        services.case_restore(actor=inspector, case=case, now=now)
    assert exc.value.clause == "§2.6(4)" and "交清" in exc.value.message
    case = flow.pay_all(case)
    with pytest.raises(RuleViolation) as exc:
        services.case_restore(actor=inspector, case=case, now=now + timedelta(days=2))
    assert exc.value.clause == "§2.6(4)" and "整改" in exc.value.message
    services.case_accept_correction(actor=inspector, case=case, note="已整改。", now=now + timedelta(days=2))
    with pytest.raises(RuleViolation) as exc:
        services.case_restore(actor=inspector, case=case, now=now + timedelta(days=2))
    assert exc.value.clause == "§2.6(4)" and "责任" in exc.value.message
    services.case_record_liability(actor=inspector, case=case, note="已承担。", now=now + timedelta(days=2))
    case = services.case_restore(actor=inspector, case=case, now=now + timedelta(days=2))
    assert case.supply == "RESTORED"
    assert Suspension.objects.get(case=case).restored_at == now + timedelta(days=2)
    case = services.case_close(actor=example_user("office_head1"), case=case, now=now + timedelta(days=3))
    assert case.status == "CLOSED"


def test_2_6_4_a_suspended_case_is_not_closed(flow, residential, example_user, now):
    case = flow.charged(residential)
    flow.suspend(case)
    case = flow.pay_all(case)
    flow.corrected(case)
    with pytest.raises(RuleViolation) as exc:
        services.case_close(actor=example_user("office_head1"), case=case, now=now + timedelta(days=3))
    assert exc.value.clause == "§2.6(4)" and "恢复供电" in exc.value.message


def test_2_6_4_restoration_notice_only_after_a_suspension(flow, residential):
    from utilicase.enforcement.cases import restoration_notice_refusal

    case = flow.opened(residential)
    assert restoration_notice_refusal(_fresh(case)).clause == "§2.6(4)"
    flow.suspend(case)
    assert restoration_notice_refusal(_fresh(case)) is None


# -- §1.2(2): important customer ------------------------------------------------------------------------------

def test_1_2_2_important_customer_suspension_refused_without_approval(flow, important):
    case = flow.opened(important)
    with pytest.raises(RuleViolation) as exc:
        flow.suspend(case)
    assert exc.value.clause == "§1.2(2)"


def test_1_2_2_review_then_approval_by_different_people_then_suspension(flow, important, example_user, now):
    case = flow.opened(important)
    application = services.application_submit(actor=example_user("inspector1"), case=case, reason="高压窃电，申请停电。",
                                              now=now)
    with pytest.raises(RuleViolation) as exc:  # approval before the review
        services.application_approve(actor=example_user("company_deputy1"), application=application, now=now)
    assert exc.value.clause == "§1.2(2)" and "先经企业主管副经理审核" in exc.value.message
    with pytest.raises(RuleViolation) as exc:  # the office head is not the reviewer
        services.application_review(actor=example_user("office_head1"), application=application, now=now)
    assert exc.value.clause == "§1.2(2)"
    services.application_review(actor=example_user("enterprise_deputy1"), application=application, comment="同意上报",
                                now=now + timedelta(minutes=5))
    with pytest.raises(RuleViolation) as exc:  # still refused: reviewed, not yet approved
        flow.suspend(case)
    assert exc.value.clause == "§1.2(2)"
    with pytest.raises(RuleViolation) as exc:  # the reviewer may not approve
        services.application_approve(actor=example_user("enterprise_deputy1"), application=application, now=now)
    assert exc.value.clause == "§1.2(2)"
    application = services.application_approve(actor=example_user("company_deputy1"), application=application,
                                               comment="批准", now=now + timedelta(minutes=10))
    assert application.status == "APPROVED"
    suspension = flow.suspend(case, at=now + timedelta(minutes=30))
    assert suspension.path == "APPROVED" and suspension.application_id == application.pk
    assert suspension.report_deadline_id is None
    assert _fresh(case).supply == "SUSPENDED"
    application.refresh_from_db()
    assert application.status == "USED"
    assert [e.action for e in AuditEvent.objects.filter(action__startswith="enforcement.application").order_by("seq")] \
        == ["enforcement.application.submitted", "enforcement.application.reviewed", "enforcement.application.approved"]


def test_1_2_2_same_person_cannot_review_and_approve(flow, important, example_user, now):
    from utilicase.enforcement.domain import transitions as table

    facts = table.ApplicationFacts(actor_role="company_deputy", actor_in_place=True, actor_is_reviewer=True)
    refused = table.application_refusal("approve", "PENDING_APPROVAL", facts)
    assert refused is not None and refused.clause == "§1.2(2)"


def test_1_2_2_rejection_ends_the_application_with_its_reason(flow, important, example_user, now):
    case = flow.opened(important)
    application = services.application_submit(actor=example_user("inspector1"), case=case, reason="申请停电", now=now)
    with pytest.raises(RuleViolation) as exc:
        services.application_reject(actor=example_user("enterprise_deputy1"), application=application, reason=" ",
                                    now=now)
    assert exc.value.clause == "§1.2(2)" and "理由" in exc.value.message
    application = services.application_reject(actor=example_user("enterprise_deputy1"), application=application,
                                              reason="证据不足，补充取证后再申请。", now=now)
    assert (application.status, application.rejection_reason) == ("REJECTED", "证据不足，补充取证后再申请。")
    with pytest.raises(RuleViolation) as exc:
        services.application_approve(actor=example_user("company_deputy1"), application=application, now=now)
    assert exc.value.clause == "§1.2(2)" and "已有决定" in exc.value.message
    with pytest.raises(RuleViolation):
        flow.suspend(case)
    # a new application may be made after a rejection
    again = services.application_submit(actor=example_user("inspector1"), case=case, reason="补充证据后再次申请", now=now)
    assert again.status == "PENDING_REVIEW"


def test_1_2_2_one_open_application_at_a_time(flow, important, example_user, now):
    case = flow.opened(important)
    services.application_submit(actor=example_user("inspector1"), case=case, reason="申请停电", now=now)
    with pytest.raises(RuleViolation) as exc:
        services.application_submit(actor=example_user("inspector2"), case=case, reason="再次申请", now=now)
    assert exc.value.clause == "§1.2(2)"


def test_1_2_2_no_application_for_a_residential_customer(flow, residential, example_user, now):
    case = flow.opened(residential)
    with pytest.raises(RuleViolation) as exc:
        services.application_submit(actor=example_user("inspector1"), case=case, reason="申请停电", now=now)
    assert exc.value.clause == "§1.2(2)"


def test_1_2_2_inbox_of_each_deputy(flow, important, example_user, now):
    case = flow.opened(important)
    application = services.application_submit(actor=example_user("inspector1"), case=case, reason="申请停电", now=now)
    enterprise, company = example_user("enterprise_deputy1"), example_user("company_deputy1")
    assert [a.pk for a in selectors.applications_to_decide(user=enterprise)] == [application.pk]
    assert list(selectors.applications_to_decide(user=company)) == []
    services.application_review(actor=enterprise, application=application, now=now)
    assert list(selectors.applications_to_decide(user=enterprise)) == []
    assert [a.pk for a in selectors.applications_to_decide(user=company)] == [application.pk]


# -- §1.1: unpaid fees ---------------------------------------------------------------------------------------

def test_1_1_suspension_notice_refused_before_the_due_date_then_issued_and_served(flow, residential, example_user, now):
    from utilicase.enforcement.cases import suspension_notice_refusal

    case = flow.charged(residential, kind="VIOLATION")
    assert suspension_notice_refusal(_fresh(case)).clause == "§1.1"
    with pytest.raises(RuleViolation) as exc:
        flow.suspend(case, at=now)
    assert exc.value.clause == "§1.1"


def test_1_1_unpaid_path_needs_the_served_suspension_notice_then_referral(flow, residential, example_user, now):
    from utilicase.enforcement.cases import suspension_notice_refusal

    case = flow.charged(residential, kind="VIOLATION", due=date(2026, 9, 30))
    later = now + timedelta(days=2)
    flow.now = later
    assert selectors.past_due(_fresh(case), later)
    assert selectors.suspension_path(_fresh(case), later) == "UNPAID"
    notice = flow.issue(case, "suspension_notice", content={"planned_at": "2026-10-03 09:00"}, serve=False)
    with pytest.raises(RuleViolation) as exc:
        flow.suspend(case, at=later)
    assert exc.value.clause == "§1.1" and "送达" in exc.value.message
    from tests.integration.documents.conftest import ink_png
    from utilicase.documents import serving
    serving.service_record(actor=example_user("inspector1"), document=notice, method="SIGNED", signer_name="王建华",
                           customer_signature=ink_png(3), now=later)
    suspension = flow.suspend(case, at=later)
    assert suspension.path == "UNPAID" and suspension.notice_number == notice.number
    assert AuditEvent.objects.get(action="enforcement.supply.suspended").clause == "§1.1"
    referral = services.referral_record(actor=example_user("inspector1"), case=case, reason="UNPAID_SUSPENDED",
                                        recipient="POWER_ADMINISTRATION", referred_on=later.date(),
                                        documents="违约用电通知书、停(限)电通知单及送达回证", now=later)
    assert _fresh(case).status == "REFERRED" and referral.clause == "§1.1"
    assert suspension_notice_refusal(_fresh(case)) is None


def test_1_1_unpaid_referral_refused_before_a_suspension(flow, residential, example_user, now):
    case = flow.charged(residential, kind="VIOLATION", due=date(2026, 9, 30))
    with pytest.raises(RuleViolation) as exc:
        services.referral_record(actor=example_user("inspector1"), case=case, reason="UNPAID_SUSPENDED",
                                 recipient="JUDICIAL", referred_on=now.date(), documents="材料",
                                 now=now + timedelta(days=2))
    assert exc.value.clause == "§1.1"


def test_2_6_4_refusal_to_pay_goes_to_management_or_judicial_authority(flow, residential, example_user, now):
    case = flow.charged(residential, due=date(2026, 9, 30))
    later = now + timedelta(days=2)
    with pytest.raises(RuleViolation) as exc:
        services.referral_record(actor=example_user("inspector1"), case=case, reason="REFUSED_TO_PAY",
                                 recipient="PUBLIC_SECURITY", referred_on=later.date(), documents="材料", now=later)
    assert exc.value.clause == "§2.6(4)"
    with pytest.raises(RuleViolation) as exc:  # not yet past the due date
        services.referral_record(actor=example_user("inspector1"), case=case, reason="REFUSED_TO_PAY",
                                 recipient="JUDICIAL", referred_on=now.date(), documents="材料", now=now)
    assert exc.value.clause == "§2.6(4)"
    referral = services.referral_record(actor=example_user("inspector1"), case=case, reason="REFUSED_TO_PAY",
                                        recipient="JUDICIAL", referred_on=later.date(), documents="材料", now=later)
    assert _fresh(case).status == "REFERRED"
    with pytest.raises(RuleViolation) as exc:
        services.case_close(actor=example_user("office_head1"), case=case, now=later)
    assert exc.value.clause == "§1.1"
    services.referral_record_outcome(actor=example_user("inspector1"), referral=referral, outcome="法院已受理。",
                                     now=later)
    assert services.case_close(actor=example_user("office_head1"), case=case, now=later).status == "CLOSED"


def test_2_6_5_refusal_to_cooperate_is_referred_for_liability_without_changing_the_state(flow, residential,
                                                                                       example_user, now):
    case = flow.opened(residential)
    referral = services.referral_record(actor=example_user("inspector1"), case=case, reason="REFUSED_TO_COOPERATE",
                                        recipient="PUBLIC_SECURITY", referred_on=now.date(), documents="现场勘查记录",
                                        now=now)
    assert referral.clause == "§2.6(5)" and _fresh(case).status == "DISCOVERED"
    assert AuditEvent.objects.get(action="enforcement.case.referred_for_liability").clause == "§2.6(5)"


def test_2_6_5_large_amount_only_above_the_threshold(flow, residential, important, example_user, now, settings):
    small = flow.calculated(residential)
    with pytest.raises(RuleViolation) as exc:
        services.referral_record(actor=example_user("inspector1"), case=small, reason="LARGE_AMOUNT",
                                 recipient="PUBLIC_SECURITY", referred_on=now.date(), documents="材料", now=now)
    assert exc.value.clause == "§2.6(5)" and "50000.00" in exc.value.message
    large = flow.calculated(important, data=LARGE_THEFT)
    assert large.total == Decimal("104000.00")
    services.referral_record(actor=example_user("inspector1"), case=large, reason="LARGE_AMOUNT",
                             recipient="PUBLIC_SECURITY", referred_on=now.date(), documents="材料", now=now)
    settings.ENFORCEMENT_LIABILITY_THRESHOLD_YUAN = "1000"
    services.referral_record(actor=example_user("inspector1"), case=small, reason="LARGE_AMOUNT",
                             recipient="ADMINISTRATIVE", referred_on=now.date(), documents="材料", now=now)
    assert Referral.objects.count() == 2


# -- the suspicion listener of inspections ---------------------------------------------------------------------

def test_2_5_2_a_theft_finding_opens_a_case_linked_to_the_order(org, example_user, now, residential):
    from tests.integration.inspections.conftest import Flow as InspectionFlow
    from utilicase.inspections.models import Kind

    order = InspectionFlow(org, example_user, now, residential).inspecting(kind=Kind.SPECIAL)
    from utilicase.inspections import services as inspections

    finding = inspections.finding_record(actor=example_user("inspector1"), order=order,
                                         finding_type="SUSPECTED_THEFT", description="表尾短接窃电。",
                                         now=now + timedelta(minutes=30))
    case = EnforcementCase.objects.get(finding=finding)
    assert (case.kind, case.source, case.inspection_order_id, case.customer_class) == (
        "THEFT", "FINDING", order.pk, "RESIDENTIAL")
    assert sorted(u.username for u in case.inspectors.all()) == ["inspector1", "inspector2"]
    assert case.act_stopped_at is None and case.facts == "表尾短接窃电。"
    safety = inspections.finding_record(actor=example_user("inspector1"), order=order, finding_type="SAFETY_DEFECT",
                                        description="接地不良。", now=now + timedelta(minutes=31))
    assert not EnforcementCase.objects.filter(finding=safety).exists()
    assert EnforcementCase.objects.count() == 1


# -- scope -----------------------------------------------------------------------------------------------------

def test_scope_inspectors_of_the_office_heads_and_deputies_see_the_case(flow, residential, example_user):
    case = flow.opened(residential)
    for name in ("inspector1", "inspector2", "office_head1", "enterprise_deputy1", "company_deputy1"):
        assert selectors.case_get(user=example_user(name), id=case.pk).pk == case.pk
    for name in ("hall_staff1", "field_worker1", "discipline1", "handler1"):
        with pytest.raises(EnforcementCase.DoesNotExist):
            selectors.case_get(user=example_user(name), id=case.pk)


def test_scope_a_field_worker_may_not_work_the_case(flow, residential, example_user, now):
    case = flow.opened(residential)
    with pytest.raises(NotAllowed):
        services.case_record_act_stopped(actor=example_user("field_worker1"), case=case, stopped_at=now, how="x",
                                         now=now)


def test_2_6_1_dismissal_needs_a_reason_and_the_office_head(flow, residential, example_user, now):
    case = flow.opened(residential)
    with pytest.raises(NotAllowed):
        services.case_dismiss(actor=example_user("inspector1"), case=case, reason="经查无窃电", now=now)
    with pytest.raises(RuleViolation) as exc:
        services.case_dismiss(actor=example_user("office_head1"), case=case, reason="", now=now)
    assert exc.value.clause == "§2.6(1)"
    case = services.case_dismiss(actor=example_user("office_head1"), case=case, reason="经查为计量故障，非窃电。", now=now)
    assert case.status == "CLOSED"


def test_1_2_2_the_suspension_notice_is_refused_by_documents_until_both_approvals(flow, important, example_user, now):
    from utilicase.documents import services as documents
    from utilicase.enforcement import cases

    case = flow.opened(important)
    content = {"reason": "窃电", "legal_basis": BASIS, "scope": "FULL", "planned_at": "2026-10-03 09:00"}
    with pytest.raises(RuleViolation) as exc:
        documents.document_create(actor=example_user("inspector1"), case=cases.info(case),
                                  doc_type_code="suspension_notice", content=content, now=now)
    assert exc.value.clause == "§1.2(2)"
    application = services.application_submit(actor=example_user("inspector1"), case=case, reason="申请", now=now)
    services.application_review(actor=example_user("enterprise_deputy1"), application=application, now=now)
    services.application_approve(actor=example_user("company_deputy1"), application=application, now=now)
    draft = documents.document_create(actor=example_user("inspector1"), case=cases.info(case),
                                      doc_type_code="suspension_notice", content=content, now=now)
    assert draft.status == "DRAFT"


def test_2_6_4_a_document_of_a_closed_case_is_refused(flow, residential, example_user, now):
    from utilicase.enforcement.cases import DOCUMENTS

    case = services.case_dismiss(actor=example_user("office_head1"), case=flow.opened(residential),
                                 reason="经查非窃电。", now=now)
    for code in ("violation_notice", "survey_record", "transcript", "restoration_notice"):
        refused = DOCUMENTS[code].refusal(_fresh(case))
        assert refused is not None and refused.clause == "§2.6(4)", code


def test_2_6_4_a_reversed_payment_puts_the_fees_due_again_and_restoration_is_refused(flow, residential,
                                                                                      example_user, now):
    from utilicase.billing import services as billing
    from utilicase.billing.models import Payment

    case = flow.charged(residential)
    flow.suspend(case)
    case = flow.pay_all(case)
    assert case.status == "PAID"
    payment = Payment.objects.filter(receivable__target_id=str(case.pk)).order_by("id").first()
    billing.payment_reverse(actor=example_user("office_head1"), payment=payment, reason="收据号录错",
                            now=now + timedelta(days=1, hours=2))
    case = _fresh(case)
    assert case.status == "FEES_DUE" and case.paid_at is None
    assert AuditEvent.objects.get(action="enforcement.case.payment_reversed").clause == "§2.6(4)"
    flow.corrected(case)
    with pytest.raises(RuleViolation) as exc:
        services.case_restore(actor=example_user("inspector1"), case=case, now=now + timedelta(days=2))
    assert exc.value.clause == "§2.6(4)" and "交清" in exc.value.message
