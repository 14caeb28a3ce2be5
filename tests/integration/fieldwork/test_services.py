"""Field work orders through their stages (§4.3, §4.4(1)-(6)): what is stored, what is refused
with which clause, the audit trail, the delay deadline, the one-time rating link."""

from datetime import timedelta
from decimal import Decimal

import pytest

from utilicase.audit.models import AuditEvent
from utilicase.calendar.models import Deadline
from utilicase.core.rules import RuleViolation
from utilicase.documents.models import Signature
from utilicase.fieldwork import selectors, services
from utilicase.fieldwork.models import FieldWorkOrder, Kind, RatingLink, Status
from utilicase.fieldwork.permissions import NotAllowed

pytestmark = pytest.mark.django_db


def actions(order):
    return list(AuditEvent.objects.filter(target_type="fieldwork.fieldworkorder", target_id=str(order.pk))
                .order_by("seq").values_list("action", flat=True))


def test_4_3_order_per_utility_numbered_and_audited(flow):
    order = flow.order()
    assert order.number == "FW2026000001" and order.utility == "POWER" and order.status == Status.NEW
    assert order.office == flow.org["tf-power-city"]
    assert list(order.workers.values_list("username", flat=True)) == ["field_worker1"]
    assert actions(order) == ["fieldwork.order.created"]
    assert flow.order().number == "FW2026000002"


def test_4_3_inspection_kind_refused_without_its_inspection_order(flow):
    with pytest.raises(RuleViolation) as refused:
        flow.order(kind=Kind.INSPECTION)
    assert refused.value.clause == "§4.3"
    assert not FieldWorkOrder.objects.exists()


def test_4_3_link_to_an_unknown_enforcement_case_is_invalid(flow):
    with pytest.raises(services.FieldworkInvalid) as bad:
        flow.order(kind=Kind.SUSPENSION_RESTORATION, link_type="enforcement.enforcementcase", link_id="999")
    assert "link_id" in bad.value.errors


def test_4_3_workers_are_field_workers(flow):
    with pytest.raises(services.FieldworkInvalid) as bad:
        flow.order(workers=("inspector1",))
    assert "workers" in bad.value.errors


def test_4_3_hall_staff_may_not_open(flow):
    with pytest.raises(NotAllowed):
        flow.order(actor="hall_staff1")


def test_4_4_1_appointment_recorded(flow):
    order = flow.appointed()
    assert order.status == Status.APPOINTED and order.address_confirmed is True
    assert (order.slot_start, order.slot_end) == (flow.slot_start, flow.slot_end)
    assert order.preparation == "请清理电表箱周围杂物。"
    script = selectors.phone_script(order=order)
    assert script[0].startswith("您好，我是天富热电城区供电营业所工作人员") and "王建华" in script[0]
    assert "请清理电表箱周围杂物。" in script[4]


def test_4_4_1_someone_else_answered_refused_without_the_customers_contact(flow):
    order = flow.order()
    kwargs = dict(actor=flow.user("field_worker1"), order=order, reached="OTHER", reached_name="王母",
                  slot_start=flow.slot_start, slot_end=flow.slot_end, address="城区解放路 12 号",
                  address_confirmed=True, now=flow.now - timedelta(days=1))
    with pytest.raises(RuleViolation) as refused:
        services.order_appoint(customer_contact="", **kwargs)
    assert refused.value.clause == "§4.4(1)"
    order = services.order_appoint(customer_contact="13911112222", **kwargs)
    assert (order.reached, order.customer_contact) == ("OTHER", "13911112222")


def test_4_4_1_address_not_confirmed_refused(flow):
    with pytest.raises(RuleViolation) as refused:
        services.order_appoint(actor=flow.user("field_worker1"), order=flow.order(), reached="CUSTOMER",
                               slot_start=flow.slot_start, slot_end=flow.slot_end, address="x",
                               address_confirmed=False, now=flow.now - timedelta(days=1))
    assert refused.value.clause == "§4.4(1)"


