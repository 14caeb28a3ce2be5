"""The triggers of audit migrations 0002 and 0003, as a production database has them: test
databases hold a marker table that lets Django empty the tables between tests, so each test here
drops it first (its transaction puts it back)."""

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from tests.integration.audit.tampering import record
from utilicase.audit.models import AuditEvent, ChainHead

pytestmark = pytest.mark.django_db


@pytest.fixture
def production(now):
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE audit_test_flush_allowed")
    return record(3, now)


def _refused(sql, params=()):
    with pytest.raises(DatabaseError) as exc, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
    return str(exc.value)


def test_events_are_never_deleted(production):
    assert "never deleted" in _refused("DELETE FROM audit_auditevent WHERE seq = %s", [3])
    assert "never deleted" in _refused("DELETE FROM audit_auditevent")
    assert AuditEvent.objects.count() == 3


def test_the_head_is_never_deleted(production):
    assert "never deleted" in _refused("DELETE FROM audit_chainhead")
    assert ChainHead.objects.get(pk=1).last_seq == 3


@pytest.mark.parametrize("change", [
    "last_seq = last_seq - 1, count = count - 1",  # cut back
    "last_seq = 0, last_hash = '" + "0" * 64 + "', count = 0",  # reset after a wipe
    "last_hash = 'x'",  # the same sequence with another hash
    "last_seq = last_seq + 1",  # forward but the count stays
    "id = 2, last_seq = last_seq + 1, count = count + 1",  # moved away to let a new head row in
])
def test_the_head_only_moves_forward(production, change):
    head = ChainHead.objects.get(pk=1)
    assert "only moves forward" in _refused(f"UPDATE audit_chainhead SET {change} WHERE id = 1")
    assert ChainHead.objects.get(pk=1).last_hash == head.last_hash


def test_appending_still_moves_the_head(production, now):
    record(1, now)
    assert ChainHead.objects.get(pk=1).last_seq == 4
    call_command("audit", "verify")


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="SQLite has no TRUNCATE")
@pytest.mark.parametrize("table", ["audit_auditevent", "audit_chainhead"])
def test_postgresql_refuses_truncating(production, table):
    assert "never deleted" in _refused(f"TRUNCATE {table}")


@pytest.mark.django_db(transaction=True)
def test_a_test_database_can_still_be_emptied(now):
    record(2, now)
    call_command("flush", interactive=False, verbosity=0)
    assert not AuditEvent.objects.exists() and not ChainHead.objects.exists()
    record(1, now)  # a new chain, its head made again
    assert ChainHead.objects.get(pk=1).last_seq == 1
