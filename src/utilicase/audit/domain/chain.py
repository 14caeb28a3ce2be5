"""Pure hashing and verification of the audit chain.

Each event's hash is an HMAC-SHA256, under a key kept outside the database, of the previous
event's hash and the event's canonical JSON: someone with the database alone cannot recompute
it. A chain recorded before the key existed keeps its plain SHA-256 hashes up to the `legacy`
checkpoint written into the key file when the key was made."""

import hashlib
import hmac
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
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


def chain_hash(key: bytes, prev_hash: str, payload: dict[str, Any]) -> str:
    return hmac.new(key, (prev_hash + canonical_json(payload)).encode("utf-8"), hashlib.sha256).hexdigest()


def legacy_hash(prev_hash: str, payload: dict[str, Any]) -> str:
    """The unkeyed hash of events recorded before the chain had a key."""
    return hashlib.sha256((prev_hash + canonical_json(payload)).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Checkpoint:
    """The chain's head at one moment, kept outside the database. `source` says where it was
    read from (file and line)."""

    seq: int
    hash: str
    at: datetime
    source: str = ""

    def line(self) -> str:
        return f"{self.at.astimezone(UTC).isoformat(timespec='seconds')} seq={self.seq} hash={self.hash}"

    def __str__(self) -> str:
        where = f" ({self.source})" if self.source else ""
        return f"checkpoint #{self.seq} of {self.at.astimezone(UTC).isoformat(timespec='seconds')}{where}"


_CHECKPOINT = re.compile(r"^(\S+) seq=(\d+) hash=([0-9a-f]{64})$")


class BadAuditFile(ValueError):
    pass


def parse_checkpoint(line: str, source: str) -> Checkpoint:
    match = _CHECKPOINT.match(line)
    try:
        at = datetime.fromisoformat(match.group(1)) if match else None
    except ValueError:
        at = None
    if at is None or at.tzinfo is None:
        raise BadAuditFile(f"{source}: not a checkpoint line: {line[:100]!r}")
    return Checkpoint(int(match.group(2)), match.group(3), at, source)


def parse_checkpoints(text: str, source: str) -> list[Checkpoint]:
    """The checkpoints of a file written by `audit checkpoint` (blank lines and # comments are
    skipped). A line that is not a checkpoint is an error naming it."""
    return [parse_checkpoint(line, f"{source}:{number}") for number, line in _lines(text)]


def _lines(text: str) -> Iterable[tuple[int, str]]:
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if line and not line.startswith("#"):
            yield number, line


@dataclass(frozen=True)
class AuditKey:
    """The HMAC key and, when the key was made for a chain that already had events, the last of
    those events: up to it the chain keeps its plain SHA-256 hashes."""

    secret: bytes
    legacy: Checkpoint | None = None

    def text(self) -> str:
        lines = ["# utilicase audit key: keep it secret, and off the database server and its backups",
                 f"key {self.secret.hex()}"]
        if self.legacy is not None:
            lines.append(f"legacy {self.legacy.line()}")
        return "\n".join(lines) + "\n"


def parse_key(text: str, source: str) -> AuditKey:
    secret, legacy = None, None
    for number, line in _lines(text):
        word, _, rest = line.partition(" ")
        if word == "key" and re.fullmatch(r"[0-9a-f]{64}", rest):
            secret = bytes.fromhex(rest)
        elif word == "legacy":
            legacy = parse_checkpoint(rest, f"{source}:{number}")
        else:
            raise BadAuditFile(f"{source}:{number}: not a key file line (`key HEX` or `legacy CHECKPOINT`)")
    if secret is None:
        raise BadAuditFile(f"{source}: no `key` line (64 hexadecimal digits)")
    return AuditKey(secret, legacy)


@dataclass(frozen=True)
class Problem:
    position: int  # 1-based position in the chain; 0 when the chain is missing rows at its end
    seq: int | None
    reason: str
    checkpoint: Checkpoint | None = None  # the first checkpoint the chain no longer matches


def verify(
    rows: Iterable[tuple[int, str, str, dict[str, Any]]], *, key: AuditKey,
    head_seq: int, head_hash: str, head_count: int, checkpoints: Iterable[Checkpoint] = (),
) -> Problem | None:
    """The first problem in a chain given as (seq, prev_hash, hash, payload) in seq order, or None.

    A changed row fails its own hash; a removed row breaks the next row's prev_hash; removed rows
    at the end disagree with the head; a chain cut back or rewritten together with its head
    disagrees with the checkpoints taken before (and with the key's legacy checkpoint)."""
    # A checkpoint of the empty chain (seq 0) holds for every chain.
    pending = sorted((c for c in [*checkpoints, key.legacy] if c is not None and c.seq > 0), key=lambda c: c.seq)
    legacy_seq = key.legacy.seq if key.legacy else 0
    expected_prev = GENESIS
    position = 0
    last_seq, last_hash = 0, GENESIS
    for seq, prev_hash, hash_, payload in rows:
        position += 1
        if payload.get("seq") != seq:
            return Problem(position, seq, "sequence number does not match the hashed content")
        if prev_hash != expected_prev:
            return Problem(position, seq, "previous hash does not match the preceding event (a row was removed or inserted)")
        expected = legacy_hash(prev_hash, payload) if seq <= legacy_seq else chain_hash(key.secret, prev_hash, payload)
        if not hmac.compare_digest(expected, hash_):
            return Problem(position, seq, "content does not match its hash (the row was changed)")
        while pending and pending[0].seq <= seq:
            checkpoint = pending.pop(0)
            if checkpoint.seq < seq:
                return Problem(position, seq, f"its event #{checkpoint.seq} is missing", checkpoint)
            if checkpoint.hash != hash_:
                return Problem(position, seq, "the event has another hash than then "
                                              "(the chain was rewritten up to it)", checkpoint)
        expected_prev = hash_
        last_seq, last_hash = seq, hash_
    if pending:
        return Problem(position + 1, None, f"the chain ends at #{last_seq}, before it "
                                           "(events were removed or the chain was wiped)", pending[0])
    if position != head_count or last_seq != head_seq or last_hash != head_hash:
        return Problem(position + 1, None, f"chain ends at #{last_seq} after {position} events, "
                                           f"but {head_count} events up to #{head_seq} were written (events were removed at the end)")
    return None