def test_4_4_2_departure_refused_with_an_item_unticked(flow):
    order = flow.appointed()
    with pytest.raises(RuleViolation) as refused:
        services.order_depart(actor=flow.user("field_worker1"), order=order, checked=["统一着装"], now=flow.now)
    assert refused.value.clause == "§4.4(2)" and "安全帽" in refused.value.message
    assert FieldWorkOrder.objects.get(pk=order.pk).status == Status.APPOINTED


def test_4_4_2_checklist_items_are_configurable(flow, example_user):
    services.checklist_item_save(actor=example_user("office_head1"), stage="BEFORE_LEAVING", text="携带验电笔",
                                 position=99, now=flow.now)
    order = flow.appointed()
    with pytest.raises(RuleViolation) as refused:
        services.order_depart(actor=flow.user("field_worker1"), order=order,
                              checked=["统一着装", "佩戴工作牌", "安全帽", "工器具齐全", "工作单及表单齐全"], now=flow.now)
    assert refused.value.clause == "§4.4(2)" and "携带验电笔" in refused.value.message
    with pytest.raises(NotAllowed):
        services.checklist_item_save(actor=example_user("field_worker1"), stage="BEFORE_WORK", text="x", now=flow.now)


def test_4_4_4_work_refused_with_an_item_unticked(flow):
    order = flow.arrived()
    with pytest.raises(RuleViolation) as refused:
        services.order_start_work(actor=flow.user("field_worker1"), order=order, checked=[], now=flow.now)
    assert refused.value.clause == "§4.4(4)" and "道路旁作业已设警示牌" in refused.value.message


def test_4_4_3_on_time_arrival_records_no_lateness(flow):
    order = flow.arrived()
    assert order.status == Status.ARRIVED and order.minutes_late == 0 and order.apology == ""


def test_4_4_3_late_arrival_needs_the_apology_and_records_the_minutes(flow):
    order = flow.departed()
    late = flow.slot_end + timedelta(minutes=17)
    with pytest.raises(RuleViolation) as refused:
        services.order_arrive(actor=flow.user("field_worker1"), order=order, arrived_at=late, now=late)
    assert refused.value.clause == "§4.4(3)"
    order = services.order_arrive(actor=flow.user("field_worker1"), order=order, arrived_at=late,
                                  apology="已向客户当面致歉。", now=late)
    assert (order.minutes_late, order.apology) == (17, "已向客户当面致歉。")


def test_4_4_3_known_delay_opens_a_deadline_at_the_slot_start(flow):
    order = flow.appointed()
    announced = flow.now - timedelta(hours=2)
    order = services.order_announce_delay(actor=flow.user("field_worker1"), order=order, reason="前一户抢修未完",
                                          now=announced)
    deadline = Deadline.objects.get(kind=services.DELAY_KIND, target_id=str(order.pk))
    assert deadline.due_at == flow.slot_start and deadline.met_at is None and deadline.clause == "§4.4(3)"
    assert FieldWorkOrder.objects.get(pk=order.pk).next_due_at == flow.slot_start
    told = flow.now - timedelta(hours=1)
    services.order_notify_delay(actor=flow.user("field_worker1"), order=order, now=told)
    deadline.refresh_from_db()
    assert deadline.met_at == told
    assert FieldWorkOrder.objects.get(pk=order.pk).next_due_at is None


def test_4_4_3_delay_refused_once_the_slot_has_begun(flow):
    order = flow.appointed()
    with pytest.raises(RuleViolation) as refused:
        services.order_announce_delay(actor=flow.user("field_worker1"), order=order, reason="堵车",
                                      now=flow.slot_start + timedelta(minutes=1))
    assert refused.value.clause == "§4.4(3)"
    assert not Deadline.objects.filter(kind=services.DELAY_KIND).exists()


def test_4_4_5_completion_refused_without_the_customers_confirmation(flow):
    order = flow.working()
    worker, at = flow.user("field_worker1"), flow.now + timedelta(minutes=50)
    services.order_record_finish(actor=worker, order=order, work_done="完成", borrowed_returned=False,
                                 safety_reminder="注意用电安全。", now=at)
    services.order_declare_meals(actor=worker, order=order, happened=False, now=at)
    with pytest.raises(RuleViolation) as refused:
        services.order_complete(actor=worker, order=order, now=at)
    assert refused.value.clause == "§4.4(5)" and "签字" in refused.value.message


