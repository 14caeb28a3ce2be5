"""Every complaint transition through its service, and every refusal, with its audit event."""

from datetime import datetime, timedelta

import pytest

from utilicase.audit.models import AuditEvent
from utilicase.calendar.models import Deadline
from utilicase.complaints import services
from utilicase.complaints.models import (
    Channel,
    Complaint,
    ComplaintCategory,
    ComplaintHandOver,
    ComplaintReply,
    Impact,
    ReplyMethod,
    Status,
)
from utilicase.complaints.permissions import NotAllowed
from utilicase.core.rules import RuleViolation
from utilicase.numbering.models import Sequence

pytestmark = pytest.mark.django_db


def events(c: Complaint) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(target_type="complaints.complaint", target_id=str(c.pk)).order_by("seq"))


def last_event(c: Complaint) -> AuditEvent:
    return events(c)[-1]


# -- intake ---------------------------------------------------------------------------------------

def test_receive_records_the_receiver_as_first_contact_owner_s6_5_ii_1(flow, example_user):
    c = flow.receive()
    staff = example_user("hall_staff1")
    assert (c.number, c.status, c.hall.code, c.channel) == ("TS2026000001", "RECEIVED", "tf-hall", "PHONE")
    assert c.received_by == staff and c.first_contact_owner == staff and c.current_owner == staff
    assert c.current_owner_unit.code == "tf-hall"
    event = last_event(c)
    assert (event.action, event.clause, event.actor_id) == ("complaints.complaint.received", "§6.5(i)", staff.pk)
    assert event.after["number"] == "TS2026000001" and event.after["first_contact_owner"] == "hall_staff1"


def test_numbers_are_gapless_per_year_of_acceptance(flow):
    first, second = flow.receive(), flow.receive()
    next_year = flow.receive(started_at=datetime.fromisoformat("2027-01-04T09:00:00+08:00"),
                             now=datetime.fromisoformat("2027-01-04T10:00:00+08:00"))
    assert [first.number, second.number, next_year.number] == ["TS2026000001", "TS2026000002", "TS2027000001"]


def test_receive_links_a_customer_of_the_company(flow, customer):
    c = flow.receive(customer=customer, contact_name="", contact_phone="")
    assert c.customer == customer and c.caller_name == "王建华"


def test_receive_needs_a_customer_or_a_contact_and_stores_nothing(flow):
    with pytest.raises(services.ComplaintInvalid) as exc:
        flow.receive(contact_name="", contact_phone="")
    assert set(exc.value.errors) == {"contact_name"}
    assert Complaint.objects.count() == 0 and Deadline.objects.count() == 0
    assert not Sequence.objects.filter(key="complaint").exists()


def test_receive_refuses_a_bad_phone(flow):
    with pytest.raises(services.ComplaintInvalid) as exc:
        flow.receive(contact_phone="12345")
    assert set(exc.value.errors) == {"contact_phone"}


def test_reception_cannot_end_before_it_started(flow, example_user, now):
    with pytest.raises(services.ComplaintInvalid) as exc:
        services.complaint_receive(actor=example_user("hall_staff1"), channel="VISIT", contact_name="李",
                                   contact_phone="13899001122", content="x", reception_started_at=now,
                                   reception_ended_at=now - timedelta(minutes=1), now=now)
    assert list(exc.value.errors) == ["reception_ended_at"]


def test_reception_cannot_end_in_the_future(flow, example_user, now):
    with pytest.raises(services.ComplaintInvalid) as exc:
        services.complaint_receive(actor=example_user("hall_staff1"), channel="VISIT", contact_name="李",
                                   contact_phone="13899001122", content="x", reception_started_at=now,
                                   reception_ended_at=now + timedelta(minutes=1), now=now)
    assert list(exc.value.errors) == ["reception_ended_at"]


def test_unknown_channel_is_refused(flow):
    with pytest.raises(services.ComplaintInvalid) as exc:
        flow.receive(channel="FAX")
    assert list(exc.value.errors) == ["channel"]


# -- the form (§6.6(6)) and the record (§6.5(ii)(7)) ------------------------------------------------

def test_form_on_time_meets_its_deadline_s6_6_6(flow):
    c = flow.receive()
    just_before = c.reception_ended_at + timedelta(minutes=15) - timedelta(microseconds=1)
    done = flow.complete_form(c, at=just_before)
    assert done.form_late is False
    assert Deadline.objects.get(pk=c.form_deadline_id).met_at == just_before
    event = last_event(c)
    assert (event.action, event.clause, event.after["late"]) == ("complaints.complaint.form_completed", "§6.6(6)",
                                                                 False)


