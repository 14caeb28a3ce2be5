"""The two files that keep the audit chain honest from outside the database: the HMAC key
(settings.AUDIT_KEY_FILE, made once by `utilicase audit init`) and the append-only file of
checkpoints (settings.AUDIT_CHECKPOINT_FILE, written by `utilicase audit checkpoint` and daily by
the sweep)."""

import functools
import os
import secrets
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from utilicase.audit.domain.chain import AuditKey, BadAuditFile, Checkpoint, parse_checkpoints, parse_key


class AuditKeyMissing(ImproperlyConfigured):
    pass


def key_path() -> Path:
    return Path(settings.AUDIT_KEY_FILE)


def audit_key() -> AuditKey:
    """The key, or AuditKeyMissing saying how to make it. Nothing falls back to a default key."""
    path = key_path()
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise AuditKeyMissing(f"the audit key file {path} does not exist: run `utilicase audit init` "
                              "(no audit event is written or verified without it)") from None
    return _read_key(str(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=4)
def _read_key(path: str, mtime_ns: int, size: int) -> AuditKey:
    try:
        return parse_key(Path(path).read_text(encoding="utf-8"), path)
    except BadAuditFile as exc:
        raise AuditKeyMissing(f"the audit key file is unreadable: {exc}") from None


def create_key(*, legacy: Checkpoint | None) -> Path:
    """Write a new random key, readable by its owner alone. An existing file is never replaced
    (FileExistsError)."""
    path = key_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as file:
        file.write(AuditKey(secrets.token_bytes(32), legacy).text())
    return path


def checkpoint_path() -> Path:
    return Path(settings.AUDIT_CHECKPOINT_FILE)


def read_checkpoints(path: Path) -> list[Checkpoint]:
    """The checkpoints in a file (BadAuditFile names a line that is not one)."""
    return parse_checkpoints(path.read_text(encoding="utf-8"), str(path))


def append_checkpoint(checkpoint: Checkpoint) -> Path:
    """Append one line to the checkpoint file (made if missing), flushed to disk."""
    path = checkpoint_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as file:
        file.write(checkpoint.line() + "\n")
        file.flush()
        os.fsync(file.fileno())
    return path


def checkpoint_due(now: datetime) -> bool:
    """No checkpoint in the file yet from `now`'s local day."""
    path = checkpoint_path()
    if not path.exists():
        return True
    checkpoints = read_checkpoints(path)
    return not checkpoints or timezone.localdate(checkpoints[-1].at) != timezone.localdate(now)
