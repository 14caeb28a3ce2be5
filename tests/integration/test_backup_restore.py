"""`utilicase backup` and `utilicase restore`: the demo's database (every case type, with its
documents', evidence's and signatures' files) and a row in every table the demo leaves empty
(every record type: a new model without a row fails the test) backed up, restored into a fresh database (SQLite: a
new file; PostgreSQL: a throwaway database) by another process with the same audit key, and backed
up again there: the two archives hold byte for byte the same rows and files, and the audit chain
verifies. An archive that does not match its manifest is refused; one whose manifest was remade to
match changed rows is refused by the audit chain, and leaves the target empty."""

import io
import json
import os
import secrets
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection

from tests.integration.backup_rows import empty_tables, fill_every_empty_table
from utilicase.audit.models import AuditEvent
from utilicase.backup.archive import BackupRefused, backup_write, restore_read

pytestmark = pytest.mark.django_db
PROJECT = Path(__file__).resolve().parents[2]

TARGET_SCRIPT = """
import io, json, sys
import django
django.setup()
from django.core.management import call_command, CommandError
out = {}
call_command("migrate", verbosity=0)
try:
    call_command("restore", sys.argv[1], stdout=io.StringIO())
    out["forged"] = "restored"
except CommandError as exc:
    out["forged"] = str(exc)
from utilicase.org.models import User
out["users_after_forged"] = User.objects.count()
text = io.StringIO()
call_command("restore", sys.argv[2], stdout=text)
out["restored"] = text.getvalue()
call_command("backup", sys.argv[3], stdout=io.StringIO())
call_command("audit", "verify", stdout=text)
out["verify"] = text.getvalue().splitlines()[-1]
print(json.dumps(out))
"""


def members(archive: Path) -> dict[str, bytes]:
    with tarfile.open(archive) as tar:
        return {m.name: tar.extractfile(m).read() for m in tar}


def write_archive(path: Path, parts: dict[str, bytes]) -> Path:
    with tarfile.open(path, "w:gz") as tar:
        for name, content in parts.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
    return path


def forged(parts: dict[str, bytes]) -> dict[str, bytes]:
    """An audit event's action changed, and the manifest's hash of the rows remade to match."""
    import hashlib

    lines = parts["data.jsonl"].decode().splitlines(keepends=True)
    i = next(i for i, line in enumerate(lines) if json.loads(line)["model"] == "audit.auditevent")
    row = json.loads(lines[i])
    row["fields"]["action"] = "nothing.happened"
    lines[i] = json.dumps(row, ensure_ascii=False) + "\n"
    data = "".join(lines).encode()
    manifest = json.loads(parts["manifest.json"])
    manifest["parts"]["data.jsonl"] = hashlib.sha256(data).hexdigest()
    return {**parts, "data.jsonl": data, "manifest.json": json.dumps(manifest).encode()}


