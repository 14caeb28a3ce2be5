"""Deadlines as rows: opening (working days and minutes), meeting (late is recorded), the
open-deadline selector with overdue derived at query time, and their audit events."""

from datetime import date, datetime, timedelta

import pytest

from utilicase.audit.models import AuditEvent
from utilicase.calendar.models import Deadline
from utilicase.calendar.selectors import deadlines_for, open_deadlines_for
from utilicase.calendar.services import DeadlineError, deadline_meet, deadline_open
from utilicase.core.clauses import UnknownClause
from utilicase.core.workdays import SHANGHAI

pytestmark = pytest.mark.django_db


def _reply(org, owner, start, now, n=5):
    return deadline_open(kind="complaint.reply", clause="§6.6(8)", target=org["tf-hall"], owner=owner,
                         owner_unit=org["tf-hall"], start_at=start, working_days=n, now=now)


def test_a_reply_within_5_working_days_ends_at_24_00_on_the_5th_s6_6_8(org, example_user, now):
    deadline = _reply(org, example_user("hall_head1"), now, now)
    deadline.refresh_from_db()
    assert deadline.due_date == date(2026, 10, 13)
    assert deadline.due_at == datetime(2026, 10, 14, 0, 0, tzinfo=SHANGHAI)
    assert deadline.provisional is False
    assert (deadline.target_type, deadline.target_id) == ("org.unit", str(org["tf-hall"].pk))
    event = AuditEvent.objects.get(action="calendar.deadline.opened")
    assert event.target_id == str(deadline.pk) and event.clause == "§6.6(8)"
    assert event.after["due_date"] == "2026-10-13" and event.after["working_days"] == 5


def test_a_complaint_form_within_15_minutes_s6_6_6(org, example_user, now):
    deadline = deadline_open(kind="complaint.form", clause="§6.6(6)", target=org["tf-hall"],
                             owner=example_user("hall_staff1"), owner_unit=None, start_at=now, minutes=15, now=now)
    deadline.refresh_from_db()
    assert deadline.due_at == datetime(2026, 9, 30, 10, 15, tzinfo=SHANGHAI)
    assert deadline.due_date is None and deadline.provisional is False


def test_a_start_in_a_year_without_data_is_provisional_not_refused(org, example_user, now):
    deadline = _reply(org, example_user("hall_head1"), datetime(2031, 3, 3, 9, 0, tzinfo=SHANGHAI), now)
    assert deadline.provisional is True and deadline.due_date == date(2031, 3, 10)


@pytest.mark.parametrize("kw", [{}, {"working_days": 5, "minutes": 15}, {"working_days": -1}, {"minutes": -1}])
def test_exactly_one_non_negative_limit(org, now, kw):
    with pytest.raises(DeadlineError):
        deadline_open(kind="x", clause="", target=org["tf-hall"], owner=None, owner_unit=None, start_at=now,
                      now=now, **kw)
    assert not Deadline.objects.exists()


def test_an_unknown_clause_is_a_programming_error(org, now):
    with pytest.raises(UnknownClause):
        deadline_open(kind="x", clause="§9.9", target=org["tf-hall"], owner=None, owner_unit=None,
                      start_at=now, working_days=1, now=now)


def test_meeting_on_time(org, example_user, now):
    deadline = _reply(org, example_user("hall_head1"), now, now)
    met = deadline_meet(deadline=deadline, now=datetime(2026, 10, 13, 23, 59, tzinfo=SHANGHAI),
                        actor=example_user("hall_head1"))
    assert met.met_at == datetime(2026, 10, 13, 23, 59, tzinfo=SHANGHAI)
    event = AuditEvent.objects.get(action="calendar.deadline.met")
    assert event.after["late"] is False and event.actor_name == "周敏"


def test_a_late_meeting_is_recorded_not_refused(org, example_user, now):
    deadline = _reply(org, example_user("hall_head1"), now, now)
    late = datetime(2026, 10, 14, 0, 1, tzinfo=SHANGHAI)
    deadline_meet(deadline=deadline, now=late)
    deadline.refresh_from_db()
    assert deadline.met_at == late
    assert AuditEvent.objects.get(action="calendar.deadline.met").after["late"] is True


