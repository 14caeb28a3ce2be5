"""audit_batch: the events of one service appended together before its commit, chained exactly
as if each had been appended at once."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from utilicase.audit.models import AuditEvent, ChainHead
from utilicase.audit.selectors import chain_verify
from utilicase.audit.services import audit_batch, audit_record

pytestmark = pytest.mark.django_db


def _head_reads(queries) -> int:
    return sum(1 for q in queries if 'FROM "audit_chainhead"' in q["sql"])


def test_a_batch_is_chained_like_single_events_and_verifies(now, example_user):
    inspector = example_user("inspector1")
    with transaction.atomic():
        audit_record(actor=None, action="test.before", clause="§1.1", now=now)
    with transaction.atomic(), CaptureQueriesContext(connection) as queries, audit_batch():
        events = [audit_record(actor=inspector, action="test.did", after={"n": i}, clause="§1.1", now=now)
                  for i in range(3)]
        assert AuditEvent.objects.filter(action="test.did").count() == 0  # not yet appended
    assert _head_reads(queries) == 1  # one lock of the chain head for the three events
    stored = list(AuditEvent.objects.order_by("seq"))
    assert [e.action for e in stored][-4:] == ["test.before", "test.did", "test.did", "test.did"]
    assert [e.after for e in stored[-3:]] == [{"n": 0}, {"n": 1}, {"n": 2}]
    assert [e.seq for e in events] == [s.seq for s in stored[-3:]]
    assert [e.prev_hash for e in stored[-3:]] == [e.hash for e in stored[-4:-1]]
    head = ChainHead.objects.get(pk=1)
    assert (head.last_seq, head.last_hash, head.count) == (stored[-1].seq, stored[-1].hash, len(stored))
    assert chain_verify() == (len(stored), None)


def test_a_batch_that_raises_appends_nothing(now):
    before = ChainHead.objects.get(pk=1).last_seq
    with pytest.raises(ValueError), transaction.atomic(), audit_batch():
        audit_record(actor=None, action="test.did", clause="§1.1", now=now)
        raise ValueError("the service refused")
    assert ChainHead.objects.get(pk=1).last_seq == before
    assert not AuditEvent.objects.filter(action="test.did").exists()


def test_a_nested_batch_joins_the_outer_one(now):
    with transaction.atomic(), CaptureQueriesContext(connection) as queries, audit_batch():
        audit_record(actor=None, action="test.outer", clause="§1.1", now=now)
        with audit_batch():
            audit_record(actor=None, action="test.inner", clause="§1.1", now=now)
        assert not AuditEvent.objects.filter(action__startswith="test.").exists()
    assert _head_reads(queries) == 1
    assert list(AuditEvent.objects.filter(action__startswith="test.").values_list("action", flat=True)) == [
        "test.outer", "test.inner"]

