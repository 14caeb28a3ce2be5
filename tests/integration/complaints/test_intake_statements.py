"""What one intake costs the database (§6.5(i)): the statements of complaint_receive, pinned so
that a change that adds a query shows here, and their order: the number sequence's row lock and
the audit chain head's lock, which every intake waits for, come last."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from utilicase.audit.models import AuditEvent
from utilicase.audit.selectors import chain_verify
from utilicase.complaints import services
from utilicase.complaints.models import Channel, Complaint

pytestmark = pytest.mark.django_db

# The complaint INSERT, the holiday notices, the two deadlines' INSERTs, one UPDATE of the
# complaint's copy of its due times, the sequence's UPDATE … RETURNING (its row lock), the
# complaint's UPDATE (number and deadlines), the chain head's SELECT … FOR UPDATE, the events'
# INSERT and the head's UPDATE: 10; and, inside the test's own transaction, the SAVEPOINT and
# RELEASE of complaint_receive's.
STATEMENTS = 10 + 2


def _receive(staff, now):
    return services.complaint_receive(
        actor=staff, channel=Channel.PHONE, contact_name="李秀英",
        contact_phone="13899001122", content="电费突增，要求核查电表。",
        reception_started_at=now - timedelta(minutes=10), reception_ended_at=now, now=now)


def test_6_5_i_one_intake_runs_a_pinned_number_of_statements(example_user, now):
    staff = example_user("hall_staff1")  # with its unit, as the API's authentication gives it
    _receive(staff, now)  # the sequence row of the year exists from now on
    with CaptureQueriesContext(connection) as queries:
        complaint = _receive(staff, now)
    sql = [q["sql"] for q in queries]
    assert len(sql) == STATEMENTS, "\n".join(sql)
    assert sum('FROM "workcalendar_holidaynotice"' in s for s in sql) == 1  # read once for both deadlines
    assert sum('FROM "audit_chainhead"' in s for s in sql) == 1  # three events, one append
    assert sum(s.startswith('UPDATE "complaints_complaint" SET "next_due_at"') for s in sql) == 1  # once for both deadlines
    sequence = next(i for i, s in enumerate(sql) if '"numbering_sequence"' in s)
    # From the sequence's lock on: the complaint's number, the audit append (3) and the end of
    # complaint_receive's transaction.
    assert len(sql) - sequence == 6, sql[sequence:]
    assert complaint.number == f"TS{now.year}000002"


def test_6_5_i_the_number_is_final_in_the_record_and_its_audit_event(example_user, now):
    complaint = _receive(example_user("hall_staff1"), now)
    stored = Complaint.objects.get(pk=complaint.pk)
    assert stored.number == complaint.number == f"TS{now.year}000001"
    assert stored.form_deadline_id and stored.reply_deadline_id
    assert stored.reply_due_at == complaint.reply_deadline.due_at
    received = AuditEvent.objects.get(action="complaints.complaint.received", target_id=str(complaint.pk))
    assert received.after["number"] == complaint.number
    opened = AuditEvent.objects.filter(action="calendar.deadline.opened").order_by("seq")
    assert [e.seq for e in opened] == [received.seq - 2, received.seq - 1]  # the order they happened in
    assert chain_verify()[1] is None
    assert not Complaint.objects.filter(number__startswith="~").exists()
