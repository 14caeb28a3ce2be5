"""Who may do what (403-style NotAllowed, not RuleViolation) and who sees which complaint
(else the same 404 as a missing one); the work lists."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied

from utilicase.complaints.models import Channel, Complaint
from utilicase.complaints.permissions import NotAllowed, can_receive_complaint
from utilicase.complaints.selectors import complaint_get, complaint_list, complaint_worklist
from utilicase.core.rules import RuleViolation
from utilicase.demo.data import DEMO_PASSWORD
from utilicase.org.models import Role
from utilicase.org.services import staff_create

pytestmark = pytest.mark.django_db


def visible_to(username: str, example_user, now) -> set[str]:
    return {c.number for c in complaint_list(user=example_user(username), now=now)}


@pytest.mark.parametrize(("username", "allowed"), [
    ("hall_staff1", True), ("hall_head1", True), ("handler1", False), ("inspector1", False),
    ("office_head1", False), ("company_deputy1", False), ("discipline1", False), ("admin", False),
])
def test_only_hall_staff_take_complaints(example_user, username, allowed):
    assert can_receive_complaint(example_user(username)) is allowed


def test_a_handler_cannot_take_a_complaint(flow):
    with pytest.raises(NotAllowed):
        flow.receive(actor="handler1")
    assert not Complaint.objects.exists()


def test_permission_refusal_is_not_a_rule_violation(flow):
    with pytest.raises(PermissionDenied) as exc:
        flow.receive(actor="inspector1")
    assert not isinstance(exc.value, RuleViolation)


def test_only_the_first_contact_owner_or_hall_head_routes(flow, org, now):
    other = staff_create(actor=None, username="hall_staff2", full_name="钱多", role=Role.HALL_STAFF,
                         unit=org["tf-hall"], password=DEMO_PASSWORD, now=now)
    c = flow.assessed()
    for username in ("hall_staff2", "handler1", "company_deputy1"):
        with pytest.raises(NotAllowed):
            flow.route(c, actor=username)
    assert other.pk and flow.route(c, actor="hall_head1").status == "ROUTED"


def test_only_the_named_handler_replies(flow, org, now):
    staff_create(actor=None, username="handler2", full_name="郭强", role=Role.HANDLER,
                 unit=org["tf-power-marketing"], password=DEMO_PASSWORD, now=now)
    c = flow.routed()
    for username in ("handler2", "hall_staff1", "hall_head1", "enterprise_deputy1"):
        with pytest.raises(NotAllowed):
            flow.reply(c, actor=username)
    assert flow.reply(c, actor="handler1").replied_by.username == "handler1"


def test_any_handler_of_the_unit_replies_when_none_is_named(flow, org, now):
    staff_create(actor=None, username="handler2", full_name="郭强", role=Role.HANDLER,
                 unit=org["tf-power-marketing"], password=DEMO_PASSWORD, now=now)
    c = flow.route(flow.assessed(), handler=None)
    assert flow.reply(c, actor="handler2").replied_by.username == "handler2"


def test_the_hall_head_replies_to_an_opinion_book_complaint_s6_6_7(flow):
    c = flow.receive(channel=Channel.OPINION_BOOK)
    flow.complete_form(c)
    flow.assess(c)
    flow.route(c, unit="tf-hall", handler=None)
    with pytest.raises(NotAllowed):
        flow.reply(c, actor="hall_staff1")
    assert flow.reply(c, actor="hall_head1").replied_by.username == "hall_head1"


def test_a_handler_cannot_close(flow):
    c = flow.replied()
    with pytest.raises(NotAllowed):
        flow.close(c, actor="handler1")
    assert flow.close(c, actor="hall_head1").status == "CLOSED"


def test_a_handler_cannot_assess(flow):
    c = flow.receive()
    flow.complete_form(c)
    flow.confirm(c)
    with pytest.raises(NotAllowed):
        flow.assess(c, actor="handler1")


def test_visibility_before_routing(flow, example_user, now):
    c = flow.receive()
    assert visible_to("hall_staff1", example_user, now) == {c.number}
    assert visible_to("hall_head1", example_user, now) == {c.number}
    assert visible_to("company_deputy1", example_user, now) == {c.number}
    for username in ("handler1", "enterprise_deputy1", "office_head1", "inspector1", "discipline1", "admin"):
        assert visible_to(username, example_user, now) == set(), username


def test_visibility_after_routing_to_a_department(flow, example_user, now):
    c = flow.routed()
    for username in ("hall_staff1", "hall_head1", "handler1", "enterprise_deputy1", "company_deputy1"):
        assert visible_to(username, example_user, now) == {c.number}, username
    for username in ("office_head1", "inspector1", "field_worker1", "discipline1", "admin"):
        assert visible_to(username, example_user, now) == set(), username


def test_out_of_sight_is_the_same_as_missing(flow, example_user, now):
    c = flow.receive()
    with pytest.raises(Complaint.DoesNotExist):
        complaint_get(user=example_user("handler1"), id=c.pk, now=now)
    with pytest.raises(Complaint.DoesNotExist):
        complaint_get(user=example_user("hall_staff1"), id=c.pk + 1000, now=now)
    assert complaint_get(user=example_user("hall_staff1"), id=c.pk, now=now).number == c.number


def test_worklists_follow_the_complaint(flow, example_user, now):
    c = flow.assessed()
    staff, handler = example_user("hall_staff1"), example_user("handler1")
    assert [x.pk for x in complaint_worklist(user=staff, now=now)] == [c.pk]
    flow.route(c)
    assert list(complaint_worklist(user=staff, now=now)) == []
    assert [x.pk for x in complaint_worklist(user=handler, now=now)] == [c.pk]
    flow.reply(c)
    assert [x.pk for x in complaint_worklist(user=staff, now=now)] == [c.pk]  # back to the hall to close
    assert list(complaint_worklist(user=handler, now=now)) == []
    flow.close(c)
    assert list(complaint_worklist(user=staff, now=now)) == []


def test_worklist_is_sorted_by_due_time_with_overdue_flagged(flow, example_user, now):
    older = flow.receive(started_at=now - timedelta(days=10))
    flow.complete_form(older, at=older.reception_ended_at + timedelta(minutes=1))
    newer = flow.receive()  # its next deadline is the 15-minute form
    listed = list(complaint_worklist(user=example_user("hall_staff1"), now=now))
    assert [x.pk for x in listed] == [older.pk, newer.pk]
    assert [x.is_overdue for x in listed] == [True, False]
    assert listed[0].next_due_at == older.reply_deadline.due_at
    assert listed[1].next_due_at == newer.form_deadline.due_at


def test_unit_queue_shows_on_every_handlers_list(flow, org, example_user, now):
    other = staff_create(actor=None, username="handler2", full_name="郭强", role=Role.HANDLER,
                         unit=org["tf-power-marketing"], password=DEMO_PASSWORD, now=now)
    c = flow.route(flow.assessed(), handler=None)
    assert [x.pk for x in complaint_worklist(user=other, now=now)] == [c.pk]
    assert [x.pk for x in complaint_worklist(user=example_user("handler1"), now=now)] == [c.pk]
