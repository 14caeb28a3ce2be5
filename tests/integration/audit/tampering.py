"""What someone with the database alone can do to the audit tables: with the tables' triggers
out of the way (as their owner can), change, cut back or wipe the chain and put its head in line."""

import json
from contextlib import contextmanager
from datetime import UTC

from django.db import connection, transaction

from utilicase.audit.domain.chain import GENESIS, event_payload, legacy_hash
from utilicase.audit.models import AuditEvent, ChainHead
from utilicase.audit.services import audit_record

SQLITE_TRIGGERS = ("audit_event_no_update", "audit_event_no_delete", "audit_head_no_delete", "audit_head_forward_only")


def record(n, now):
    with transaction.atomic():
        return [audit_record(actor=None, action="test.did", after={"n": i, "名称": "测试"}, clause="§1.1", now=now)
                for i in range(n)]


def as_database_owner(*statements):
    """Run (sql, params) pairs past the triggers. On SQLite the triggers are dropped, which the
    test's transaction undoes."""
    postgresql = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        for name in ("audit_auditevent", "audit_chainhead") if postgresql else SQLITE_TRIGGERS:
            cursor.execute(f"ALTER TABLE {name} DISABLE TRIGGER USER" if postgresql else f"DROP TRIGGER IF EXISTS {name}")
        for sql, params in statements:
            cursor.execute(sql, params)
        if postgresql:
            for table in ("audit_auditevent", "audit_chainhead"):
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")


def _set_head(seq, hash_, count):
    return "UPDATE audit_chainhead SET last_seq = %s, last_hash = %s, count = %s WHERE id = 1", [seq, hash_, count]


def rewrite_from(seq, hasher):
    """Change event `seq` and recompute its hash and every later one with `hasher(prev, payload)`."""
    events = list(AuditEvent.objects.filter(seq__gte=seq).order_by("seq"))
    prev, statements = events[0].prev_hash, []
    for event in events:
        after = {"forged": True} if event.seq == seq else event.after
        payload = event_payload(seq=event.seq, at=event.at, actor_id=event.actor_id, actor_name=event.actor_name,
                                action=event.action, target_type=event.target_type, target_id=event.target_id,
                                clause=event.clause, before=event.before, after=after)
        hash_ = hasher(prev, payload)
        statements.append(("UPDATE audit_auditevent SET after = %s, prev_hash = %s, hash = %s WHERE seq = %s",
                           [json.dumps(after), prev, hash_, event.seq]))
        prev = hash_
    as_database_owner(*statements, _set_head(events[-1].seq, prev, AuditEvent.objects.count()))


def cut_back_to(seq):
    """Delete the events after `seq` and move the head back to it."""
    last = AuditEvent.objects.get(seq=seq)
    as_database_owner(("DELETE FROM audit_auditevent WHERE seq > %s", [seq]),
                      _set_head(seq, last.hash, AuditEvent.objects.filter(seq__lte=seq).count()))


def wipe():
    as_database_owner(("DELETE FROM audit_auditevent", []), _set_head(0, GENESIS, 0))


def unkeyed_events(n, now):
    """Events as recorded before the chain had a key: plain SHA-256 hashes."""
    prev, at = GENESIS, now.astimezone(UTC)
    for seq in range(1, n + 1):
        payload = event_payload(seq=seq, at=at, actor_id=None, actor_name="", action="test.before_key",
                                target_type="", target_id="", clause="", before=None, after={"n": seq})
        hash_ = legacy_hash(prev, payload)
        AuditEvent(seq=seq, at=at, action="test.before_key", after={"n": seq}, prev_hash=prev,
                   hash=hash_).save(force_insert=True)
        prev = hash_
    ChainHead.objects.update_or_create(pk=1, defaults={"last_seq": n, "last_hash": prev, "count": n})


class _Undo(Exception):
    pass


@contextmanager
def undone():
    """Whatever is done inside is rolled back afterwards."""
    try:
        with transaction.atomic():
            yield
            raise _Undo
    except _Undo:
        pass
