"""Reassigning a deadline, and the sweep that escalates overdue ones once each."""

from datetime import timedelta

import pytest
from django.core.management import call_command

from utilicase.audit.models import AuditEvent
from utilicase.calendar.services import (
    ESCALATIONS,
    DeadlineError,
    deadline_meet,
    deadline_open,
    deadline_reassign,
    deadlines_sweep,
    register_escalation,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def escalated(monkeypatch):
    seen = []
    monkeypatch.setitem(ESCALATIONS, "test.reply", lambda deadline, now: seen.append(deadline.pk))
    return seen


def _open(org, owner, now, kind="test.reply"):
    return deadline_open(kind=kind, clause="§6.6(8)", target=org["tf-hall"], owner=owner, owner_unit=None,
                         start_at=now, working_days=5, now=now)


def test_reassign_moves_the_owner_not_the_limit(org, example_user, now):
    deadline = _open(org, example_user("hall_staff1"), now)
    moved = deadline_reassign(deadline=deadline, owner=example_user("handler1"), owner_unit=org["tf-power-marketing"],
                              now=now)
    assert moved.owner.username == "handler1" and moved.due_at == deadline.due_at
    event = AuditEvent.objects.get(action="calendar.deadline.reassigned")
    assert event.before["owner"] == example_user("hall_staff1").pk


def test_a_met_deadline_cannot_be_reassigned(org, example_user, now):
    deadline = deadline_meet(deadline=_open(org, None, now), now=now)
    with pytest.raises(DeadlineError):
        deadline_reassign(deadline=deadline, owner=example_user("handler1"), now=now)


def test_sweep_escalates_overdue_deadlines_once(org, now, escalated):
    overdue = _open(org, None, now)
    late = overdue.due_at + timedelta(minutes=1)
    assert deadlines_sweep(now=late) == 1
    assert escalated == [overdue.pk]
    assert deadlines_sweep(now=late + timedelta(hours=1)) == 0
    assert escalated == [overdue.pk]
    overdue.refresh_from_db()
    assert overdue.escalated_at == late
    assert AuditEvent.objects.filter(action="calendar.deadline.escalated").count() == 1


def test_sweep_leaves_met_not_yet_due_and_unregistered_kinds(org, now, escalated):
    met = deadline_meet(deadline=_open(org, None, now), now=now)
    not_due = _open(org, None, now + timedelta(days=30))
    other = _open(org, None, now, kind="test.unregistered")
    assert deadlines_sweep(now=met.due_at + timedelta(minutes=1)) == 0
    assert escalated == []
    assert not_due.pk and other.pk


def test_sweep_command(org, now, escalated, capsys):
    register_escalation("test.reply", ESCALATIONS["test.reply"])
    _open(org, None, now - timedelta(days=30))
    call_command("sweep", "--lang", "en")
    assert capsys.readouterr().out.splitlines()[0] == "escalated 1 overdue deadline(s)"
    call_command("sweep", "--lang", "zh-hans")
    assert capsys.readouterr().out.splitlines()[0] == "已升级 0 个逾期期限"
