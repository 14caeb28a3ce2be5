"""Accident cases (§2.7) through their services: every refusal names its clause."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from utilicase.accidents import cases, selectors, services
from utilicase.accidents.domain import transitions as table
from utilicase.accidents.models import AccidentCase, Entry, Status
from utilicase.accidents.permissions import NotAllowed
from utilicase.audit.models import AuditEvent
from utilicase.billing import selectors as billing_selectors
from utilicase.calendar.models import Deadline
from utilicase.core.rules import RuleViolation
from utilicase.documents import services as documents
from utilicase.evidence import services as evidence
from utilicase.evidence.models import ItemKind

pytestmark = pytest.mark.django_db
TARGET = "accidents.accidentcase"


def _actions(case):
    return list(AuditEvent.objects.filter(target_type=TARGET, target_id=str(case.pk)).order_by("seq")
                .values_list("action", flat=True))


def test_opening_records_report_time_and_four_open_items_s2_7_2(flow, customer, now):
    case = flow.opened(customer)
    assert case.number == f"SG{now.year}000001" and case.status == Status.REPORTED
    assert case.reported_at == now - timedelta(hours=3) and case.reported_by_name == "厂电工 李强"
    assert selectors.open_items(case) == table.FOUR_ITEMS
    assert _actions(case) == ["accidents.case.opened"]
    event = AuditEvent.objects.get(action="accidents.case.opened")
    assert event.clause == "§2.7(2)"


def test_arrival_without_identity_shown_is_refused_s2_7_2(flow, customer, now):
    case = flow.opened(customer)
    with pytest.raises(RuleViolation) as exc:
        services.case_arrive(actor=flow.user("inspector1"), case=case, dispatched_at=now - timedelta(hours=2),
                             arrived_at=now - timedelta(hours=1), identity_shown=False, witness_name="李强", now=now)
    assert exc.value.clause == "§2.7(2)"
    assert AccidentCase.objects.get(pk=case.pk).status == Status.REPORTED


def test_arrival_without_customers_witness_is_refused_s2_7_1(flow, customer, now):
    case = flow.opened(customer)
    with pytest.raises(RuleViolation) as exc:
        services.case_arrive(actor=flow.user("inspector1"), case=case, dispatched_at=now - timedelta(hours=2),
                             arrived_at=now - timedelta(hours=1), identity_shown=True, witness_name="", now=now)
    assert exc.value.clause == "§2.7(1)"


def test_arrival_records_dispatch_and_arrival_times_s2_7_2(flow, customer, now):
    case = flow.on_site(customer)
    assert (case.status, case.witness_name, case.identity_shown) == (Status.ON_SITE, "李强", True)
    assert case.dispatched_at == now - timedelta(hours=2, minutes=55)
    assert case.arrived_at == now - timedelta(hours=2, minutes=30)
    event = AuditEvent.objects.get(action="accidents.case.arrived")
    assert event.after["minutes_to_arrive"] == 30


def test_entry_where_inspector_operated_customer_equipment_is_refused_s2_7_1(flow, customer, now):
    case = flow.on_site(customer)
    with pytest.raises(RuleViolation) as exc:
        services.entry_add(actor=flow.user("inspector1"), case=case, at=now, text="检查人员拉开10kV进线开关。",
                           inspector_operated_equipment=True, now=now)
    assert exc.value.clause == "§2.7(1)"
    assert Entry.objects.count() == 0
    entry = services.entry_add(actor=flow.user("inspector1"), case=case, at=now, text="客户电工拉开进线开关，检查人员在旁指导。",
                               operated_by="李强", now=now)
    assert entry.operated_by == "李强" and "accidents.entry.added" in _actions(case)


def test_restoration_before_cause_confirmed_removed_is_refused_s2_7_2(flow, customer, now):
    case = flow.on_site(customer)
    services.case_record_cause(actor=flow.user("inspector1"), case=case, cause="电缆头击穿。", now=now)
    with pytest.raises(RuleViolation) as exc:
        services.case_restore(actor=flow.user("inspector1"), case=case, now=now)
    assert exc.value.clause == "§2.7(2)"
    services.case_confirm_cause_removed(actor=flow.user("inspector1"), case=case, note="已更换。", now=now)
    restored = services.case_restore(actor=flow.user("inspector1"), case=case, now=now)
    assert restored.restored_at == now


def test_end_of_investigation_without_cause_is_refused_s2_7_2(flow, customer, now):
    case = flow.on_site(customer)
    with pytest.raises(RuleViolation) as exc:
        services.case_end_investigation(actor=flow.user("inspector1"), case=case, now=now)
    assert exc.value.clause == "§2.7(2)"


def test_report_is_due_5_working_days_after_the_investigation_s2_7_4(flow, customer, now):
    case = flow.investigated(customer)
    deadline = Deadline.objects.get(target_type=TARGET, target_id=str(case.pk))
    assert (deadline.kind, deadline.clause, deadline.working_days) == ("accidents.report", "§2.7(4)", 5)
    # ended 2026-09-30 09:30; the National Day holidays are not counted → the 5th working day is 10-13
    assert deadline.due_date == date(2026, 10, 13)
    assert AccidentCase.objects.get(pk=case.pk).next_due_at == deadline.due_at
    assert deadline.met_at is None


def test_report_with_an_open_dont_let_go_item_is_refused_s2_7_4(flow, customer, now):
    case = flow.investigated(customer)
    flow.items_done(case, skip=(table.PEOPLE_EDUCATED,))
    flow.issue(case, "accident_report", content={"people_educated": "待组织学习"})
    with pytest.raises(RuleViolation) as exc:
        services.case_file_report(actor=flow.user("inspector1"), case=case, now=now)
    assert exc.value.clause == "§2.7(4)" and exc.value.params == {"n": "1"}


def test_report_not_signed_by_customer_is_refused_s2_7_4(flow, customer, now):
    case = flow.investigated(customer)
    flow.items_done(case)
    flow.issue(case, "accident_report", serve=False)
    with pytest.raises(RuleViolation) as exc:
        services.case_file_report(actor=flow.user("inspector1"), case=case, now=now)
    assert exc.value.clause == "§2.7(4)"


def test_filed_report_meets_the_deadline_and_carries_the_four_items_s2_7_4(flow, customer, now):
    case = flow.reported(customer)
    assert case.status == Status.REPORT_FILED and case.report_number
    assert Deadline.objects.get(target_type=TARGET, target_id=str(case.pk)).met_at == now
    assert AccidentCase.objects.get(pk=case.pk).next_due_at is None
    from utilicase.documents.models import Document

    report = Document.objects.get(target_type=TARGET, target_id=str(case.pk), doc_type="accident_report")
    assert report.content["cause_found"] == "电缆终端头受潮绝缘击穿，已查清。"
    assert report.content["people_educated"] == "客户组织电工学习事故通报。"


def test_accident_report_before_the_investigation_ended_is_refused_s2_7_4(flow, customer, now):
    case = flow.on_site(customer)
    with pytest.raises(RuleViolation) as exc:
        flow.issue(case, "accident_report")
    assert exc.value.clause == "§2.7(4)"


def test_survey_record_before_arrival_is_refused_s2_7_2(flow, customer, now):
    case = flow.opened(customer)
    with pytest.raises(RuleViolation) as exc:
        flow.issue(case, "survey_record")
    assert exc.value.clause == "§2.7(2)"
    case = services.case_arrive(actor=flow.user("inspector1"), case=case, dispatched_at=now - timedelta(hours=2),
                                arrived_at=now - timedelta(hours=1), identity_shown=True, witness_name="李强", now=now)
    fresh = AccidentCase.objects.get(pk=case.pk)
    draft = documents.document_create(actor=flow.user("inspector1"), case=cases.info(fresh),
                                      doc_type_code="survey_record", content=cases.DOCUMENTS["survey_record"].content(fresh),
                                      now=now)
    assert "李强（客户方）" in draft.content["present"] and draft.target_type == TARGET


def test_evidence_registers_on_an_accident_case_s2_7_3(flow, customer, now):
    case = flow.on_site(customer)
    item = evidence.item_register(actor=flow.user("inspector1"), target_type=TARGET, target_id=str(case.pk),
                                  kind=ItemKind.PHOTO if "PHOTO" in ItemKind.values else ItemKind.values[0],
                                  description="击穿的电缆终端头", location="客户10kV配电室", collected_at=now, now=now)
    assert (item.target_type, item.target_id, item.number) == (TARGET, str(case.pk), 1)


def test_case_cannot_close_while_a_dont_let_go_item_is_open_s2_7_4(flow, customer, now):
    case = flow.investigated(customer)
    flow.items_done(case)
    flow.issue(case, "accident_report")
    case = services.case_file_report(actor=flow.user("inspector1"), case=case, now=now)
    # a later correction re-opens nothing: closing is allowed only with all four done
    from utilicase.accidents.models import DontLetGo

    DontLetGo.objects.filter(case=case, item=table.MEASURES_TAKEN).update(done_at=None)
    with pytest.raises(RuleViolation) as exc:
        services.case_close(actor=flow.user("office_head1"), case=case, now=now)
    assert exc.value.clause == "§2.7(4)"
    services.item_record(actor=flow.user("inspector1"), case=case, item=table.MEASURES_TAKEN, record="已落实。", now=now)
    closed = services.case_close(actor=flow.user("office_head1"), case=case, now=now)
    assert closed.status == Status.CLOSED


def test_close_by_an_inspector_is_not_allowed(flow, customer, now):
    case = flow.reported(customer)
    with pytest.raises(NotAllowed):
        services.case_close(actor=flow.user("inspector1"), case=case, now=now)


def test_result_notice_needs_served_document_and_rectification_deadline_s2_7_6(flow, customer, now):
    case = flow.reported(customer)
    with pytest.raises(RuleViolation) as exc:
        services.case_issue_notice(actor=flow.user("inspector1"), case=case, rectification_date=None, now=now)
    assert exc.value.clause == "§2.7(6)"
    with pytest.raises(RuleViolation) as exc:
        services.case_issue_notice(actor=flow.user("inspector1"), case=case, rectification_date=date(2026, 10, 20),
                                   now=now)
    assert exc.value.clause == "§2.7(6)"  # no served notice yet


def test_reinspection_within_the_deadline_then_close_s2_7_6(flow, customer, now):
    case = flow.noticed(customer)
    assert (case.status, case.rectification_date) == (Status.NOTICE_ISSUED, date(2026, 10, 20))
    case = services.case_reinspect(actor=flow.user("inspector1"), case=case, note="已整改。",
                                   now=now + timedelta(days=5))
    assert case.status == Status.RECTIFIED
    assert AuditEvent.objects.get(action="accidents.case.reinspected").after["late"] is False
    assert services.case_close(actor=flow.user("office_head1"), case=case, now=now + timedelta(days=6)).status == \
        Status.CLOSED


def test_refusal_to_rectify_is_referred_to_company_management_s2_7_6(flow, customer, now):
    case = flow.noticed(customer)
    with pytest.raises(RuleViolation) as exc:
        services.case_refer(actor=flow.user("inspector1"), case=case, note="报公司。", now=now + timedelta(days=30))
    assert exc.value.clause == "§2.7(6)"
    services.case_record_refusal(actor=flow.user("inspector1"), case=case, note="客户拒绝整改。",
                                 now=now + timedelta(days=21))
    case = services.case_refer(actor=flow.user("inspector1"), case=case, note="报公司管理部门处理。",
                               now=now + timedelta(days=22))
    assert (case.status, case.referred_at) == (Status.REFERRED, now + timedelta(days=22))


def test_compensation_charged_to_billing_s2_7_5(flow, customer, prices, now):
    case = flow.on_site(customer)
    case = services.case_calculate_compensation(
        actor=flow.user("inspector1"), case=case, now=now,
        data={"outage_minutes": 45, "interrupted_rate_per_hour": 1200, "month": "2026-09"})
    # under 1 h → 1 h × 1200 kWh/h = 1200 kWh × 0.55 (August) = 660.00
    assert case.compensation == Decimal("660.00")
    receivable = services.case_charge_compensation(actor=flow.user("inspector1"), case=case,
                                                   due_date=date(2026, 10, 30), now=now)
    assert (receivable.fee_type, receivable.amount) == ("COMPENSATION", Decimal("660.00"))
    assert [r.pk for r in billing_selectors.receivables_for(TARGET, str(case.pk))] == [receivable.pk]
    with pytest.raises(RuleViolation) as exc:
        services.case_charge_compensation(actor=flow.user("inspector1"), case=case, due_date=date(2026, 10, 30),
                                          now=now)
    assert exc.value.clause == "§2.7(5)"


def test_compensation_without_last_months_price_names_the_month_s2_7_5(flow, customer, now):
    case = flow.on_site(customer)
    with pytest.raises(services.AccidentInvalid) as exc:
        services.case_calculate_compensation(actor=flow.user("inspector1"), case=case, now=now,
                                             data={"outage_minutes": 90, "interrupted_rate_per_hour": 10,
                                                   "month": "2026-09"})
    assert "data.month" in exc.value.errors and "2026-08" in exc.value.errors["data.month"]


def test_other_damage_recorded_with_assessment_and_claim_s2_7_5(flow, customer, now):
    case = flow.on_site(customer)
    damage = services.damage_record(actor=flow.user("inspector1"), case=case, description="公司10kV线路开关损坏",
                                    assessment="按设备评估报告", assessed_amount="12500.50", now=now)
    assert (damage.status, damage.assessed_amount) == ("ASSESSED", Decimal("12500.50"))
    damage = services.damage_claim(actor=flow.user("inspector1"), damage=damage, claim="已向客户发出索赔函。", now=now)
    assert damage.status == "CLAIMED"
    with pytest.raises(services.AccidentInvalid):
        services.damage_record(actor=flow.user("inspector1"), case=case, description="x", assessment="y",
                               assessed_amount="-1", now=now)


def test_every_action_written_has_a_timeline_label(flow, customer, prices, now):
    from utilicase.accidents.timeline import LABELS

    case = flow.noticed(customer)
    actions = set(_actions(case))
    assert {"accidents.case.opened", "accidents.case.report_filed", "accidents.case.notice_issued"} <= actions
    assert actions <= set(LABELS)
