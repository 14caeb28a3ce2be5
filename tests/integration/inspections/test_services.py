"""Every refusal of the inspection services (§2.4, §2.5, §2.6(1)), on the database."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from tests.integration.customers.factories import CustomerFactory
from utilicase.audit.models import AuditEvent
from utilicase.calendar.models import Deadline
from utilicase.core.rules import RuleViolation
from utilicase.inspections import hooks, selectors, services
from utilicase.inspections.models import InspectionOrder, Kind, OrderInspector, Status
from utilicase.inspections.permissions import NotAllowed
from utilicase.org.models import Certificate
from utilicase.org.services import certificate_revoke


def refused(clause):
    return pytest.raises(RuleViolation, match=rf"^{clause.replace('(', r'[(]').replace(')', r'[)]')}")


# -- creating and approving (§2.4(3)) -----------------------------------------------------------------

def test_routine_order_is_numbered_and_approved_by_the_customers_office_head(flow, example_user, org):
    order = flow.order()
    assert order.number == "JC2026000001" and order.status == Status.DRAFT
    assert order.approval_unit == org["tf-power-city"] and order.approver_role == "office_head"
    assert order.utility == "POWER" and order.office == org["tf-power-city"]
    assert flow.order().number == "JC2026000002"
    approved = flow.approved()
    assert approved.status == Status.APPROVED and approved.approved_by == example_user("office_head1")


def test_2_4_3_routine_order_refused_to_an_enterprise_deputy(flow, example_user):
    order = flow.submitted()
    with refused("§2.4(3)"):
        services.order_approve(actor=example_user("enterprise_deputy1"), order=order, now=flow.now)
    assert InspectionOrder.objects.get(pk=order.pk).status == Status.SUBMITTED


def test_2_4_3_an_inspector_cannot_approve(flow, example_user):
    order = flow.submitted()
    with refused("§2.4(3)"):
        services.order_approve(actor=example_user("inspector2"), order=order, now=flow.now)


def test_2_4_3_nobody_approves_an_order_they_are_assigned_to(flow, example_user):
    order = flow.submitted(inspectors=("inspector1", "inspector2", "office_head1"))
    with refused("§2.4(3)") as exc:
        services.order_approve(actor=example_user("office_head1"), order=order, now=flow.now)
    assert "被指派" in exc.value.message


def test_2_4_3_special_order_by_enterprise_is_approved_by_the_enterprise_deputy(flow, example_user, org):
    order = flow.submitted(kind=Kind.SPECIAL, actor="enterprise_deputy1")
    assert order.approval_unit == org["tf-power"] and order.approver_role == "enterprise_deputy"
    with refused("§2.4(3)"):
        services.order_approve(actor=example_user("office_head1"), order=order, now=flow.now)
    approved = services.order_approve(actor=example_user("enterprise_deputy1"), order=order, now=flow.now)
    assert approved.status == Status.APPROVED


def test_2_4_3_special_order_by_company_is_approved_by_the_company_deputy(flow, example_user, org):
    order = flow.submitted(kind=Kind.SPECIAL, actor="company_deputy1")
    assert order.approval_unit == org["tianfu"] and order.approver_role == "company_deputy"
    with refused("§2.4(3)"):
        services.order_approve(actor=example_user("enterprise_deputy1"), order=order, now=flow.now)
    services.order_approve(actor=example_user("company_deputy1"), order=order, now=flow.now)


def test_2_4_3_special_order_by_an_inspector_is_approved_by_the_office_head(flow, example_user, org):
    order = flow.submitted(kind=Kind.SPECIAL, actor="inspector1")
    assert order.approval_unit == org["tf-power-city"]
    services.order_approve(actor=example_user("office_head1"), order=order, now=flow.now)


@pytest.mark.parametrize("move", ["prepare", "inspect", "leave", "archive", "close"])
def test_2_4_3_no_stage_move_before_approval(flow, example_user, move):
    order = flow.submitted()
    with refused("§2.4(3)"):
        services.STAGE_SERVICES[move](actor=example_user("inspector1"), order=order, now=flow.now)


def test_2_4_3_no_appointment_or_arrival_before_approval(flow, example_user):
    order = flow.order()
    with refused("§2.4(3)"):
        services.order_appoint(actor=example_user("inspector1"), order=order, appointment_at=flow.now,
                               contact="王建华", method="PHONE", now=flow.now)
    with refused("§2.4(3)"):
        services.order_arrive(actor=example_user("inspector1"), order=order,
                              present=[example_user("inspector1"), example_user("inspector2")],
                              certificates_shown=True, now=flow.now)


def test_2_4_4_submit_refused_with_one_inspector(flow, example_user):
    order = flow.order(inspectors=("inspector1",))
    with refused("§2.4(4)"):
        services.order_submit(actor=example_user("inspector1"), order=order, now=flow.now)


def test_return_sends_back_to_draft_and_inspectors_change_only_in_draft(flow, example_user):
    order = flow.submitted()
    with refused("§2.4(3)"):
        services.order_assign_inspectors(actor=example_user("inspector1"), order=order,
                                         inspectors=[example_user("inspector2")], now=flow.now)
    with refused("§2.4(3)"):
        services.order_return(actor=example_user("inspector2"), order=order, reason="x", now=flow.now)
    order = services.order_return(actor=example_user("office_head1"), order=order, reason="检查内容不全。",
                                  now=flow.now)
    assert order.status == Status.DRAFT and order.submitted_at is None


def test_order_for_a_customer_out_of_scope_is_422(flow, example_user, other_customer):
    with pytest.raises(services.InspectionInvalid) as exc:
        flow.order(customer=other_customer)
    assert set(exc.value.errors) == {"customer"}


def test_hall_staff_cannot_open_an_order(flow):
    with pytest.raises(NotAllowed):
        flow.order(actor="hall_staff1")


def test_trigger_only_on_special_orders(flow):
    with pytest.raises(services.InspectionInvalid) as exc:
        flow.order(kind=Kind.ROUTINE, trigger="SUSPICION")
    assert "trigger" in exc.value.errors
    with pytest.raises(services.InspectionInvalid) as exc:
        flow.order(kind=Kind.SPECIAL, trigger="SUSPICION", suspicion_source="")
    assert "suspicion_source" in exc.value.errors


# -- appointment and stages (§2.4(2)) ------------------------------------------------------------------

def test_2_4_2_routine_order_needs_its_appointment(flow, example_user):
    order = flow.approved()
    with refused("§2.4(2)"):
        services.order_prepare(actor=example_user("inspector1"), order=order, now=flow.now)
    order = services.order_appoint(actor=example_user("inspector1"), order=order, appointment_at=flow.now,
                                   contact="王建华", method="PHONE", now=flow.now)
    assert (order.appointment_contact, order.appointment_method, order.status) == ("王建华", "PHONE", Status.APPOINTED)
    assert services.order_prepare(actor=example_user("inspector1"), order=order, now=flow.now).status == Status.PREPARED


@pytest.mark.parametrize("trigger", ["SUSPICION", "TIP_OFF"])
def test_2_4_2_special_order_is_never_announced(flow, example_user, trigger, take):
    kwargs = {"kind": Kind.SPECIAL, "trigger": trigger}
    order = flow.order(**kwargs)
    if trigger == "TIP_OFF":
        report, _code = take(confirm=True)
        services.order_link_tip_off(actor=example_user("discipline1"), order=order, source_type="whistleblowing.report",
                                    source_number=report.number, now=flow.now)
    services.order_submit(actor=example_user("inspector1"), order=order, now=flow.now)
    order = services.order_approve(actor=example_user("office_head1"), order=order, now=flow.now)
    with refused("§2.4(2)"):
        services.order_appoint(actor=example_user("inspector1"), order=order, appointment_at=flow.now,
                               contact="王建华", method="PHONE", now=flow.now)
    assert services.order_prepare(actor=example_user("inspector1"), order=order, now=flow.now).status == Status.PREPARED


def test_accident_investigation_may_be_booked_or_not(flow, example_user):
    order = flow.approved(kind=Kind.ACCIDENT)
    assert services.order_prepare(actor=example_user("inspector1"), order=order, now=flow.now).status == Status.PREPARED
    other = flow.approved(kind=Kind.ACCIDENT)
    assert services.order_appoint(actor=example_user("inspector1"), order=other, appointment_at=flow.now,
                                  contact="客户电工", method="PHONE", now=flow.now).status == Status.APPOINTED


def test_stages_cannot_be_skipped(flow, example_user):
    order = flow.prepared()
    with refused("§2.4(2)"):
        services.order_leave(actor=example_user("inspector1"), order=order, now=flow.now)


def test_only_the_orders_people_move_its_stages(flow, example_user):
    order = flow.approved()
    with pytest.raises(NotAllowed):
        services.order_appoint(actor=example_user("field_worker1"), order=order, appointment_at=flow.now,
                               contact="王建华", method="PHONE", now=flow.now)


# -- on site (§2.4(4)) ------------------------------------------------------------------------------

def test_2_4_4_arrival_records_present_inspectors_and_certificates_shown(flow, example_user):
    order = flow.arrived()
    rows = {a.inspector.username: a for a in OrderInspector.objects.filter(order=order).select_related("certificate")}
    assert rows["inspector1"].present and rows["inspector1"].certificate.number == "XJ-D-2024-0131"
    assert rows["inspector2"].certificate.number == "XJ-D-2024-0132"
    assert order.status == Status.ARRIVED and order.certificates_shown_at == flow.now


def test_2_4_4_arrival_refused_with_one_inspector_present(flow, example_user):
    order = flow.prepared()
    with refused("§2.4(4)"):
        services.order_arrive(actor=example_user("inspector1"), order=order, present=[example_user("inspector1")],
                              certificates_shown=True, now=flow.now)
    assert InspectionOrder.objects.get(pk=order.pk).status == Status.PREPARED


def test_2_4_4_arrival_refused_when_certificates_are_not_shown(flow, example_user):
    order = flow.prepared()
    with refused("§2.4(4)"):
        services.order_arrive(actor=example_user("inspector1"), order=order,
                              present=[example_user("inspector1"), example_user("inspector2")],
                              certificates_shown=False, now=flow.now)


def test_2_4_4_arrival_refused_without_a_certificate_for_the_utility(flow, example_user, org):
    heat = CustomerFactory(office=org["tf-heat-east"], account_number="3010000001", name="供热客户")
    # inspector1 holds power and heat; inspector2 power and gas: no heat certificate.
    order = flow.prepared(customer=heat, actor="company_deputy1", kind=Kind.ACCIDENT, approver="company_deputy1")
    with refused("§2.4(4)") as exc:
        services.order_arrive(actor=example_user("inspector1"), order=order,
                              present=[example_user("inspector1"), example_user("inspector2")],
                              certificates_shown=True, now=flow.now)
    assert "李海燕" in exc.value.message and "王建国" not in exc.value.message


def test_2_4_4_arrival_refused_with_a_revoked_certificate(flow, example_user):
    order = flow.prepared()
    cert = Certificate.objects.get(number="XJ-D-2024-0132")
    certificate_revoke(actor=None, certificate=cert, reason="调离检查岗位", now=flow.now - timedelta(days=1))
    with refused("§2.4(4)"):
        services.order_arrive(actor=example_user("inspector1"), order=order,
                              present=[example_user("inspector1"), example_user("inspector2")],
                              certificates_shown=True, now=flow.now)


def test_2_4_4_arrival_refused_with_an_expired_certificate(flow, example_user):
    order = flow.prepared()
    Certificate.objects.filter(number="XJ-D-2024-0132").update(valid_to_date=date(2026, 9, 29))
    with refused("§2.4(4)"):
        services.order_arrive(actor=example_user("inspector1"), order=order,
                              present=[example_user("inspector1"), example_user("inspector2")],
                              certificates_shown=True, now=flow.now)


def test_2_4_4_inspection_refused_when_a_certificate_was_revoked_since_arrival(flow, example_user):
    order = flow.arrived()
    certificate_revoke(actor=None, certificate=Certificate.objects.get(number="XJ-D-2024-0132"), reason="吊销",
                       now=flow.now)
    with refused("§2.4(4)"):
        services.order_start_inspection(actor=example_user("inspector1"), order=order, now=flow.now)


def test_present_inspector_must_be_assigned(flow, example_user):
    order = flow.prepared()
    with pytest.raises(services.InspectionInvalid) as exc:
        services.order_arrive(actor=example_user("inspector1"), order=order,
                              present=[example_user("inspector1"), example_user("office_head1")],
                              certificates_shown=True, now=flow.now)
    assert set(exc.value.errors) == {"present"}


def test_2_4_4_operation_by_the_customers_operator_with_consent(flow, example_user):
    order = flow.inspecting()
    record = services.order_record_operation(actor=example_user("inspector1"), order=order, equipment="10kV进线柜",
                                             operation="拉开进线开关", consent=True, consent_by="王建华",
                                             operator_name="客户电工刘强", now=flow.now)
    assert (record.operator_name, record.consent_by) == ("客户电工刘强", "王建华")


@pytest.mark.parametrize("operator", ["王建国", "inspector2", "李海燕"])
def test_2_4_4_operation_by_an_inspector_is_refused(flow, example_user, operator):
    order = flow.inspecting()
    with refused("§2.4(4)"):
        services.order_record_operation(actor=example_user("inspector1"), order=order, equipment="配电箱",
                                        operation="断开总闸", consent=True, consent_by="王建华",
                                        operator_name=operator, now=flow.now)


def test_2_4_4_operation_without_consent_is_refused(flow, example_user):
    order = flow.inspecting()
    with refused("§2.4(4)"):
        services.order_record_operation(actor=example_user("inspector1"), order=order, equipment="配电箱",
                                        operation="断开总闸", consent=False, consent_by="",
                                        operator_name="客户电工刘强", now=flow.now)


# -- findings (§2.5(2)) and the loop (§2.5(3)) ------------------------------------------------------------

def test_2_5_2_finding_refused_before_the_inspection(flow, example_user):
    order = flow.arrived()
    with refused("§2.5(2)"):
        flow.finding(order)


def test_2_5_3_rectification_needs_a_deadline(flow, example_user):
    order = flow.inspecting()
    with refused("§2.5(3)"):
        services.finding_record(actor=example_user("inspector1"), order=order, finding_type="SAFETY_DEFECT",
                                description="接地不良", rectification_required=True, requirement="整改",
                                due_date=None, now=flow.now)


def test_finding_opens_the_rectification_deadline_on_the_order(flow, example_user):
    order = flow.inspecting()
    finding = flow.finding(order, due=date(2026, 10, 15))
    rect = finding.rectification
    deadline = Deadline.objects.get(pk=rect.deadline_id)
    assert deadline.kind == services.RECTIFICATION_KIND and deadline.target_id == str(order.pk)
    assert timezone.localtime(deadline.due_at).isoformat() == "2026-10-16T00:00:00+08:00"
    assert InspectionOrder.objects.get(pk=order.pk).next_due_at == deadline.due_at
    assert rect.due_at == deadline.due_at


def test_finding_evidence_numbers_must_be_in_the_orders_register(flow, example_user):
    order = flow.inspecting()
    with pytest.raises(services.InspectionInvalid) as exc:
        flow.finding(order, evidence_numbers=[1])
    assert set(exc.value.errors) == {"evidence_numbers"}


def test_2_5_2_suspected_theft_requires_an_enforcement_case_and_tells_the_listeners(flow, example_user, monkeypatch):
    heard = []
    monkeypatch.setattr(hooks, "SUSPICION_LISTENERS", [])
    hooks.register_suspicion_listener(lambda **kw: heard.append((kw["order"].number, kw["finding"].finding_type)))
    order = flow.inspecting()
    flow.finding(order, finding_type="SUSPECTED_THEFT", rectify=False, description="表尾封印被破坏，疑似绕越计量。")
    order.refresh_from_db()
    assert order.enforcement_required_at is not None
    assert heard == [(order.number, "SUSPECTED_THEFT")]
    assert AuditEvent.objects.filter(action="inspections.order.enforcement_required").count() == 1
    flow.finding(order, finding_type="SAFETY_DEFECT", rectify=False)
    assert len(heard) == 1


def test_2_5_3_reinspection_not_yet_keeps_it_open_then_accepted_closes_the_loop(flow, example_user, now):
    order = flow.inspecting()
    rect = flow.finding(order).rectification
    services.order_leave(actor=example_user("inspector1"), order=order, now=now)
    services.order_archive(actor=example_user("inspector1"), order=order, now=now)
    services.rectification_reinspect(actor=example_user("inspector2"), rectification=rect, result="NOT_YET",
                                     note="接地线未更换。", now=now + timedelta(days=10))
    rect.refresh_from_db()
    assert rect.status == "OPEN"
    with refused("§2.5(3)"):
        services.order_close(actor=example_user("inspector1"), order=order, now=now + timedelta(days=10))
    services.rectification_reinspect(actor=example_user("inspector2"), rectification=rect, result="ACCEPTED",
                                     now=now + timedelta(days=14))
    rect.refresh_from_db()
    assert rect.status == "ACCEPTED" and rect.reinspections.count() == 2
    assert Deadline.objects.get(pk=rect.deadline_id).met_at == now + timedelta(days=14)
    assert InspectionOrder.objects.get(pk=order.pk).next_due_at is None
    order = services.order_close(actor=example_user("inspector1"), order=order, now=now + timedelta(days=14))
    assert order.status == Status.CLOSED


def test_2_5_3_refusal_is_referred_and_the_outcome_recorded(flow, example_user, now):
    order = flow.inspecting()
    rect = flow.finding(order).rectification
    referral = services.rectification_refuse(actor=example_user("office_head1"), rectification=rect,
                                             recipient="WORK_SAFETY_BUREAU", referred_on=date(2026, 10, 20),
                                             documents="检查结果通知单、复查记录", now=now + timedelta(days=21))
    rect.refresh_from_db()
    assert rect.status == "REFUSED" and referral.recipient == "WORK_SAFETY_BUREAU"
    with refused("§2.5(3)"):
        services.rectification_reinspect(actor=example_user("inspector2"), rectification=rect, result="ACCEPTED",
                                         now=now + timedelta(days=22))
    services.referral_record_outcome(actor=example_user("office_head1"), referral=referral,
                                     outcome="安监局已责令限期整改。", now=now + timedelta(days=30))
    referral.refresh_from_db()
    assert referral.outcome == "安监局已责令限期整改。"


def test_rectification_loop_is_not_for_other_staff(flow, example_user, now):
    order = flow.inspecting()
    rect = flow.finding(order).rectification
    with pytest.raises(NotAllowed):
        services.rectification_reinspect(actor=example_user("hall_staff1"), rectification=rect, result="ACCEPTED",
                                         now=now)


def test_overdue_rectifications_work_list(flow, example_user, now):
    order = flow.inspecting()
    late = flow.finding(order, due=date(2026, 10, 1)).rectification
    flow.finding(order, due=date(2026, 10, 20))
    later = now + timedelta(days=5)
    rows = list(selectors.overdue_rectifications(user=example_user("office_head1"), now=later))
    assert [r.pk for r in rows] == [late.pk]
    assert list(selectors.overdue_rectifications(user=example_user("hall_staff1"), now=later)) == []
    services.rectification_reinspect(actor=example_user("inspector1"), rectification=late, result="ACCEPTED",
                                     now=later)
    assert list(selectors.overdue_rectifications(user=example_user("office_head1"), now=later)) == []


# -- plans (§2.5(1)) ------------------------------------------------------------------------------

def _plan(example_user, org, customers, now):
    plan = services.plan_create(actor=example_user("office_head1"), office=org["tf-power-city"], utility="POWER",
                                month_date=date(2026, 9, 1), now=now)
    for i, c in enumerate(customers):
        services.plan_entry_add(actor=example_user("office_head1"), plan=plan, customer=c,
                                planned_date=date(2026, 9, 28 + i), inspectors=[example_user("inspector1"),
                                                                                example_user("inspector2")], now=now)
    return plan


def test_2_5_1_plan_generates_one_routine_order_per_entry_and_repeats_safely(example_user, org, customer, now):
    second = CustomerFactory(office=org["tf-power-city"], account_number="1010000002", name="李四")
    plan = _plan(example_user, org, [customer, second], now)
    made = services.plan_generate_orders(actor=example_user("office_head1"), plan=plan, now=now)
    assert [o.kind for o in made] == [Kind.ROUTINE, Kind.ROUTINE]
    assert sorted(o.customer_id for o in made) == sorted([customer.pk, second.pk])
    assert {a.inspector.username for a in made[0].assignments.all()} == {"inspector1", "inspector2"}
    assert services.plan_generate_orders(actor=example_user("office_head1"), plan=plan, now=now) == []
    assert InspectionOrder.objects.count() == 2


def test_2_5_1_plan_completion_planned_done_overdue(flow, example_user, org, customer, now):
    second = CustomerFactory(office=org["tf-power-city"], account_number="1010000002", name="李四")
    third = CustomerFactory(office=org["tf-power-city"], account_number="1010000003", name="王五")
    plan = _plan(example_user, org, [customer, second, third], now)  # planned 09-28, 09-29, 09-30
    orders = services.plan_generate_orders(actor=example_user("office_head1"), plan=plan, now=now)
    first = orders[0]
    for step in (services.order_submit,):
        step(actor=example_user("office_head1"), order=first, now=now)
    services.order_approve(actor=example_user("office_head1"), order=first, now=now)
    services.order_appoint(actor=example_user("inspector1"), order=first, appointment_at=now, contact="王建华",
                           method="PHONE", now=now)
    services.order_prepare(actor=example_user("inspector1"), order=first, now=now)
    services.order_arrive(actor=example_user("inspector1"), order=first,
                          present=[example_user("inspector1"), example_user("inspector2")], certificates_shown=True,
                          now=now)
    services.order_start_inspection(actor=example_user("inspector1"), order=first, now=now)
    services.order_leave(actor=example_user("inspector1"), order=first, now=now)
    [row] = selectors.plan_completion(user=example_user("office_head1"), month_date=date(2026, 9, 1), now=now)
    assert (row.planned, row.done, row.overdue) == (3, 1, 1)  # 09-29 not done; 09-30 is today
    assert selectors.plan_completion(user=example_user("hall_staff1"), month_date=date(2026, 9, 1), now=now) == []


def test_2_5_1_plan_refusals(example_user, org, customer, other_customer, now):
    with pytest.raises(NotAllowed):
        services.plan_create(actor=example_user("inspector1"), office=org["tf-power-city"], utility="POWER",
                             month_date=date(2026, 9, 1), now=now)
    with pytest.raises(services.InspectionInvalid) as exc:
        services.plan_create(actor=example_user("office_head1"), office=org["tf-power-city"], utility="GAS",
                             month_date=date(2026, 9, 1), now=now)
    assert set(exc.value.errors) == {"utility"}
    plan = _plan(example_user, org, [], now)
    with pytest.raises(services.InspectionInvalid) as exc:
        services.plan_create(actor=example_user("office_head1"), office=org["tf-power-city"], utility="POWER",
                             month_date=date(2026, 9, 15), now=now)
    assert set(exc.value.errors) == {"month"}
    for kwargs, field in (({"customer": other_customer}, "customer"), ({"planned_date": date(2026, 10, 1)}, "planned_date"),
                          ({"inspectors": ["inspector1"]}, "inspectors")):
        args = {"customer": customer, "planned_date": date(2026, 9, 20), "inspectors": ["inspector1", "inspector2"],
                **kwargs}
        with pytest.raises(services.InspectionInvalid) as exc:
            services.plan_entry_add(actor=example_user("office_head1"), plan=plan, customer=args["customer"],
                                    planned_date=args["planned_date"],
                                    inspectors=[example_user(u) for u in args["inspectors"]], now=now)
        assert set(exc.value.errors) == {field}


# -- work lists --------------------------------------------------------------------------------------

def test_my_orders_today_and_the_approvers_inbox(flow, example_user, now):
    today = flow.approved()
    later = flow.approved(planned_date=date(2026, 10, 8))
    waiting = flow.submitted()
    mine = list(selectors.my_orders_today(user=example_user("inspector2"), now=now))
    assert [o.pk for o in mine] == [today.pk]
    assert later.pk not in [o.pk for o in mine]
    assert [o.pk for o in selectors.orders_to_approve(user=example_user("office_head1"), now=now)] == [waiting.pk]
    assert list(selectors.orders_to_approve(user=example_user("enterprise_deputy1"), now=now)) == []
    assigned = flow.submitted(inspectors=("inspector1", "inspector2", "office_head1"))
    assert assigned.pk not in [o.pk for o in selectors.orders_to_approve(user=example_user("office_head1"), now=now)]


def test_2_5_2_finding_links_the_evidence_items_of_the_orders_register(flow, example_user, now, settings, tmp_path):
    from utilicase.evidence import services as evidence

    settings.MEDIA_ROOT = tmp_path / "media"
    order = flow.inspecting()
    item = evidence.item_register(actor=example_user("inspector1"), target_type="inspections.inspectionorder",
                                  target_id=str(order.pk), kind="PHOTO", description="接地线断开处照片",
                                  location="客户配电室", collected_at=now, now=now + timedelta(minutes=10))
    finding = flow.finding(order, evidence_numbers=[item.number])
    assert finding.evidence_numbers == [1]


def test_2_4_3_a_draft_is_changed_a_submitted_order_is_not(flow, example_user, now):
    order = flow.order()
    order = services.order_update(actor=example_user("inspector1"), order=order, purpose="复核计量装置。",
                                  planned_date=date(2026, 10, 9), support_technical=True, now=now)
    assert (order.purpose, order.planned_date, order.support_technical) == ("复核计量装置。", date(2026, 10, 9), True)
    event = AuditEvent.objects.filter(action="inspections.order.changed").get()
    assert event.after == {"purpose": "复核计量装置。", "planned_date": "2026-10-09", "support_technical": True}
    services.order_submit(actor=example_user("inspector1"), order=order, now=now)
    with refused("§2.4(3)"):
        services.order_update(actor=example_user("inspector1"), order=order, purpose="x", planned_date=date(2026, 10, 9),
                              now=now)
