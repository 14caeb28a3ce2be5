"""Files stored by their SHA-256 under MEDIA_ROOT/<namespace>/<first two hex>/<sha256>.

The same content is stored once; the path says nothing of the record or the file's name. A file
is written before the row that refers to it; if that transaction rolls back the file stays
unreferenced (harmless, and never served: downloads go through a row and its permission check)."""

import hashlib
import os
import tempfile
from pathlib import Path

from django.conf import settings

_HEX = frozenset("0123456789abcdef")


def blob_path(namespace: str, sha256: str) -> Path:
    if len(sha256) != 64 or not set(sha256) <= _HEX:
        raise ValueError("not a SHA-256 hex digest")
    if not namespace.isidentifier():
        raise ValueError("namespace must be a plain name")
    return Path(settings.MEDIA_ROOT) / namespace / sha256[:2] / sha256


def blob_write(namespace: str, data: bytes) -> str:
    """Store the content (owner-only permissions) unless it is there already; its SHA-256."""
    sha256 = hashlib.sha256(data).hexdigest()
    path = blob_path(namespace, sha256)
    if path.exists():
        return sha256
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return sha256


def blob_read(namespace: str, sha256: str) -> bytes:
    """The content, checked against its hash (a changed file on disk is an error, not data)."""
    data = blob_path(namespace, sha256).read_bytes()
    if hashlib.sha256(data).hexdigest() != sha256:
        raise OSError(f"stored file {sha256[:12]}… does not match its hash")
    return data
