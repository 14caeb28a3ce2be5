"""`utilicase backup` and `utilicase restore`: the whole database and the stored files in one
archive, and back into an empty database.

The archive is a gzipped tar of
- data.jsonl: every row of every model (Django's JSON-lines serialisation with times to the
  microsecond, models in an order that loads, read in one snapshot); content types and permissions are named by their natural
  keys, since `utilicase migrate` makes them on the target;
- files/<namespace>/<sha256>: every stored file (blobs/storage.py), read through blob_read,
  which checks each against its hash;
- manifest.json: the format, the migrations the data belongs to, each model's row count and
  each part's SHA-256.

The audit chain's key and checkpoint file are not in it (keep them off the database's backups,
settings.AUDIT_KEY_FILE): the restore checks the chain with the key present on the target.

A restore refuses an archive whose parts do not match the manifest, a database at other
migrations, and a database that is not empty; it writes the files, loads every row in one
transaction, compares the row counts with the manifest and verifies the audit chain before it
commits, so that a failed restore leaves no row (files written meanwhile are unreferenced and
harmless, as in blobs/storage.py).

The audit tables stay append-only while loading: their triggers refuse UPDATE and DELETE, and a
load only inserts. The discipline triggers (org migration 0003) refuse to insert a grant in any
state but a proposal, so that no history of proposals and confirmations could be restored as it
was; they are suspended while loading (in the same transaction) and what they guard is checked
on the loaded rows instead (_discipline_refused)."""

import hashlib
import importlib
import io
import json
import os
import tarfile
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, time
from pathlib import Path

from django.apps import apps
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

from utilicase.audit.domain.chain import Problem
from utilicase.audit.keys import checkpoint_path, read_checkpoints
from utilicase.audit.models import AuditEvent, ChainHead
from utilicase.audit.selectors import chain_verify
from utilicase.blobs.storage import blob_list, blob_read, blob_write

FORMAT = 1
MANIFEST = "manifest.json"
DATA = "data.jsonl"
# Made by `utilicase migrate` on the target (named by natural keys in the data), or not worth
# keeping (sessions: everyone signs in again).
NOT_DUMPED = ("contenttypes", "auth.permission", "sessions")
CHUNK = 1 << 20
_HEX = frozenset("0123456789abcdef")


class BackupRefused(Exception):
    """The archive or the target database is not fit for a restore; nothing was restored."""


@dataclass(frozen=True)
class BackupResult:
    rows: int
    files: int
    bytes: int


@dataclass(frozen=True)
class RestoreResult:
    rows: int
    files: int
    events: int
    checkpoints: int
    checkpoint_problem: Problem | None


def dumped_models() -> list:
    """The models whose rows are backed up: every concrete table of ours and Django's."""
    return [m for m in apps.get_models()
            if m._meta.managed and not m._meta.proxy
            and m._meta.app_label not in NOT_DUMPED and m._meta.label_lower not in NOT_DUMPED]


def applied_migrations() -> list[str]:
    return sorted(f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations())


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


@contextmanager
def _snapshot():
    """One transaction that sees one state of the database (PostgreSQL: REPEATABLE READ; SQLite:
    the transaction holds the write lock, so nothing changes meanwhile)."""
    outer = not connection.in_atomic_block
    with transaction.atomic():
        if outer and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


def backup_write(out: Path) -> BackupResult:
    """Writes the archive to `out` (owner-only; a temporary file renamed at the end, so a failed
    backup leaves no partial archive)."""
    out = Path(out)
    with tempfile.TemporaryDirectory(dir=out.parent, prefix=".backup-") as work:
        data = Path(work) / DATA
        with _snapshot():
            migrations = applied_migrations()
            counts = _dump(data)
        # After the rows: a file is written before the row that refers to it commits, so every
        # file a dumped row names is on disk by now.
        parts = {DATA: _sha256_file(data)}
        tmp = Path(work) / "archive.tar.gz"
        with tarfile.open(tmp, "w:gz") as archive:
            archive.add(data, arcname=DATA)
            files = 0
            for namespace, sha in blob_list():
                content = blob_read(namespace, sha)  # checked against its hash
                name = f"files/{namespace}/{sha}"
                _add_bytes(archive, name, content)
                parts[name] = sha
                files += 1
            manifest = {
                "format": FORMAT, "created_at": timezone.now().isoformat(), "database": connection.vendor,
                "migrations": migrations, "rows": counts, "parts": parts,
            }
            _add_bytes(archive, MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1).encode())
        os.chmod(tmp, 0o600)
        os.replace(tmp, out)
    return BackupResult(rows=sum(counts.values()), files=files, bytes=out.stat().st_size)


