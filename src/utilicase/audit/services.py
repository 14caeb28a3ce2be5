"""The one writer of the audit chain. Every service that changes something calls audit_record
inside its transaction, so the change and its event commit together or not at all."""

import json
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from django.db import models, transaction

from utilicase.audit.domain.chain import Checkpoint, canonical_json, chain_hash, event_payload
from utilicase.audit.keys import append_checkpoint, audit_key, checkpoint_due
from utilicase.audit.models import AuditEvent, ChainHead
from utilicase.audit.selectors import head_checkpoint
from utilicase.core import clauses


def target_label(target: models.Model) -> tuple[str, str]:
    return target._meta.label_lower, str(target.pk)


def _plain(value: Any) -> Any:
    """The JSON value as the database will give it back (Decimals and dates become strings)."""
    return None if value is None else json.loads(canonical_json(value))


def audit_record(
    *,
    actor,
    action: str,
    target: models.Model | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    clause: str = "",
    now: datetime,
) -> AuditEvent:
    """Append one event to the chain. Must run inside the caller's transaction. Refused
    (AuditKeyMissing) while the chain has no key."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must be called inside transaction.atomic()")
    if clause:
        clauses.get(clause)
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    audit_key()  # refused here, not only when the events are appended
    target_type, target_id = target_label(target) if target is not None else ("", "")
    actor_id = actor.pk if actor is not None and getattr(actor, "pk", None) else None
    actor_name = (getattr(actor, "display_name", "") or getattr(actor, "username", "")) if actor_id else ""
    event = AuditEvent(
        at=now.astimezone(UTC), actor_id=actor_id, actor_name=actor_name, action=action,
        target_type=target_type, target_id=target_id, clause=clause, before=_plain(before), after=_plain(after),
    )
    pending = _pending.get()
    if pending is not None:
        pending.append(event)
        return event
    _append([event])
    return event


# The events recorded inside `audit_batch()`, waiting to be appended at its end.
_pending: ContextVar[list[AuditEvent] | None] = ContextVar("audit_pending", default=None)


@contextmanager
def audit_batch() -> Iterator[None]:
    """Append the events recorded inside the block together when it ends: the chain head is
    locked once, just before the caller's transaction commits, instead of at the first event
    (which would hold the one lock every writer needs for the rest of the transaction). The
    events keep the order they were recorded in; the chain is the same as if each had been
    appended at once. Use it around the whole body of a service, inside its transaction, with
    nothing inside that catches an error and carries on (an event recorded in a rolled-back
    savepoint would still be appended). Nested batches join the outer one. Nothing is appended
    when the block raises."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_batch must be used inside transaction.atomic()")
    if _pending.get() is not None:
        yield
        return
    events: list[AuditEvent] = []
    token = _pending.set(events)
    try:
        yield
    finally:
        _pending.reset(token)
    if events:
        _append(events)


def _append(events: list[AuditEvent]) -> None:
    """Chain the events after the head: one lock of the head, one INSERT, one UPDATE."""
    key = audit_key()
    head = _locked_head()
    seq, last_hash = head.last_seq, head.last_hash
    for event in events:
        seq += 1
        payload = event_payload(
            seq=seq, at=event.at, actor_id=event.actor_id, actor_name=event.actor_name, action=event.action,
            target_type=event.target_type, target_id=event.target_id, clause=event.clause,
            before=event.before, after=event.after,
        )
        event.seq, event.prev_hash = seq, last_hash
        event.hash = last_hash = chain_hash(key.secret, last_hash, payload)
    AuditEvent.objects.bulk_create(events)
    head.last_seq, head.last_hash, head.count = seq, last_hash, head.count + len(events)
    head.save(update_fields=["last_seq", "last_hash", "count"])


def _locked_head() -> ChainHead:
    head = ChainHead.objects.select_for_update().filter(pk=1).first()
    if head is None:  # created by migration 0002; this only runs on a database set up otherwise
        ChainHead.objects.get_or_create(pk=1)
        head = ChainHead.objects.select_for_update().get(pk=1)
    return head


def daily_checkpoint(*, now: datetime) -> Checkpoint | None:
    """Append the chain's head to the checkpoint file unless it already has one from today
    (the sweep calls this every few minutes)."""
    if not checkpoint_due(now):
        return None
    checkpoint = head_checkpoint(now=now)
    append_checkpoint(checkpoint)
    return checkpoint
