"""Files stored by their SHA-256 under the key <namespace>/<first two hex>/<sha256>.

Every file goes through Django's storage API, the storage named "blobs" in settings.STORAGES: a
directory on this server (MEDIA_ROOT, owner-only permissions) by default, an S3-compatible bucket
when several servers share the files (settings: UTILICASE_BLOB_STORAGE=s3). The key is the same on
every backend, so files written under MEDIA_ROOT before stay where they are read.

The same content is stored once; the key says nothing of the record or the file's name. A file
is written before the row that refers to it; if that transaction rolls back the file stays
unreferenced (harmless, and never served: downloads go through a row and its permission check).
Every read checks the content against its hash: a changed file is an error, never data."""

import hashlib
from collections.abc import Iterator

from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages

STORAGE_NAME = "blobs"
_HEX = frozenset("0123456789abcdef")
_CHUNK = 1 << 20


class BlobMissing(FileNotFoundError):
    """No stored file under the key (a row refers to a file the storage does not have)."""


class BlobCorrupt(OSError):
    """The stored file's content does not match the hash it is stored under."""


def blob_storage() -> Storage:
    return storages[STORAGE_NAME]


def blob_key(namespace: str, sha256: str) -> str:
    if len(sha256) != 64 or not set(sha256) <= _HEX:
        raise ValueError("not a SHA-256 hex digest")
    if not namespace.isidentifier():
        raise ValueError("namespace must be a plain name")
    return f"{namespace}/{sha256[:2]}/{sha256}"


def blob_write(namespace: str, data: bytes) -> str:
    """Store the content unless it is there already; its SHA-256.

    A file already under the key with the content's size is kept (content addressing: the same key
    is the same content); one of another size (a write cut short) is written again."""
    sha256 = hashlib.sha256(data).hexdigest()
    key = blob_key(namespace, sha256)
    storage = blob_storage()
    if storage.exists(key):
        if storage.size(key) == len(data):
            return sha256
        storage.delete(key)
    name = storage.save(key, ContentFile(data))
    if name != key:
        # Another server stored the same content between exists() and save(), and this storage
        # keeps both under different names: the key holds the content, the copy goes.
        storage.delete(name)
    return sha256


def _open(namespace: str, sha256: str):
    key = blob_key(namespace, sha256)
    storage = blob_storage()
    try:
        return storage.open(key, "rb")
    except FileNotFoundError as e:
        raise BlobMissing(f"no stored file {sha256[:12]}…") from e


def blob_stored_sha256(namespace: str, sha256: str) -> str | None:
    """The SHA-256 of what is stored under the key (None: nothing is), read in chunks."""
    storage = blob_storage()
    if not storage.exists(blob_key(namespace, sha256)):
        return None
    digest = hashlib.sha256()
    with _open(namespace, sha256) as f:
        for chunk in iter(lambda: f.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def blob_read(namespace: str, sha256: str) -> bytes:
    """The content, checked against its hash (BlobMissing: nothing stored; BlobCorrupt: changed)."""
    key = blob_key(namespace, sha256)
    try:
        with _open(namespace, sha256) as f:
            data = f.read()
    except BlobMissing:
        raise
    except Exception as e:
        # Backends differ in what a missing key raises (S3: botocore's ClientError on read).
        if not blob_storage().exists(key):
            raise BlobMissing(f"no stored file {sha256[:12]}…") from e
        raise
    if hashlib.sha256(data).hexdigest() != sha256:
        raise BlobCorrupt(f"stored file {sha256[:12]}… does not match its hash")
    return data


def blob_list() -> Iterator[tuple[str, str]]:
    """(namespace, sha256) of every file stored under its key, in key order, on whatever backend
    the storage is. Anything else there (a half-written upload, a stray file) is not listed."""
    storage = blob_storage()
    try:
        namespaces = storage.listdir("")[0]
    except FileNotFoundError:  # nothing stored yet on this server
        return
    for namespace in sorted(namespaces):
        if not namespace.isidentifier():
            continue
        for prefix in sorted(storage.listdir(namespace)[0]):
            if len(prefix) != 2 or not set(prefix) <= _HEX:
                continue
            for sha in sorted(storage.listdir(f"{namespace}/{prefix}")[1]):
                if len(sha) == 64 and set(sha) <= _HEX and sha[:2] == prefix:
                    yield namespace, sha