def test_late_form_is_recorded_as_late_not_refused_s6_6_6(flow):
    c = flow.receive()
    done = flow.complete_form(c, at=c.reception_ended_at + timedelta(minutes=15))  # exactly due_at
    assert done.form_completed_at is not None and done.form_late is True
    assert last_event(c).after["late"] is True


def test_form_completion_may_replace_the_quick_note(flow, example_user):
    c = flow.receive(content="电费")
    done = services.complaint_form_complete(actor=example_user("hall_staff1"), complaint=c,
                                            content="9月电费比8月高出一倍，要求核查电表。", now=c.reception_ended_at)
    assert done.content == "9月电费比8月高出一倍，要求核查电表。"
    assert last_event(c).before["content"] == "电费"


def test_form_is_completed_once_s6_6_6(flow):
    c = flow.receive()
    flow.complete_form(c)
    with pytest.raises(RuleViolation) as exc:
        flow.complete_form(c)
    assert exc.value.clause == "§6.6(6)"


def test_record_confirmed_by_the_customer_s6_5_ii_7(flow):
    c = flow.receive()
    done = flow.confirm(c)
    assert done.record_confirmed_at == c.reception_ended_at + timedelta(minutes=6)
    assert done.record_confirmation == "READ_BACK"
    assert (last_event(c).action, last_event(c).clause) == ("complaints.complaint.record_confirmed", "§6.5(ii)(7)")


def test_record_is_confirmed_once_s6_5_ii_7(flow):
    c = flow.receive()
    flow.confirm(c)
    with pytest.raises(RuleViolation) as exc:
        flow.confirm(c)
    assert exc.value.clause == "§6.5(ii)(7)"


# -- assessment (§6.6(1-4)) ------------------------------------------------------------------------

def test_assessment_needs_the_completed_form_s6_5_i(flow):
    c = flow.receive()
    flow.confirm(c)
    with pytest.raises(RuleViolation) as exc:
        flow.assess(c)
    assert exc.value.clause == "§6.5(i)"
    assert Complaint.objects.get(pk=c.pk).status == "RECEIVED"


def test_phone_complaint_is_read_back_before_assessment_s6_5_ii_7(flow):
    c = flow.receive()
    flow.complete_form(c)
    with pytest.raises(RuleViolation) as exc:
        flow.assess(c)
    assert exc.value.clause == "§6.5(ii)(7)"


def test_opinion_box_complaint_is_assessed_without_read_back_s6_5_ii_7(flow):
    c = flow.receive(channel=Channel.OPINION_BOX)
    flow.complete_form(c)
    assert flow.assess(c).status == "ASSESSED"


def test_assessment_records_class_impact_validity_and_fault_s6_6_1_4(flow, example_user):
    c = flow.receive()
    flow.complete_form(c)
    flow.confirm(c)
    done = flow.assess(c, at_fault=True, category="service-attitude")
    assert (done.status, done.category.code, done.impact, done.is_valid, done.company_at_fault) == (
        "ASSESSED", "service-attitude", "MODERATE", True, True)
    assert done.validity_reason == "电表运行异常，情况属实。"
    assert done.apology_text == "非常抱歉给您带来不便。" and done.apologised_at == done.assessed_at
    assert done.assessed_by == example_user("hall_staff1")
    event = last_event(c)
    assert (event.action, event.clause) == ("complaints.complaint.assessed", "§6.6(1-4)")
    assert event.before["status"] == "RECEIVED" and event.after["category"] == "service-attitude"


def test_at_fault_assessment_needs_an_apology_s6_6_3(flow, example_user):
    c = flow.receive()
    flow.complete_form(c)
    flow.confirm(c)
    with pytest.raises(RuleViolation) as exc:
        services.complaint_assess(actor=example_user("hall_staff1"), complaint=c,
                                  category=ComplaintCategory.objects.get(code="other"), impact=Impact.MINOR,
                                  is_valid=True, validity_reason="属实", company_at_fault=True, apology_text="",
                                  now=c.reception_ended_at)
    assert exc.value.clause == "§6.6(3)"
    assert Complaint.objects.get(pk=c.pk).assessed_at is None


def test_assessment_needs_a_reason_and_decisions(flow, example_user):
    c = flow.receive()
    flow.complete_form(c)
    flow.confirm(c)
    with pytest.raises(services.ComplaintInvalid) as exc:
        services.complaint_assess(actor=example_user("hall_staff1"), complaint=c, category=None, impact="HUGE",
                                  is_valid=None, validity_reason=" ", company_at_fault=None, now=c.reception_ended_at)
    assert set(exc.value.errors) == {"category", "impact", "is_valid", "validity_reason", "company_at_fault"}


