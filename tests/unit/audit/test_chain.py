from datetime import UTC, datetime

import pytest

from utilicase.audit.domain.chain import (
    GENESIS,
    AuditKey,
    BadAuditFile,
    Checkpoint,
    chain_hash,
    event_payload,
    legacy_hash,
    parse_checkpoints,
    parse_key,
    verify,
)

KEY = AuditKey(b"k" * 32)
AT = datetime(2026, 1, 1, tzinfo=UTC)


def _payload(seq: int, n: int | None = None):
    return event_payload(seq=seq, at=AT, actor_id=1, actor_name="王建国", action="test.did", target_type="x.y",
                         target_id=str(seq), clause="§1.1", before=None, after={"n": seq if n is None else n})


def _chain(n: int, *, hasher=lambda prev, payload: chain_hash(KEY.secret, prev, payload), rows=None, changed=None):
    """n events, hashed by `hasher`, appended to `rows`; `changed` gives a seq another content."""
    rows = list(rows or [])
    prev = rows[-1][2] if rows else GENESIS
    for seq in range(len(rows) + 1, len(rows) + n + 1):
        payload = _payload(seq, 999 if seq == changed else None)
        h = hasher(prev, payload)
        rows.append((seq, prev, h, payload))
        prev = h
    return rows


def _verify(rows, key=KEY, checkpoints=(), head=None):
    seq, _, h, _ = head or rows[-1] if rows else (0, "", GENESIS, None)
    return verify(rows, key=key, head_seq=seq, head_hash=h, head_count=seq, checkpoints=checkpoints)


def _rewritten_from(rows, seq, hasher):
    """What someone with the database does: change event `seq` and recompute every later hash."""
    return _chain(len(rows) - seq + 1, hasher=hasher, rows=rows[:seq - 1], changed=seq)


def _checkpoint(rows, seq):
    return Checkpoint(seq, rows[seq - 1][2], AT, f"checkpoints.txt:{seq}")


def _plain_chain_holds(rows):
    """What `audit verify` checked before the chain had a key: plain SHA-256 links (from the
    first of `rows`)."""
    prev = rows[0][1]
    for _, prev_hash, h, payload in rows:
        if prev_hash != prev or legacy_hash(prev_hash, payload) != h:
            return False
        prev = h
    return True


def test_intact_chain_verifies():
    assert _verify(_chain(5)) is None


@pytest.mark.parametrize("position", range(1, 6))
def test_changed_content_is_found_at_every_position(position):
    rows = _chain(5)
    seq, prev, h, payload = rows[position - 1]
    rows[position - 1] = (seq, prev, h, {**payload, "after": {"n": 999}})
    problem = _verify(rows, head=_chain(5)[-1])
    assert (problem.position, problem.seq) == (position, position)
    assert "changed" in problem.reason


@pytest.mark.parametrize("position", range(1, 6))
def test_removed_row_is_found_at_every_position(position):
    rows = _chain(5)
    head = rows[-1]
    del rows[position - 1]
    problem = _verify(rows, head=head)
    if position < 5:
        assert (problem.position, problem.seq) == (position, position + 1)
        assert "removed" in problem.reason
    else:
        assert (problem.position, problem.seq) == (5, None)
        assert "removed at the end" in problem.reason


@pytest.mark.parametrize("position", range(1, 6))
def test_rewriting_with_plain_sha256_is_found_at_every_position(position):
    forged = _rewritten_from(_chain(5), position, legacy_hash)
    assert _plain_chain_holds(forged[position - 1:]) and forged[-1][3]["seq"] == 5
    problem = _verify(forged)
    assert (problem.position, problem.seq) == (position, position)
    assert "changed" in problem.reason


@pytest.mark.parametrize("position", range(1, 6))
def test_rewriting_with_another_key_is_found_at_every_position(position):
    forged = _rewritten_from(_chain(5), position, lambda prev, p: chain_hash(b"x" * 32, prev, p))
    problem = _verify(forged)
    assert (problem.position, problem.seq) == (position, position)


def test_a_rewrite_with_the_key_itself_is_named_by_the_first_checkpoint_after_it():
    rows = _chain(6)
    checkpoints = [_checkpoint(rows, 2), _checkpoint(rows, 4), _checkpoint(rows, 6)]
    forged = _rewritten_from(rows, 3, lambda prev, p: chain_hash(KEY.secret, prev, p))
    assert _verify(forged) is None  # the chain alone holds: only checkpoints can tell
    problem = _verify(forged, checkpoints=checkpoints)
    assert problem.checkpoint == checkpoints[1]
    assert (problem.position, problem.seq) == (4, 4)
    assert "rewritten" in problem.reason and problem.checkpoint.source == "checkpoints.txt:4"


