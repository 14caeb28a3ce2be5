"""Pure hashing and verification of the audit chain."""

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

GENESIS = "0" * 64


def canonical_json(payload: dict[str, Any]) -> str:
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def event_payload(
    *, seq: int, at: datetime, actor_id: int | None, actor_name: str, action: str,
    target_type: str, target_id: str, clause: str, before: Any, after: Any,
) -> dict[str, Any]:
    """What the hash covers: every field of the event but the hashes themselves."""
    return {
        "seq": seq,
        "at": at.isoformat(timespec="microseconds"),
        "actor_id": actor_id,
        "actor_name": actor_name,
        "action": action,
        "target_type": target_type,
        "target_id": target_id,
        "clause": clause,
        "before": before,
        "after": after,
    }


def chain_hash(prev_hash: str, payload: dict[str, Any]) -> str:
    return hashlib.sha256((prev_hash + canonical_json(payload)).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Problem:
    position: int  # 1-based position in the chain; 0 when the chain is missing rows at its end
    seq: int | None
    reason: str


def verify(
    rows: Iterable[tuple[int, str, str, dict[str, Any]]], *, head_seq: int, head_hash: str, head_count: int
) -> Problem | None:
    """The first problem in a chain given as (seq, prev_hash, hash, payload) in seq order, or None.

    A changed row fails its own hash; a removed row breaks the next row's prev_hash; removed rows
    at the end disagree with the head."""
    expected_prev = GENESIS
    position = 0
    last_seq, last_hash = 0, GENESIS
    for seq, prev_hash, hash_, payload in rows:
        position += 1
        if payload.get("seq") != seq:
            return Problem(position, seq, "sequence number does not match the hashed content")
        if prev_hash != expected_prev:
            return Problem(position, seq, "previous hash does not match the preceding event (a row was removed or inserted)")
        if chain_hash(prev_hash, payload) != hash_:
            return Problem(position, seq, "content does not match its hash (the row was changed)")
        expected_prev = hash_
        last_seq, last_hash = seq, hash_
    if position != head_count or last_seq != head_seq or last_hash != head_hash:
        return Problem(position + 1, None, f"chain ends at #{last_seq} after {position} events, "
                                           f"but {head_count} events up to #{head_seq} were written (events were removed at the end)")
    return None