def test_a_complaint_may_be_reassessed_before_routing(flow):
    c = flow.assessed()
    again = flow.assess(c, category="other")
    assert again.category.code == "other" and again.status == "ASSESSED"


# -- routing (§6.5(i), §6.6(4), §6.6(7)) -----------------------------------------------------------

def test_forwarding_needs_assessment_s6_6_4(flow):
    c = flow.receive()
    flow.complete_form(c)
    flow.confirm(c)
    with pytest.raises(RuleViolation) as exc:
        flow.route(c)
    assert exc.value.clause == "§6.6(4)"
    assert Complaint.objects.get(pk=c.pk).routed_to_unit is None


def test_route_to_a_department_moves_the_reply_deadline_s6_5_i(flow, example_user):
    c = flow.assessed()
    due_before = c.reply_deadline.due_at
    routed = flow.route(c)
    handler = example_user("handler1")
    assert (routed.status, routed.routed_to_unit.code, routed.handler, routed.current_owner) == (
        "ROUTED", "tf-power-marketing", handler, handler)
    deadline = Deadline.objects.get(pk=c.reply_deadline_id)
    assert (deadline.owner, deadline.owner_unit.code, deadline.due_at) == (handler, "tf-power-marketing", due_before)
    assert routed.first_contact_owner == example_user("hall_staff1")
    event = last_event(c)
    assert (event.action, event.clause, event.after["routed_to_unit"]) == (
        "complaints.complaint.routed", "§6.5(i)", "tf-power-marketing")


def test_route_without_a_handler_goes_to_the_unit(flow):
    routed = flow.route(flow.assessed(), handler=None)
    assert routed.current_owner is None and routed.current_owner_unit.code == "tf-power-marketing"
    assert Deadline.objects.get(pk=routed.reply_deadline_id).owner is None


def test_opinion_book_complaint_goes_to_the_hall_head_first_s6_6_7(flow):
    c = flow.receive(channel=Channel.OPINION_BOOK)
    flow.complete_form(c)
    flow.assess(c)
    with pytest.raises(RuleViolation) as exc:
        flow.route(c)
    assert exc.value.clause == "§6.6(7)"


def test_opinion_book_complaint_routed_to_the_hall_head_s6_6_7(flow, example_user):
    c = flow.receive(channel=Channel.OPINION_BOOK)
    flow.complete_form(c)
    flow.assess(c)
    routed = flow.route(c, unit="tf-hall", handler=None)
    head = example_user("hall_head1")
    assert (routed.routed_to_unit.code, routed.handler, routed.current_owner) == ("tf-hall", head, head)
    assert last_event(c).clause == "§6.6(7)"


def book_with_the_head(flow) -> Complaint:
    c = flow.receive(channel=Channel.OPINION_BOOK)
    flow.complete_form(c)
    flow.assess(c)
    return flow.route(c, unit="tf-hall", handler=None)


def test_hall_head_passes_an_opinion_book_complaint_on_with_the_reason_s6_6_7(flow, example_user):
    c = book_with_the_head(flow)
    onward = services.complaint_route(actor=example_user("hall_head1"), complaint=c,
                                      unit=flow.org["tf-power-marketing"], handler=example_user("handler1"),
                                      reason="涉及电表更换，营业厅无法直接答复。", now=flow.now + timedelta(hours=1))
    assert (onward.routed_to_unit.code, onward.status) == ("tf-power-marketing", "ROUTED")
    event = last_event(c)
    assert (event.clause, event.after["reason"]) == ("§6.5(i)", "涉及电表更换，营业厅无法直接答复。")


def test_hall_head_cannot_pass_it_on_without_the_reason_s6_6_7(flow):
    c = book_with_the_head(flow)
    with pytest.raises(RuleViolation) as exc:
        flow.route(c, actor="hall_head1")
    assert exc.value.clause == "§6.6(7)"
    assert Complaint.objects.get(pk=c.pk).routed_to_unit.code == "tf-hall"


def test_the_clerk_cannot_route_it_past_the_hall_head_s6_6_7(flow, example_user):
    c = book_with_the_head(flow)
    with pytest.raises(RuleViolation) as exc:
        services.complaint_route(actor=example_user("hall_staff1"), complaint=c, unit=flow.org["tf-power-marketing"],
                                 reason="营业厅无法答复", now=flow.now + timedelta(hours=1))
    assert exc.value.clause == "§6.6(7)"
    assert Complaint.objects.get(pk=c.pk).routed_to_unit.code == "tf-hall"