@pytest.mark.parametrize(("met_at", "late"), [
    (datetime(2026, 10, 13, 23, 59, 59, 999999, tzinfo=SHANGHAI), False),
    (datetime(2026, 10, 14, 0, 0, tzinfo=SHANGHAI), True),  # exactly due_at: late
])
def test_meeting_at_due_at_is_late_one_microsecond_before_on_time(org, example_user, now, met_at, late):
    deadline = _reply(org, example_user("hall_head1"), now, now)
    assert deadline.due_at == datetime(2026, 10, 14, 0, 0, tzinfo=SHANGHAI)
    deadline_meet(deadline=deadline, now=met_at)
    assert AuditEvent.objects.get(action="calendar.deadline.met").after["late"] is late


def test_meeting_twice_keeps_the_first_time(org, example_user, now):
    deadline = _reply(org, example_user("hall_head1"), now, now)
    deadline_meet(deadline=deadline, now=now + timedelta(days=1))
    deadline_meet(deadline=deadline, now=now + timedelta(days=2))
    deadline.refresh_from_db()
    assert deadline.met_at == now + timedelta(days=1)
    assert AuditEvent.objects.filter(action="calendar.deadline.met").count() == 1


def test_open_deadlines_sorted_by_due_with_overdue_derived_at_query_time(org, example_user, now):
    head = example_user("hall_head1")
    later = _reply(org, head, now, now, n=10)  # 2026-10-20
    sooner = _reply(org, head, now, now, n=5)  # 2026-10-13
    done = _reply(org, head, now, now, n=1)
    deadline_meet(deadline=done, now=now)
    _reply(org, example_user("hall_staff1"), now, now)  # someone else's

    rows = list(open_deadlines_for(user=head, now=now))
    assert [d.pk for d in rows] == [sooner.pk, later.pk]
    assert [d.is_overdue for d in rows] == [False, False]

    on_the_14th = datetime(2026, 10, 14, 0, 0, 1, tzinfo=SHANGHAI)
    rows = list(open_deadlines_for(user=head, now=on_the_14th))
    assert [(d.pk, d.is_overdue) for d in rows] == [(sooner.pk, True), (later.pk, False)]
    # At exactly 24:00 of the due date (`due_at`, exclusive) the limit has passed: met now, it
    # would be late. One microsecond before, it is not yet overdue.
    at_midnight = datetime(2026, 10, 14, 0, 0, tzinfo=SHANGHAI)
    assert [d.is_overdue for d in open_deadlines_for(user=head, now=at_midnight)] == [True, False]
    just_before = at_midnight - timedelta(microseconds=1)
    assert [d.is_overdue for d in open_deadlines_for(user=head, now=just_before)] == [False, False]
    assert "is_overdue" not in {f.name for f in Deadline._meta.get_fields()}  # never stored


def test_unowned_deadlines_of_my_unit_are_mine(org, example_user, now):
    unit_task = deadline_open(kind="complaint.reply", clause="§6.6(8)", target=org["tf-hall"], owner=None,
                              owner_unit=org["tf-hall"], start_at=now, working_days=5, now=now)
    assert [d.pk for d in open_deadlines_for(user=example_user("hall_staff1"), now=now)] == [unit_task.pk]
    assert list(open_deadlines_for(user=example_user("inspector1"), now=now)) == []


def test_deadlines_of_a_record(org, example_user, now):
    a = _reply(org, example_user("hall_head1"), now, now)
    deadline_open(kind="x", clause="", target=org["tf-gas"], owner=None, owner_unit=None, start_at=now,
                  minutes=15, now=now)
    assert [d.pk for d in deadlines_for(target=org["tf-hall"], now=now)] == [a.pk]


def test_the_home_page_lists_my_deadlines(client, org, example_user, now):
    head = example_user("hall_head1")
    _reply(org, head, now, now)
    client.force_login(head)
    page = client.get("/").content.decode()
    assert "投诉答复" in page and "2026-10-13 24:00前" in page