class ExactEncoder(DjangoJSONEncoder):
    """Times to the microsecond (Django's encoder cuts them to milliseconds, which would change
    what the audit events' hashes cover, and every other time)."""

    def default(self, o):
        if isinstance(o, datetime | time):
            return o.isoformat()
        return super().default(o)


def _dump(out: Path) -> dict[str, int]:
    """Every row of every dumped model, models in an order that loads (natural keys first), rows
    by primary key; the number of rows of each model."""
    by_app: dict = {}
    for model in dumped_models():
        by_app.setdefault(apps.get_app_config(model._meta.app_label), []).append(model)
    counts: dict[str, int] = {}
    with out.open("w", encoding="utf-8") as stream:
        for model in serializers.sort_dependencies(by_app.items(), allow_cycles=True):
            rows = model._base_manager.order_by(model._meta.pk.name).iterator(chunk_size=2000)
            counted = 0

            def counting(rows=rows):
                nonlocal counted
                for row in rows:
                    counted += 1
                    yield row

            serializers.serialize("jsonl", counting(), stream=stream, cls=ExactEncoder,
                                  use_natural_foreign_keys=True)
            counts[model._meta.label_lower] = counted
    return dict(sorted(counts.items()))


def _add_bytes(archive: tarfile.TarFile, name: str, content: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(content)
    info.mode = 0o600
    info.mtime = int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(content))


def _part_name_ok(name: str) -> bool:
    if name in (MANIFEST, DATA):
        return True
    top, _slash, rest = name.partition("/")
    namespace, _slash, sha = rest.partition("/")
    return top == "files" and namespace.isidentifier() and len(sha) == 64 and set(sha) <= _HEX


def _unpack(archive_path: Path, work: Path) -> tuple[dict, dict[str, Path]]:
    """The manifest and each part's unpacked file, every part checked against the manifest."""
    unpacked: dict[str, Path] = {}
    hashes: dict[str, str] = {}
    try:
        with tarfile.open(archive_path, "r:*") as archive:
            for member in archive:
                if not member.isfile() or not _part_name_ok(member.name) or member.name in unpacked:
                    raise BackupRefused(_("备份文件中有不属于备份的内容：%(name)s") % {"name": member.name})
                target = work / f"part-{len(unpacked)}"
                digest = hashlib.sha256()
                source = archive.extractfile(member)
                with target.open("wb") as out:
                    while block := source.read(CHUNK):
                        digest.update(block)
                        out.write(block)
                unpacked[member.name] = target
                hashes[member.name] = digest.hexdigest()
    except (tarfile.TarError, EOFError, OSError) as exc:
        raise BackupRefused(_("无法读取备份文件：%(error)s") % {"error": exc}) from None
    if MANIFEST not in unpacked:
        raise BackupRefused(_("备份文件中没有清单（manifest.json）"))
    try:
        manifest = json.loads(unpacked.pop(MANIFEST).read_text(encoding="utf-8"))
        parts = dict(manifest["parts"])
        manifest["rows"], manifest["migrations"]  # noqa: B018 - present
    except (ValueError, KeyError, TypeError):
        raise BackupRefused(_("备份文件的清单无法读取")) from None
    if manifest.get("format") != FORMAT:
        raise BackupRefused(_("不支持的备份格式：%(format)s") % {"format": manifest.get("format")})
    for name in sorted(set(parts) | set(unpacked)):
        if name not in unpacked:
            raise BackupRefused(_("备份文件缺少清单中列出的部分：%(name)s") % {"name": name})
        if parts.get(name) != hashes[name] or (name.startswith("files/") and name.rsplit("/", 1)[1] != hashes[name]):
            raise BackupRefused(_("备份文件的部分与清单不符（SHA-256 不同）：%(name)s") % {"name": name})
    return manifest, unpacked


def _refuse_unless_empty() -> None:
    from utilicase.org.models import User

    head = ChainHead.objects.filter(pk=1).first()
    if User.objects.exists() or AuditEvent.objects.exists() or (head is not None and head.count):
        raise BackupRefused(_("目标数据库不是空的：只能恢复到刚执行过 utilicase migrate 的空数据库"))


_DISCIPLINE_TABLES = ("org_user", "org_disciplinegrant")