def book_reply(flow, c, method):
    return services.complaint_reply(actor=flow.user("hall_head1"), complaint=c, method=method,
                                    content="已核实，电费按实际用量重新结算。", now=flow.now + timedelta(hours=2))


def test_the_head_answers_an_opinion_book_complaint_by_the_phone_left_s6_6_7(flow):
    c = book_with_the_head(flow)  # the customer left 13899001122 and no address
    for method in (ReplyMethod.IN_PERSON, ReplyMethod.LETTER):
        with pytest.raises(RuleViolation) as exc:
            book_reply(flow, c, method)
        assert exc.value.clause == "§6.6(7)"
    assert not ComplaintReply.objects.filter(complaint=c).exists()
    assert book_reply(flow, c, ReplyMethod.SMS).method == "SMS"


def test_an_address_on_the_customer_record_allows_a_letter_s6_6_7(flow, customer):
    c = flow.receive(channel=Channel.OPINION_BOOK, customer=customer, contact_name="", contact_phone="")
    flow.complete_form(c)
    flow.assess(c)
    flow.route(c, unit="tf-hall", handler=None)
    assert book_reply(flow, c, ReplyMethod.LETTER).method == "LETTER"


def test_route_only_to_a_department_or_the_hall(flow):
    with pytest.raises(services.ComplaintInvalid) as exc:
        flow.route(flow.assessed(), unit="tf-power-city", handler=None)
    assert list(exc.value.errors) == ["unit"]


def test_route_handler_must_be_a_handler_of_that_unit(flow):
    with pytest.raises(services.ComplaintInvalid) as exc:
        flow.route(flow.assessed(), handler="hall_head1")
    assert list(exc.value.errors) == ["handler"]


def test_route_again_to_the_same_unit_is_refused(flow):
    c = flow.routed()
    with pytest.raises(services.ComplaintInvalid) as exc:
        flow.route(c, actor="hall_head1")
    assert list(exc.value.errors) == ["unit"]


# -- reply and close (§6.6(8)) --------------------------------------------------------------------

def test_reply_records_method_content_who_and_when_s6_6_8(flow, example_user):
    c = flow.routed()
    at = c.reception_ended_at + timedelta(days=2)
    reply = flow.reply(c, at=at)
    c.refresh_from_db()
    assert (reply.method, reply.replied_by, reply.replied_at) == ("PHONE", example_user("handler1"), at)
    assert reply.content == "已核查电表并更换，多收电费予以退还。"
    assert c.status == "REPLIED" and c.current_owner == example_user("hall_staff1")
    assert Deadline.objects.get(pk=c.reply_deadline_id).met_at == at
    event = last_event(c)
    assert (event.action, event.clause, event.after["on_time"]) == ("complaints.complaint.replied", "§6.6(8)", True)


def test_late_reply_is_recorded_as_late_s6_6_8(flow):
    c = flow.routed()
    flow.reply(c, at=c.reply_deadline.due_at + timedelta(hours=1))
    assert last_event(c).after["on_time"] is False


def test_before_routing_nobody_is_the_replier(flow):
    c = flow.assessed()
    for username in ("hall_head1", "hall_staff1", "handler1"):
        with pytest.raises(NotAllowed):
            flow.reply(c, actor=username)
    assert not ComplaintReply.objects.exists()


def test_a_complaint_is_replied_once_s6_6_8(flow):
    c = flow.replied()
    with pytest.raises(RuleViolation) as exc:
        flow.reply(c)
    assert exc.value.clause == "§6.6(8)"


@pytest.mark.parametrize("stage", ["receive", "assessed", "routed"])
def test_closing_without_a_reply_is_impossible_s6_6_8(flow, stage):
    c = getattr(flow, stage)()
    with pytest.raises(RuleViolation) as exc:
        flow.close(c)
    assert exc.value.clause == "§6.6(8)"
    assert Complaint.objects.get(pk=c.pk).closed_at is None


def test_close_after_the_reply_s6_6_8(flow):
    c = flow.replied()
    closed = flow.close(c)
    assert closed.status == Status.CLOSED and closed.closed_at is not None
    assert (last_event(c).action, last_event(c).clause) == ("complaints.complaint.closed", "§6.6(8)")