def test_a_cut_back_chain_with_its_head_is_named_by_the_first_checkpoint_past_its_end():
    rows = _chain(6)
    checkpoints = [_checkpoint(rows, 6), _checkpoint(rows, 2), _checkpoint(rows, 5)]
    cut = rows[:4]
    assert _verify(cut) is None  # head moved back with it
    problem = _verify(cut, checkpoints=checkpoints)
    assert problem.checkpoint == checkpoints[2]  # #5 comes before #6 in the chain
    assert (problem.position, problem.seq) == (5, None)
    assert "ends at #4" in problem.reason


def test_a_wiped_chain_is_named_by_its_first_checkpoint():
    rows = _chain(3)
    problem = _verify([], checkpoints=[_checkpoint(rows, 3), _checkpoint(rows, 1)])
    assert problem.checkpoint.seq == 1 and "ends at #0" in problem.reason


def test_checkpoints_of_an_earlier_and_the_same_head_and_the_empty_chain_all_match():
    rows = _chain(4)
    checkpoints = [Checkpoint(0, GENESIS, AT), _checkpoint(rows, 2), _checkpoint(rows, 4), _checkpoint(rows, 4)]
    assert _verify(rows, checkpoints=checkpoints) is None


def _legacy_then_keyed(legacy_count=3, keyed_count=3):
    rows = _chain(legacy_count, hasher=legacy_hash)
    key = AuditKey(KEY.secret, _checkpoint(rows, legacy_count))
    return _chain(keyed_count, rows=rows), key


def test_a_legacy_prefix_ending_at_the_keys_checkpoint_verifies():
    rows, key = _legacy_then_keyed()
    assert _verify(rows, key=key) is None
    assert _verify(rows, key=KEY).seq == 1  # without the legacy checkpoint the unkeyed hashes fail


@pytest.mark.parametrize("position", range(1, 7))
def test_changed_content_is_found_at_every_position_of_a_legacy_and_keyed_chain(position):
    rows, key = _legacy_then_keyed()
    seq, prev, h, payload = rows[position - 1]
    rows[position - 1] = (seq, prev, h, {**payload, "after": {"n": 999}})
    problem = _verify(rows, key=key)
    assert (problem.position, problem.seq) == (position, position)


@pytest.mark.parametrize("position", range(1, 4))
def test_a_legacy_prefix_rewritten_with_plain_sha256_fails_the_keys_checkpoint(position):
    rows, key = _legacy_then_keyed()
    forged = _rewritten_from(rows[:3], position, legacy_hash)
    problem = _verify(forged, key=key)
    assert problem.checkpoint == key.legacy and (problem.position, problem.seq) == (3, 3)


def test_events_past_the_legacy_checkpoint_must_be_keyed():
    rows, key = _legacy_then_keyed()
    forged = _rewritten_from(rows, 4, legacy_hash)
    assert (_verify(forged, key=key).seq) == 4


def test_hash_depends_on_previous_hash_and_key():
    payload = _payload(1)
    assert chain_hash(KEY.secret, GENESIS, payload) != chain_hash(KEY.secret, "1" * 64, payload)
    assert chain_hash(KEY.secret, GENESIS, payload) != chain_hash(b"x" * 32, GENESIS, payload)
    assert chain_hash(KEY.secret, GENESIS, payload) != legacy_hash(GENESIS, payload)


def test_checkpoint_lines_and_key_files_read_back():
    rows = _chain(2)
    checkpoint = Checkpoint(2, rows[1][2], datetime(2026, 9, 30, 2, 0, tzinfo=UTC))
    text = f"# kept by the operator\n\n{checkpoint.line()}\n"
    assert checkpoint.line() == f"2026-09-30T02:00:00+00:00 seq=2 hash={rows[1][2]}"
    assert parse_checkpoints(text, "c.txt") == [Checkpoint(2, rows[1][2], checkpoint.at, "c.txt:3")]
    key = AuditKey(KEY.secret, checkpoint)
    assert parse_key(key.text(), "audit.key") == AuditKey(KEY.secret, Checkpoint(2, rows[1][2], checkpoint.at,
                                                                                  "audit.key:3"))


@pytest.mark.parametrize("text", ["2026-09-30T02:00:00 seq=2 hash=" + "a" * 64, "seq=2 hash=" + "a" * 64,
                                  "2026-09-30T02:00:00+00:00 seq=2 hash=abc"])
def test_a_bad_checkpoint_line_is_named(text):
    with pytest.raises(BadAuditFile, match="c.txt:2"):
        parse_checkpoints("# head\n" + text, "c.txt")


@pytest.mark.parametrize("text", ["", "key abc", "secret " + "a" * 64])
def test_a_key_file_without_a_key_is_refused(text):
    with pytest.raises(BadAuditFile):
        parse_key(text, "audit.key")
