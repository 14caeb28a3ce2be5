"""An unanswered complaint escalated by the sweep tells the hall head once (§6.6(8))."""

from datetime import timedelta

import pytest

from utilicase.calendar.services import deadlines_sweep
from utilicase.notifications.models import Kind, Notification

pytestmark = pytest.mark.django_db


def test_s6_6_8_the_hall_head_is_told_of_the_escalation_once(flow, django_capture_on_commit_callbacks):
    c = flow.routed()
    late = c.reply_deadline.due_at + timedelta(minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert deadlines_sweep(now=late) == 1
    with django_capture_on_commit_callbacks(execute=True):
        deadlines_sweep(now=late + timedelta(hours=1))
    told = [(n.recipient.username, n.kind, n.clause, n.target_id, n.title["params"]["number"])
            for n in Notification.objects.select_related("recipient")]
    assert told == [("hall_head1", Kind.ESCALATION, "§6.6(8)", str(c.pk), c.number)]
