"""The chain's key (`audit init`, no events without it, a chain recorded before it) and its
checkpoints (`audit checkpoint`, daily from the sweep, read by `audit verify`)."""

import re
from datetime import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from tests.conftest import SHANGHAI
from tests.integration.audit.tampering import (
    as_database_owner,
    cut_back_to,
    record,
    rewrite_from,
    undone,
    unkeyed_events,
)
from utilicase.audit.domain.chain import AuditKey, legacy_hash
from utilicase.audit.keys import AuditKeyMissing, audit_key
from utilicase.audit.models import AuditEvent
from utilicase.audit.selectors import chain_verify
from utilicase.audit.services import audit_record, daily_checkpoint

pytestmark = pytest.mark.django_db


@pytest.fixture
def new_key(settings, tmp_path):
    """A key file that does not exist yet."""
    settings.AUDIT_KEY_FILE = tmp_path / "keys" / "audit.key"
    return settings.AUDIT_KEY_FILE


def _fails(*args):
    with pytest.raises(CommandError) as exc:
        call_command("audit", *args)
    assert exc.value.returncode == 1
    return str(exc.value)


def test_without_the_key_no_event_is_written_and_nothing_verifies(new_key, now):
    with pytest.raises(AuditKeyMissing) as exc, transaction.atomic():
        audit_record(actor=None, action="test.did", now=now)
    assert str(exc.value) == (f"the audit key file {new_key} does not exist: run `utilicase audit init` "
                              "(no audit event is written or verified without it)")
    assert not AuditEvent.objects.filter(action="test.did").exists()
    assert _fails("verify") == str(exc.value)


def test_serve_does_not_start_without_the_key(new_key, settings):
    from utilicase.cli import main

    settings.SECRET_KEY = "q7Vx2mK9pLw4Rt8Zs1Nb6Hc3Jd5Fg0Ye-Ua_Oi7Pk2Ml9Qn4Wr8Ts1Xv6Bz3Cy5"  # a real key: the audit key is what is missing

    with pytest.raises(SystemExit) as exc:
        main(["utilicase", "serve"])
    assert exc.value.code == f"utilicase serve: the audit key file {new_key} does not exist: run `utilicase audit init` " \
                             "(no audit event is written or verified without it)"


def test_a_key_file_that_holds_no_key_is_refused(new_key, now):
    new_key.parent.mkdir()
    new_key.write_text("key 1234\n")
    with pytest.raises(AuditKeyMissing, match=r"unreadable: .*audit.key:1: not a key file line"), transaction.atomic():
        audit_record(actor=None, action="test.did", now=now)


def test_init_makes_a_key_for_its_owner_alone_and_never_overwrites_it(new_key, now, capsys):
    call_command("audit", "init")
    text = new_key.read_text()
    assert re.search(r"^key [0-9a-f]{64}$", text, re.MULTILINE) and "legacy" not in text
    assert new_key.stat().st_mode & 0o777 == 0o600
    assert f"audit key written to {new_key}" in capsys.readouterr().out
    assert _fails("init") == f"{new_key} already exists and is not overwritten: the chain is hashed with it"
    assert new_key.read_text() == text
    record(2, now)
    call_command("audit", "verify")


def test_init_keeps_a_chain_recorded_before_the_key_as_a_legacy_prefix(new_key, now, capsys):
    unkeyed_events(3, now)
    call_command("audit", "init")
    third = AuditEvent.objects.get(seq=3)
    assert re.search(rf"^legacy \S+ seq=3 hash={third.hash}$", new_key.read_text(), re.MULTILINE)
    assert "the 3 events recorded before it keep their unkeyed hashes" in capsys.readouterr().out
    record(2, now)
    assert AuditEvent.objects.get(seq=4).prev_hash == third.hash
    call_command("audit", "verify")
    assert chain_verify(key=AuditKey(audit_key().secret))[1].seq == 1  # the prefix holds by the key file's checkpoint
    for position in range(1, 6):
        with undone():
            as_database_owner(("UPDATE audit_auditevent SET after = %s WHERE seq = %s", ['{"n": 42}', position]))
            assert f"at position {position} (event #{position}): content does not match" in _fails("verify")
    with undone():
        rewrite_from(2, legacy_hash)  # the unkeyed prefix recomputed: its end no longer matches the key file
        message = _fails("verify")
        assert message.startswith("audit chain BROKEN at position 3 (event #3): no longer matches checkpoint #3 of ")
        assert message.endswith(f"({new_key}:3): the event has another hash than then (the chain was rewritten up to it)")
    cut_back_to(2)
    message = _fails("verify")
    assert message.startswith("audit chain BROKEN at position 3 (end of chain): no longer matches checkpoint #3 of ")
    assert f"({new_key}:3): the chain ends at #2, before it" in message