def test_4_4_5_completion_refused_with_borrowed_items_not_returned(flow):
    order = flow.finishable()
    worker, at = flow.user("field_worker1"), flow.now + timedelta(minutes=52)
    services.order_record_finish(actor=worker, order=order, work_done="完成", borrowed_items="梯子",
                                 borrowed_returned=False, safety_reminder="注意。", now=at)
    with pytest.raises(RuleViolation) as refused:
        services.order_complete(actor=worker, order=order, now=at)
    assert refused.value.clause == "§4.4(5)" and "归还" in refused.value.message


def test_4_4_5_damage_compensation_needs_an_amount(flow):
    order = flow.working()
    worker = flow.user("field_worker1")
    with pytest.raises(RuleViolation) as refused:
        services.damage_record(actor=worker, order=order, description="碰坏地砖", remedy="COMPENSATION",
                               now=flow.now)
    assert refused.value.clause == "§4.4(5)"
    damage = services.damage_record(actor=worker, order=order, description="碰坏地砖", remedy="COMPENSATION",
                                    amount="80.00", now=flow.now)
    assert damage.amount == Decimal("80.00")


def test_4_4_6_meals_that_happened_are_recorded_with_the_payment(flow):
    order = flow.working()
    worker = flow.user("field_worker1")
    with pytest.raises(RuleViolation) as refused:
        services.order_declare_meals(actor=worker, order=order, happened=True, now=flow.now)
    assert refused.value.clause == "§4.4(6)"
    order = services.order_declare_meals(actor=worker, order=order, happened=True, amount="25.00", paid_to="王建华",
                                         now=flow.now)
    assert (order.meals_happened, order.meals_amount, order.meals_paid_to) == (True, Decimal("25.00"), "王建华")


def test_4_4_6_completion_refused_without_the_declaration(flow):
    order = flow.working()
    worker, at = flow.user("field_worker1"), flow.now + timedelta(minutes=50)
    services.order_record_finish(actor=worker, order=order, work_done="完成", borrowed_returned=True,
                                 safety_reminder="注意。", now=at)
    services.order_confirm(actor=worker, order=order, signer_name="王建华", signature=_sig(), now=at)
    with pytest.raises(RuleViolation) as refused:
        services.order_complete(actor=worker, order=order, now=at)
    assert refused.value.clause == "§4.4(6)"


def _sig():
    from tests.integration.fieldwork.conftest import data_url

    return data_url(2)


def test_4_4_5_full_flow_completed_with_signature_and_audit(flow):
    order = flow.completed()
    assert order.status == Status.COMPLETED and order.completed_at == flow.now + timedelta(minutes=55)
    signature = Signature.objects.get(target_type="fieldwork.fieldworkorder", target_id=str(order.pk))
    assert signature.signer_name == "王建华" and order.confirmation_signature_sha256 == signature.image_sha256
    assert actions(order) == [
        "fieldwork.order.created", "fieldwork.order.appointed", "fieldwork.order.departed",
        "fieldwork.order.arrived", "fieldwork.order.work_started", "fieldwork.order.finish_recorded",
        "fieldwork.order.confirmed", "fieldwork.order.meals_declared", "fieldwork.order.completed"]


def test_4_4_5_rating_on_site_once(flow):
    order = flow.completed()
    worker = flow.user("field_worker1")
    order = services.order_rate(actor=worker, order=order, rating=5, comment="很满意", now=flow.now)
    assert (order.rating, order.rating_comment, order.rating_via) == (5, "很满意", "ON_SITE")
    with pytest.raises(RuleViolation) as refused:
        services.order_rate(actor=worker, order=order, rating=4, now=flow.now)
    assert refused.value.clause == "§4.4(5)"


def test_4_4_5_rating_refused_before_completion(flow):
    order = flow.working()
    with pytest.raises(RuleViolation) as refused:
        services.order_rate(actor=flow.user("field_worker1"), order=order, rating=5, now=flow.now)
    assert refused.value.clause == "§4.4(5)"


