from datetime import UTC, datetime

from utilicase.audit.domain.chain import GENESIS, chain_hash, event_payload, verify


def _chain(n: int):
    rows, prev = [], GENESIS
    for seq in range(1, n + 1):
        payload = event_payload(seq=seq, at=datetime(2026, 1, 1, tzinfo=UTC), actor_id=1, actor_name="王建国",
                                action="test.did", target_type="x.y", target_id=str(seq), clause="§1.1",
                                before=None, after={"n": seq})
        h = chain_hash(prev, payload)
        rows.append((seq, prev, h, payload))
        prev = h
    return rows



def test_intact_chain_verifies():
    rows = _chain(5)
    assert verify(rows, head_seq=5, head_hash=rows[-1][2], head_count=5) is None


def test_changed_content_is_found_at_its_position():
    rows = _chain(5)
    seq, prev, h, payload = rows[2]
    rows[2] = (seq, prev, h, {**payload, "after": {"n": 999}})
    problem = verify(rows, head_seq=5, head_hash=rows[-1][2], head_count=5)
    assert (problem.position, problem.seq) == (3, 3)
    assert "changed" in problem.reason


def test_removed_row_is_found_at_the_next_row():
    rows = _chain(5)
    del rows[1]
    problem = verify(rows, head_seq=5, head_hash=rows[-1][2], head_count=5)
    assert (problem.position, problem.seq) == (2, 3)
    assert "removed" in problem.reason


def test_removed_tail_disagrees_with_head():
    rows = _chain(5)
    head_hash = rows[-1][2]
    problem = verify(rows[:3], head_seq=5, head_hash=head_hash, head_count=5)
    assert problem.seq is None and problem.position == 4


def test_hash_depends_on_previous_hash():
    payload = _chain(1)[0][3]
    assert chain_hash(GENESIS, payload) != chain_hash("1" * 64, payload)