def test_init_refuses_a_broken_chain_recorded_before_the_key(new_key, now):
    unkeyed_events(3, now)
    as_database_owner(("UPDATE audit_auditevent SET after = %s WHERE seq = %s", ['{"n": 42}', 2]))
    assert "no key made: the events recorded so far do not verify: at position 2 (event #2)" in _fails("init")
    assert not new_key.exists()


def test_demo_makes_the_key_when_there_is_none(new_key, capsys):
    call_command("demo", "--no-migrate", "--customers", "5")
    assert f"audit key written to {new_key}" in capsys.readouterr().out
    assert chain_verify()[1] is None and AuditEvent.objects.count() > 5


def test_checkpoint_appends_the_head_to_the_file_and_prints_it(now, checkpoint_file, capsys):
    events = record(2, now)
    call_command("audit", "checkpoint")
    events += record(1, now)
    call_command("audit", "checkpoint")
    lines = checkpoint_file.read_text().splitlines()
    assert [line.split(" ", 1)[1] for line in lines] == [f"seq=2 hash={events[1].hash}", f"seq=3 hash={events[2].hash}"]
    assert capsys.readouterr().out.splitlines() == lines
    call_command("audit", "checkpoint", "--print-only")
    assert capsys.readouterr().out.strip().endswith(f"seq=3 hash={events[2].hash}")
    assert len(checkpoint_file.read_text().splitlines()) == 2
    call_command("audit", "verify")
    assert capsys.readouterr().out == "audit chain OK: 3 events, 2 checkpoint(s) match\n"


def test_verify_reads_checkpoints_kept_elsewhere(now, checkpoint_file, tmp_path, capsys):
    record(3, now)
    call_command("audit", "checkpoint", "--print-only")
    kept = tmp_path / "kept.txt"
    kept.write_text(capsys.readouterr().out)
    cut_back_to(1)
    assert not checkpoint_file.exists()
    call_command("audit", "verify")  # nothing left on this server to compare with
    message = _fails("verify", "--checkpoints", str(kept))
    assert message.startswith("audit chain BROKEN at position 2 (end of chain): no longer matches checkpoint #3 of ")
    assert f"({kept}:1): the chain ends at #1, before it" in message


def test_an_unreadable_checkpoint_file_is_named(checkpoint_file, tmp_path):
    checkpoint_file.write_text("# kept\nseq=3 hash=abc\n")
    assert _fails("verify") == f"{checkpoint_file}:2: not a checkpoint line: 'seq=3 hash=abc'"
    checkpoint_file.unlink()
    assert "kept.txt" in _fails("verify", "--checkpoints", str(tmp_path / "kept.txt"))


def test_a_checkpoint_is_written_once_a_local_day(now, checkpoint_file):
    record(1, now)
    assert daily_checkpoint(now=now).seq == 1
    record(1, now)
    assert daily_checkpoint(now=datetime(2026, 9, 30, 23, 59, tzinfo=SHANGHAI)) is None
    assert daily_checkpoint(now=datetime(2026, 10, 1, 0, 1, tzinfo=SHANGHAI)).seq == 2  # still 30 September in UTC
    assert [line.split(" ")[1] for line in checkpoint_file.read_text().splitlines()] == ["seq=1", "seq=2"]


def test_the_sweep_writes_the_daily_checkpoint(now, checkpoint_file, capsys):
    record(2, now)
    call_command("sweep", "--lang", "en")
    call_command("sweep", "--lang", "en")
    assert capsys.readouterr().out.count("audit checkpoint: ") == 1
    assert [line.split(" ")[1] for line in checkpoint_file.read_text().splitlines()] == ["seq=2"]

