"""The one writer of the audit chain. Every service that changes something calls audit_record
inside its transaction, so the change and its event commit together or not at all."""

import json
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
    key = audit_key()
    head = _locked_head()
    target_type, target_id = target_label(target) if target is not None else ("", "")
    actor_id = actor.pk if actor is not None and getattr(actor, "pk", None) else None
    actor_name = (getattr(actor, "display_name", "") or getattr(actor, "username", "")) if actor_id else ""
    at = now.astimezone(UTC)
    seq = head.last_seq + 1
    before, after = _plain(before), _plain(after)
    payload = event_payload(
        seq=seq, at=at, actor_id=actor_id, actor_name=actor_name, action=action,
        target_type=target_type, target_id=target_id, clause=clause, before=before, after=after,
    )
    event = AuditEvent(
        seq=seq, at=at, actor_id=actor_id, actor_name=actor_name, action=action,
        target_type=target_type, target_id=target_id, clause=clause, before=before, after=after,
        prev_hash=head.last_hash, hash=chain_hash(key.secret, head.last_hash, payload),
    )
    event.save(force_insert=True)
    head.last_seq, head.last_hash, head.count = seq, event.hash, head.count + 1
    head.save(update_fields=["last_seq", "last_hash", "count"])
    return event


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