@pytest.fixture
def target_database():
    """The database URL of a fresh, empty database, dropped afterwards."""
    if connection.vendor == "sqlite":
        yield None  # the test makes a file of its own
        return
    import psycopg

    s = connection.settings_dict
    params = {"host": s["HOST"] or None, "port": s["PORT"] or None, "user": s["USER"] or None,
              "password": s["PASSWORD"] or None, "dbname": "postgres", "autocommit": True}
    name = f"restore_{os.getpid()}_{secrets.token_hex(3)}"
    with psycopg.connect(**params) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        user = f"{s['USER']}@" if s["USER"] else ""
        yield f"postgres://{user}{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"
    finally:
        with psycopg.connect(**params) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_backup_and_restore_round_trip_every_row_and_file_and_the_chain_verifies(
    settings, tmp_path, now, target_database,
):
    from utilicase.demo.data import load_demo

    settings.MEDIA_ROOT = tmp_path / "media"
    load_demo(now=now, customers=120)
    fill_every_empty_table(now)
    assert empty_tables() == []
    source = backup_write(tmp_path / "one.tar.gz")
    one = members(tmp_path / "one.tar.gz")
    manifest = json.loads(one["manifest.json"])
    assert source.rows == sum(manifest["rows"].values()) and source.files >= 4
    # every table but those migrate makes (content types, permissions) and the sessions (a restore
    # signs everyone out) has its rows in the archive
    expected = {m._meta.label_lower for m in apps.get_models() if m._meta.managed} - {
        "contenttypes.contenttype", "auth.permission", "sessions.session"}
    assert {label for label, count in manifest["rows"].items() if count > 0} == expected
    assert manifest["rows"]["audit.auditevent"] == AuditEvent.objects.count() > 100
    for namespace in ("documents", "evidence", "signatures", "whistleblowing"):
        assert any(name.startswith(f"files/{namespace}/") for name in one), namespace
    write_archive(tmp_path / "forged.tar.gz", forged(one))

    url = target_database or f"sqlite:///{tmp_path / 'target.sqlite3'}"
    env = {**os.environ, "DATABASE_URL": url, "UTILICASE_VAR_DIR": str(tmp_path / "target"),
           "UTILICASE_AUDIT_KEY_FILE": str(settings.AUDIT_KEY_FILE),
           "UTILICASE_AUDIT_CHECKPOINT_FILE": str(tmp_path / "target-checkpoints.txt"),
           "DJANGO_SECRET_KEY": secrets.token_urlsafe(48), "DJANGO_SETTINGS_MODULE": "utilicase.config.settings",
           "LANG": "C"}
    (tmp_path / "target").mkdir()
    result = subprocess.run(
        [sys.executable, "-c", TARGET_SCRIPT, str(tmp_path / "forged.tar.gz"), str(tmp_path / "one.tar.gz"),
         str(tmp_path / "two.tar.gz")], env=env, cwd=PROJECT, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    out = json.loads(result.stdout.strip().splitlines()[-1])

    # The forged archive: refused by the chain, nothing restored.
    assert out["forged"].startswith("未恢复：恢复的审计链校验失败"), out["forged"]
    assert out["users_after_forged"] == 0
    # The real one: every row and file, byte for byte, and the chain verifies.
    events = manifest["rows"]["audit.auditevent"]
    assert f"已恢复 {source.rows} 行数据，{source.files} 个文件" in out["restored"]
    assert f"审计链校验通过：{events} 条事件" in out["restored"]
    assert out["verify"] == f"audit chain OK: {events} events, 0 checkpoint(s) match"
    two = members(tmp_path / "two.tar.gz")
    assert json.loads(two["manifest.json"])["rows"] == manifest["rows"]
    assert two["data.jsonl"] == one["data.jsonl"]
    assert {n: c for n, c in two.items() if n.startswith("files/")} == {n: c for n, c in one.items()
                                                                         if n.startswith("files/")}


@pytest.fixture
def archive(settings, tmp_path, org):
    settings.MEDIA_ROOT = tmp_path / "media"
    from utilicase.blobs.storage import blob_write

    blob_write("evidence", b"a photograph")
    backup_write(tmp_path / "one.tar.gz")
    return members(tmp_path / "one.tar.gz")


def refusal(tmp_path: Path, parts: dict[str, bytes]) -> str:
    with pytest.raises(BackupRefused) as caught:
        restore_read(write_archive(tmp_path / "changed.tar.gz", parts))
    return str(caught.value)


def test_an_archive_whose_rows_were_changed_is_refused(tmp_path, archive):
    data = archive["data.jsonl"].replace("天富".encode(), "天福".encode(), 1)
    assert data != archive["data.jsonl"]
    assert refusal(tmp_path, {**archive, "data.jsonl": data}) == "备份文件的部分与清单不符（SHA-256 不同）：data.jsonl"


def test_an_archive_whose_file_was_changed_or_is_missing_is_refused(tmp_path, archive):
    [name] = [n for n in archive if n.startswith("files/")]
    assert refusal(tmp_path, {**archive, name: b"another photograph"}) == f"备份文件的部分与清单不符（SHA-256 不同）：{name}"
    assert refusal(tmp_path, {n: c for n, c in archive.items() if n != name}) == f"备份文件缺少清单中列出的部分：{name}"


def test_an_archive_with_something_more_is_refused(tmp_path, archive):
    assert refusal(tmp_path, {**archive, "../evil": b"x"}) == "备份文件中有不属于备份的内容：../evil"


def test_a_database_that_is_not_empty_is_refused_in_english_too(tmp_path, archive):
    path = write_archive(tmp_path / "same.tar.gz", archive)
    with pytest.raises(CommandError) as caught:
        call_command("restore", str(path), lang="en")
    assert str(caught.value) == ("Not restored: the target database is not empty: a restore goes only into an "
                                 "empty database just made by utilicase migrate")
