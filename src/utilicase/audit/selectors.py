"""Reads of the audit chain."""

from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

from django.db.models import QuerySet

from utilicase.audit.domain.chain import AuditKey, Checkpoint, Problem, event_payload, verify
from utilicase.audit.keys import audit_key
from utilicase.audit.models import AuditEvent, ChainHead


def events_for(*, target_type: str, target_id: str) -> QuerySet[AuditEvent]:
    """A record's timeline, oldest first. Callers check that the user may see the record."""
    return AuditEvent.objects.filter(target_type=target_type, target_id=str(target_id)).order_by("seq")


def chain_head() -> ChainHead:
    return ChainHead.objects.filter(pk=1).first() or ChainHead()


def head_checkpoint(*, now: datetime) -> Checkpoint:
    head = chain_head()
    return Checkpoint(head.last_seq, head.last_hash, now)


def _rows() -> Iterator[tuple[int, str, str, dict[str, Any]]]:
    for e in AuditEvent.objects.order_by("seq").iterator(chunk_size=2000):
        yield e.seq, e.prev_hash, e.hash, event_payload(
            seq=e.seq, at=e.at, actor_id=e.actor_id, actor_name=e.actor_name, action=e.action,
            target_type=e.target_type, target_id=e.target_id, clause=e.clause,
            before=e.before, after=e.after,
        )


def chain_verify(*, checkpoints: Iterable[Checkpoint] = (), key: AuditKey | None = None) -> tuple[int, Problem | None]:
    """(number of events read, the first problem or None), under the configured key unless one
    is given."""
    key = audit_key() if key is None else key
    head = chain_head()
    counted = 0

    def counting():
        nonlocal counted
        for row in _rows():
            counted += 1
            yield row

    problem = verify(counting(), key=key, head_seq=head.last_seq, head_hash=head.last_hash,
                     head_count=head.count, checkpoints=checkpoints)
    return counted, problem