def test_each_step_writes_one_complaint_event_with_its_clause(flow):
    c = flow.replied()
    flow.close(c)
    assert [(e.action.rsplit(".", 1)[1], e.clause) for e in events(c)] == [
        ("received", "§6.5(i)"), ("form_completed", "§6.6(6)"), ("record_confirmed", "§6.5(ii)(7)"),
        ("assessed", "§6.6(1-4)"), ("routed", "§6.5(i)"), ("replied", "§6.6(8)"), ("closed", "§6.6(8)"),
    ]


# -- hand-over (§6.5(ii)(1)) and links ----------------------------------------------------------------

def test_hand_over_passes_first_contact_and_its_deadlines_s6_5_ii_1(flow, example_user):
    c = flow.receive()
    staff, head = example_user("hall_staff1"), example_user("hall_head1")
    row = services.complaint_hand_over(actor=staff, complaint=c, to_user=head, note="客户要求负责人处理",
                                       now=c.reception_ended_at)
    c.refresh_from_db()
    assert (row.from_user, row.to_user, row.handed_over_at, row.note) == (staff, head, c.reception_ended_at,
                                                                          "客户要求负责人处理")
    assert c.first_contact_owner == head and c.current_owner == head and c.received_by == staff
    assert set(Deadline.objects.filter(pk__in=[c.form_deadline_id, c.reply_deadline_id])
               .values_list("owner__username", flat=True)) == {"hall_head1"}
    assert (last_event(c).action, last_event(c).clause) == ("complaints.complaint.handed_over", "§6.5(ii)(1)")


def test_hand_over_after_routing_keeps_the_department_as_owner_s6_5_ii_1(flow, example_user):
    c = flow.routed()
    services.complaint_hand_over(actor=example_user("hall_staff1"), complaint=c, to_user=example_user("hall_head1"),
                                 now=c.reception_ended_at + timedelta(hours=1))
    c.refresh_from_db()
    assert c.first_contact_owner.username == "hall_head1" and c.current_owner.username == "handler1"
    assert Deadline.objects.get(pk=c.reply_deadline_id).owner.username == "handler1"


def test_hand_over_is_refused_once_closed_s6_5_ii_1(flow, example_user):
    c = flow.replied()
    flow.close(c)
    with pytest.raises(RuleViolation) as exc:
        services.complaint_hand_over(actor=example_user("hall_staff1"), complaint=c,
                                     to_user=example_user("hall_head1"), now=c.reception_ended_at + timedelta(days=3))
    assert exc.value.clause == "§6.5(ii)(1)"
    assert not ComplaintHandOver.objects.exists()


def test_hand_over_only_to_the_hall_staff(flow, example_user):
    c = flow.receive()
    with pytest.raises(services.ComplaintInvalid) as exc:
        services.complaint_hand_over(actor=example_user("hall_staff1"), complaint=c,
                                     to_user=example_user("handler1"), now=c.reception_ended_at)
    assert list(exc.value.errors) == ["to_user"]


def test_link_a_customer_found_later(flow, example_user, customer):
    c = flow.receive()
    link = services.complaint_link(actor=example_user("hall_staff1"), complaint=c, target_type="CUSTOMER",
                                   target_id=str(customer.pk), now=c.reception_ended_at)
    c.refresh_from_db()
    assert c.customer == customer and link.label == "1010000001 王建华"
    assert (last_event(c).action, last_event(c).clause) == ("complaints.complaint.linked", "§6.5(i)")


def test_link_an_incident_by_reference_s6_6_9(flow, example_user):
    c = flow.routed()
    link = services.complaint_link(actor=example_user("handler1"), complaint=c, target_type="INCIDENT",
                                   target_id="SJ-2026-0931", label="城区10kV线路故障", now=c.reception_ended_at)
    assert (link.target_type, link.target_id, link.label) == ("INCIDENT", "SJ-2026-0931", "城区10kV线路故障")
    assert last_event(c).clause == "§6.6(9)"
    with pytest.raises(services.ComplaintInvalid):
        services.complaint_link(actor=example_user("handler1"), complaint=c, target_type="INCIDENT",
                                target_id="SJ-2026-0931", now=c.reception_ended_at)


def test_link_an_unknown_customer_is_refused(flow, example_user):
    c = flow.receive()
    with pytest.raises(services.ComplaintInvalid) as exc:
        services.complaint_link(actor=example_user("hall_staff1"), complaint=c, target_type="CUSTOMER",
                                target_id="999999", now=c.reception_ended_at)
    assert list(exc.value.errors) == ["target_id"]