@contextmanager
def _discipline_triggers_suspended():
    """The discipline triggers off for the loading transaction (see the module's docstring)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in _DISCIPLINE_TABLES:
                cursor.execute(f"ALTER TABLE {connection.ops.quote_name(table)} DISABLE TRIGGER USER")
            yield
            # The deferred foreign key checks of the loaded rows first: a table with checks
            # pending cannot be altered.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for table in _DISCIPLINE_TABLES:
                cursor.execute(f"ALTER TABLE {connection.ops.quote_name(table)} ENABLE TRIGGER USER")
            return
        marks = ", ".join(["%s"] * len(_DISCIPLINE_TABLES))
        cursor.execute(f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ({marks})",
                       list(_DISCIPLINE_TABLES))
        triggers = cursor.fetchall()
        for name, _sql in triggers:
            cursor.execute(f"DROP TRIGGER {connection.ops.quote_name(name)}")
        yield
        for _name, sql in triggers:
            cursor.execute(sql)


def _discipline_refused() -> list[int]:
    """Staff the discipline triggers would refuse: the discipline role, or a seat in a discipline
    unit, without a confirmed grant for that unit (org migration 0003, §6.7(iii)(1-6))."""
    guard = importlib.import_module("utilicase.org.migrations.0003_discipline_triggers")
    condition = guard.USER_REFUSED.replace("NEW.", "restored.")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT restored.id FROM org_user restored WHERE {condition}")
        return [pk for (pk,) in cursor.fetchall()]


def _load(data: Path) -> None:
    head_model = ChainHead._meta.label_lower
    deferred = []
    with data.open(encoding="utf-8") as stream:
        for obj in serializers.deserialize("jsonl", stream, handle_forward_references=True):
            if obj.object._meta.label_lower == head_model and not obj.object.count:
                continue  # the empty chain's head, as the migration made it; it moves only forward
            obj.save()
            if obj.deferred_fields:
                deferred.append(obj)
    for obj in deferred:
        obj.save_deferred_fields()
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), dumped_models()):
            cursor.execute(sql)


def restore_read(archive_path: Path) -> RestoreResult:
    """Restores the archive into this (empty, migrated) database; raises BackupRefused with the
    reason when it cannot, having stored no row."""
    with tempfile.TemporaryDirectory(prefix="utilicase-restore-") as work:
        manifest, parts = _unpack(Path(archive_path), Path(work))
        here = applied_migrations()
        if manifest["migrations"] != here:
            missing = sorted(set(manifest["migrations"]) - set(here))
            extra = sorted(set(here) - set(manifest["migrations"]))
            raise BackupRefused(
                _("备份与本数据库的迁移不一致（本库缺少：%(missing)s；本库多出：%(extra)s），请使用同一版本恢复")
                % {"missing": ", ".join(missing) or "-", "extra": ", ".join(extra) or "-"})
        _refuse_unless_empty()
        files = 0
        for name, path in sorted(parts.items()):
            if name.startswith("files/"):
                _files, namespace, sha = name.split("/")
                if blob_write(namespace, path.read_bytes()) != sha:
                    raise BackupRefused(_("文件写入后与其哈希不符：%(name)s") % {"name": name})
                files += 1
        with transaction.atomic():
            _refuse_unless_empty()
            with _discipline_triggers_suspended():
                _load(parts[DATA])
            if refused := _discipline_refused():
                raise BackupRefused(_("恢复的数据中有人员无有效纪检授权（§6.7(iii)(1-6)）：%(ids)s")
                                    % {"ids": ", ".join(map(str, refused))})
            wanted = manifest["rows"]
            for model in dumped_models():
                label = model._meta.label_lower
                found = model._base_manager.count()
                if found != wanted.get(label, 0):
                    raise BackupRefused(_("恢复后 %(model)s 有 %(found)s 行，清单记为 %(wanted)s 行")
                                        % {"model": label, "found": found, "wanted": wanted.get(label, 0)})
            events, problem = chain_verify()
            if problem is not None:
                raise BackupRefused(
                    _("恢复的审计链校验失败（第 %(position)s 条）：%(reason)s。本服务器的审计密钥可能不是备份时的密钥。")
                    % {"position": problem.position, "reason": problem.reason})
        # The checkpoints kept on this server: a backup older than the newest of them lacks the
        # events after it, which is reported, not refused (the backup may be all there is).
        checkpoints = read_checkpoints(checkpoint_path()) if checkpoint_path().exists() else []
        _count, checkpoint_problem = chain_verify(checkpoints=checkpoints)
    return RestoreResult(rows=sum(wanted.values()), files=files, events=events, checkpoints=len(checkpoints),
                         checkpoint_problem=checkpoint_problem)
