"""The complaint deadlines on the working-day calendar, and the sweep that escalates an
unanswered complaint to the hall head once (§6.6(6), §6.6(8))."""

from datetime import date, datetime, timedelta

import pytest

from utilicase.audit.models import AuditEvent
from utilicase.calendar.models import Deadline
from utilicase.calendar.selectors import open_deadlines_for
from utilicase.calendar.services import deadline_open, deadlines_sweep
from utilicase.complaints.models import Complaint
from utilicase.complaints.selectors import complaint_worklist
from utilicase.complaints.services import complaint_escalate

pytestmark = pytest.mark.django_db


def at(text: str) -> datetime:
    return datetime.fromisoformat(text + "+08:00")


def test_reply_due_five_working_days_after_acceptance_s6_6_8(flow):
    c = flow.receive(started_at=at("2026-09-30T10:00"), minutes=0)
    deadline = c.reply_deadline
    # National Day: 10-01..10-07 off, Saturday 10-10 worked; the day of acceptance is not counted.
    assert (deadline.kind, deadline.clause, deadline.due_date) == ("complaint.reply", "§6.6(8)", date(2026, 10, 13))
    assert deadline.due_at == at("2026-10-14T00:00") and deadline.provisional is False
    assert deadline.working_days == 5 and deadline.start_at == at("2026-09-30T10:00")


def test_form_due_15_minutes_after_reception_ends_s6_6_6(flow):
    c = flow.receive(started_at=at("2026-09-30T09:40"), minutes=20)
    deadline = c.form_deadline
    assert (deadline.kind, deadline.clause, deadline.minutes) == ("complaint.form", "§6.6(6)", 15)
    assert deadline.start_at == at("2026-09-30T10:00") and deadline.due_at == at("2026-09-30T10:15")
    assert deadline.due_date is None


def test_both_deadlines_are_the_receivers_until_routed(flow):
    c = flow.receive()
    assert [d.kind for d in open_deadlines_for(user=c.received_by, now=c.reception_ended_at)] == [
        "complaint.form", "complaint.reply"]


def test_routing_hands_the_reply_deadline_to_the_handler_s6_6_8(flow, example_user):
    c = flow.routed()
    assert [d.kind for d in open_deadlines_for(user=example_user("handler1"), now=c.reception_ended_at)] == [
        "complaint.reply"]
    assert list(open_deadlines_for(user=example_user("hall_staff1"), now=c.reception_ended_at)) == []


def test_sweep_escalates_an_unanswered_complaint_to_the_hall_head_once_s6_6_8(flow, example_user):
    c = flow.routed()
    late = c.reply_deadline.due_at + timedelta(minutes=1)
    head = example_user("hall_head1")
    assert c not in complaint_worklist(user=head, now=late)
    assert deadlines_sweep(now=late) == 1
    c.refresh_from_db()
    assert c.escalated_at == late and c.escalated
    assert deadlines_sweep(now=late + timedelta(hours=1)) == 0
    escalations = AuditEvent.objects.filter(action="complaints.complaint.escalated", target_id=str(c.pk))
    assert escalations.count() == 1
    assert (escalations[0].clause, escalations[0].after["to"]) == ("§6.6(8)", ["hall_head1"])
    listed = complaint_worklist(user=head, now=late)
    assert [x.pk for x in listed] == [c.pk] and listed[0].is_overdue


def test_sweep_leaves_replied_and_not_yet_due_complaints(flow):
    replied = flow.replied()
    waiting = flow.routed()
    assert deadlines_sweep(now=waiting.reply_deadline.due_at - timedelta(minutes=1)) == 0
    assert not Complaint.objects.filter(pk__in=[replied.pk, waiting.pk], escalated_at__isnull=False).exists()


def test_a_late_form_is_not_escalated_s6_6_6(flow):
    c = flow.receive()
    assert deadlines_sweep(now=c.form_deadline.due_at + timedelta(minutes=30)) == 0
    c.refresh_from_db()
    assert c.escalated_at is None


def test_an_escalated_complaint_is_answered_normally_afterwards(flow):
    c = flow.routed()
    deadlines_sweep(now=c.reply_deadline.due_at + timedelta(minutes=1))
    flow.reply(c, at=c.reply_deadline.due_at + timedelta(hours=2))
    c.refresh_from_db()
    assert c.status == "REPLIED" and c.escalated


def test_the_handler_leaves_a_reply_deadline_of_another_record_alone(flow, org, now):
    c = flow.routed()
    other = deadline_open(kind="complaint.reply", clause="§6.6(8)", target=org["tf-hall"], start_at=now,
                          working_days=5, now=now)
    complaint_escalate(Deadline(kind="complaint.reply", target_type="org.unit", target_id=str(c.pk),
                                due_at=other.due_at), other.due_at)
    c.refresh_from_db()
    assert c.escalated_at is None