def test_4_4_5_public_rating_link_valid_once(flow):
    order = flow.completed()
    token = services.rating_link_create(actor=flow.user("field_worker1"), order=order, now=flow.now)
    assert RatingLink.objects.get().token_sha256 != token  # only the hash is kept
    shown = selectors.rating_link_get(token=token, now=flow.now)
    assert (shown.number, shown.customer_name) == (order.number, "王建华")
    rated = services.rating_submit_public(token=token, rating=4, comment="准时", client="1.2.3.4", now=flow.now)
    assert (rated.rating, rated.rating_comment, rated.rating_via) == (4, "准时", "LINK")
    assert services.rating_submit_public(token=token, rating=1, client="1.2.3.4", now=flow.now) is None
    assert FieldWorkOrder.objects.get(pk=order.pk).rating == 4
    assert selectors.rating_link_get(token=token, now=flow.now) is None
    assert actions(order)[-2:] == ["fieldwork.order.rating_link_created", "fieldwork.order.rated"]


def test_4_4_5_public_rating_out_of_range_refused_and_link_kept(flow):
    order = flow.completed()
    token = services.rating_link_create(actor=flow.user("field_worker1"), order=order, now=flow.now)
    with pytest.raises(RuleViolation) as refused:
        services.rating_submit_public(token=token, rating=6, client="c", now=flow.now)
    assert refused.value.clause == "§4.4(5)"
    assert services.rating_submit_public(token=token, rating=3, client="c", now=flow.now).rating == 3


def test_4_4_5_public_rating_link_expires(flow):
    order = flow.completed()
    token = services.rating_link_create(actor=flow.user("field_worker1"), order=order, now=flow.now)
    later = flow.now + timedelta(days=services.RATING_LINK_DAYS, seconds=1)
    assert services.rating_submit_public(token=token, rating=5, client="c", now=later) is None


def test_4_4_5_public_rating_guessing_is_throttled(flow):
    for _ in range(services.PUBLIC_FAILURE_LIMIT):
        assert services.rating_submit_public(token="guess", rating=5, client="9.9.9.9", now=flow.now) is None
    with pytest.raises(services.RatingThrottled):
        services.rating_submit_public(token="guess", rating=5, client="9.9.9.9", now=flow.now)
    assert services.rating_submit_public(token="guess", rating=5, client="8.8.8.8", now=flow.now) is None


def test_field_work_order_document_declared_after_work_starts(flow):
    from utilicase.fieldwork import cases

    order = flow.arrived()
    assert cases.work_order_refusal(order).clause == "§4.4(5)"
    order = flow.working(customer=flow.customer)
    assert cases.work_order_refusal(order) is None
    assert cases.work_order_content(order)["service_kind"] == "计量装置装拆、故障处理及校验"


def test_cancel_closes_the_order(flow, example_user):
    order = flow.appointed()
    order = services.order_cancel(actor=example_user("office_head1"), order=order, reason="客户取消", now=flow.now)
    assert order.status == Status.CANCELLED
    with pytest.raises(RuleViolation):
        services.order_depart(actor=flow.user("field_worker1"), order=order, checked=[], now=flow.now)


def test_4_3_inspection_kind_linked_to_its_inspection_order_through_the_registry(flow, other_customer):
    from datetime import date

    from utilicase.inspections import services as inspections

    inspection = inspections.order_create(
        actor=flow.user("inspector1"), kind="ROUTINE", customer=flow.customer, purpose="检查用电安全。",
        planned_date=date(2026, 9, 30), inspectors=[flow.user("inspector1"), flow.user("inspector2")],
        now=flow.now - timedelta(days=2))
    order = flow.order(actor="office_head1", kind=Kind.INSPECTION, link_type="inspections.inspectionorder",
                       link_id=str(inspection.pk))
    assert (order.link_type, order.link_id, order.link_number) == (
        "inspections.inspectionorder", str(inspection.pk), inspection.number)
    with pytest.raises(services.FieldworkInvalid) as bad:  # the inspection of another customer
        flow.order(actor="enterprise_deputy1", kind=Kind.INSPECTION, customer=other_customer,
                   link_type="inspections.inspectionorder", link_id=str(inspection.pk), workers=())
    assert "link_id" in bad.value.errors
