"""Two sweeps at once on PostgreSQL (SQLite in memory cannot serve parallel connections): each
overdue complaint is escalated once (§6.6(8)), with one audit event and one notice to its hall
head, however the two sweeps interleave."""

from datetime import timedelta

import pytest
from django.db import connection  # noqa: F401 - read by the skipif condition

from tests.integration.inspections.test_races import _race
from utilicase.audit.models import AuditEvent
from utilicase.calendar.services import deadlines_sweep
from utilicase.complaints.models import Complaint
from utilicase.notifications.models import Kind, Notification

pytestmark = [
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="concurrent connections need a server database"),
    pytest.mark.django_db(transaction=True),
]


def test_s6_6_8_two_sweeps_at_once_escalate_each_complaint_once(flow):
    complaints = [flow.routed() for _ in range(4)]
    late = max(c.reply_deadline.due_at for c in complaints) + timedelta(minutes=1)
    results = _race(3, lambda i: deadlines_sweep(now=late))
    assert not [r for r in results if isinstance(r, Exception)], results
    assert sum(results) == 4  # each escalation counted by the one sweep that made it
    pks = sorted(str(c.pk) for c in complaints)
    escalated = AuditEvent.objects.filter(action="complaints.complaint.escalated")
    assert sorted(escalated.values_list("target_id", flat=True)) == pks
    assert AuditEvent.objects.filter(action="calendar.deadline.escalated").count() == 4
    assert Complaint.objects.filter(pk__in=pks, escalated_at=late).count() == 4
    told = Notification.objects.filter(kind=Kind.ESCALATION)
    assert sorted(told.values_list("target_id", flat=True)) == pks
    assert set(told.values_list("recipient__username", flat=True)) == {"hall_head1"}
    assert deadlines_sweep(now=late + timedelta(hours=1)) == 0
