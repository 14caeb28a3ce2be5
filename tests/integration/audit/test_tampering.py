"""The attacks of someone with the database alone (issue: the chain could be cut back, wiped or
rewritten with `audit verify` still at exit 0), each shown to fail verification now, naming the
event or the checkpoint. Where the chain alone still holds, that is what verify accepted before."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.integration.audit.tampering import (
    as_database_owner,
    cut_back_to,
    record,
    rewrite_from,
    undone,
    wipe,
)
from utilicase.audit.domain.chain import chain_hash, legacy_hash
from utilicase.audit.keys import audit_key
from utilicase.audit.selectors import chain_verify

pytestmark = pytest.mark.django_db


def _verify_fails(*args):
    with pytest.raises(CommandError) as exc:
        call_command("audit", "verify", *args)
    assert exc.value.returncode == 1
    return str(exc.value)


def test_cutting_back_the_newest_events_and_the_head_fails_against_the_checkpoint(now, capsys):
    events = record(5, now)
    call_command("audit", "checkpoint")
    line = capsys.readouterr().out.strip()
    assert line.endswith(f"seq=5 hash={events[-1].hash}")
    cut_back_to(3)
    assert chain_verify()[1] is None  # the chain and its head agree: verify passed this before checkpoints
    message = _verify_fails()
    assert message.startswith("audit chain BROKEN at position 4 (end of chain): no longer matches checkpoint #5 of ")
    assert "audit-checkpoints.txt:1): the chain ends at #3, before it" in message


def test_wiping_the_chain_and_resetting_the_head_fails_against_the_first_checkpoint(now):
    record(2, now)
    call_command("audit", "checkpoint")
    record(2, now)
    call_command("audit", "checkpoint")
    wipe()
    assert chain_verify() == (0, None)  # an empty chain with an empty head: passed before checkpoints
    message = _verify_fails()
    assert message.startswith("audit chain BROKEN at position 1 (end of chain): no longer matches checkpoint #2 of ")
    assert "audit-checkpoints.txt:1): the chain ends at #0, before it" in message


@pytest.mark.parametrize("position", [1, 3, 5])
def test_rewriting_an_event_and_recomputing_later_hashes_with_plain_sha256_is_named(now, position):
    record(5, now)
    rewrite_from(position, legacy_hash)
    message = _verify_fails()
    assert f"at position {position} (event #{position}): content does not match its hash" in message


@pytest.mark.parametrize("position", [1, 3, 5])
def test_rewriting_with_an_hmac_under_another_key_is_named(now, position):
    record(5, now)
    rewrite_from(position, lambda prev, payload: chain_hash(b"guessed" * 5, prev, payload))
    assert f"at position {position} (event #{position})" in _verify_fails()


def test_a_rewrite_with_the_stolen_key_is_named_by_the_first_checkpoint_after_it(now):
    record(2, now)
    call_command("audit", "checkpoint")
    record(2, now)
    call_command("audit", "checkpoint")
    secret = audit_key().secret
    rewrite_from(3, lambda prev, payload: chain_hash(secret, prev, payload))
    assert chain_verify()[1] is None  # the key alone cannot tell
    message = _verify_fails()
    assert message.startswith("audit chain BROKEN at position 4 (event #4): no longer matches checkpoint #4 of ")
    assert "audit-checkpoints.txt:2): the event has another hash than then" in message


def test_a_change_at_every_position_is_named(now):
    events = record(4, now)
    assert [e.seq for e in events] == [1, 2, 3, 4]
    for event in events:
        with undone():
            rewrite_from(event.seq, legacy_hash)
            assert f"at position {event.seq} (event #{event.seq})" in _verify_fails()
    call_command("audit", "verify")


def test_a_row_removed_at_every_position_is_named(now):
    events = record(4, now)
    for event in events:
        with undone():
            as_database_owner(("DELETE FROM audit_auditevent WHERE seq = %s", [event.seq]))
            where = f"position {event.seq} (event #{event.seq + 1})" if event.seq < 4 else "position 4 (end of chain)"
            assert where in _verify_fails()
    call_command("audit", "verify")

