"""Stored files on the default backend (a directory under MEDIA_ROOT, through Django's storage API):
the same key layout as before, owner-only permissions, one copy per content, a hash check on read."""

import hashlib
import os

import pytest
from django.core.files.base import ContentFile

from utilicase.blobs.storage import (
    BlobCorrupt,
    BlobMissing,
    blob_key,
    blob_list,
    blob_read,
    blob_storage,
    blob_stored_sha256,
    blob_write,
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_content_is_stored_once_under_its_hash_with_owner_only_permissions(media):
    data = b"\x89PNG\r\n\x1a\n" + b"x" * 100
    sha = blob_write("evidence", data)
    assert sha == hashlib.sha256(data).hexdigest()
    path = media / "evidence" / sha[:2] / sha  # the layout files were written under before
    before = path.stat()
    assert blob_write("evidence", data) == sha
    assert path.stat().st_mtime_ns == before.st_mtime_ns and path.stat().st_ino == before.st_ino  # not rewritten
    assert sorted(p.relative_to(media).as_posix() for p in media.rglob("*") if p.is_file()) == [f"evidence/{sha[:2]}/{sha}"]
    assert oct(before.st_mode & 0o777) == "0o600"
    assert oct(path.parent.stat().st_mode & 0o777) == "0o700" and oct(media.stat().st_mode & 0o777) == "0o700"
    assert blob_read("evidence", sha) == data


def test_a_file_written_before_under_media_root_is_read(media):
    data = b"stored by an earlier version"
    sha = hashlib.sha256(data).hexdigest()
    (media / "signatures" / sha[:2]).mkdir(parents=True)
    (media / "signatures" / sha[:2] / sha).write_bytes(data)
    assert blob_read("signatures", sha) == data


def test_a_changed_file_on_disk_is_an_error(media):
    sha = blob_write("evidence", b"original")
    (media / "evidence" / sha[:2] / sha).write_bytes(b"tampered")
    with pytest.raises(BlobCorrupt, match="does not match its hash"):
        blob_read("evidence", sha)
    assert blob_stored_sha256("evidence", sha) == hashlib.sha256(b"tampered").hexdigest()


def test_a_write_cut_short_is_written_again(media):
    data = b"0123456789" * 10
    sha = hashlib.sha256(data).hexdigest()
    (media / "evidence" / sha[:2]).mkdir(parents=True)
    (media / "evidence" / sha[:2] / sha).write_bytes(data[:37])
    assert blob_write("evidence", data) == sha
    assert blob_read("evidence", sha) == data
    assert len(list((media / "evidence" / sha[:2]).iterdir())) == 1


def test_a_copy_stored_under_another_name_by_a_concurrent_writer_is_removed(media):
    """Two servers storing the same content at once: the storage keeps the second under a new
    name (FileSystemStorage never overwrites); the key holds the content and the copy goes."""
    data = b"the same content twice"
    sha = hashlib.sha256(data).hexdigest()
    storage = blob_storage()
    real_exists = storage.exists
    calls = []

    def first_look_misses(name):
        calls.append(name)
        if len(calls) == 1:
            storage.save(name, ContentFile(data))  # the other server's write lands here
            return False
        return real_exists(name)

    storage.exists = first_look_misses
    try:
        assert blob_write("evidence", data) == sha
    finally:
        del storage.exists
    assert os.listdir(media / "evidence" / sha[:2]) == [sha]
    assert blob_read("evidence", sha) == data


def test_a_missing_file_is_its_own_error():
    sha = "ab" * 32
    with pytest.raises(BlobMissing):
        blob_read("evidence", sha)
    assert blob_stored_sha256("evidence", sha) is None


@pytest.mark.parametrize(("namespace", "sha"), [("evidence", "../etc/passwd"), ("../x", "a" * 64), ("evidence", "A" * 64)])
def test_keys_cannot_escape(namespace, sha):
    with pytest.raises(ValueError):
        blob_key(namespace, sha)


def test_the_list_holds_every_stored_file_and_nothing_else(media):
    """What a backup copies (`utilicase backup`): every file under its key, by namespace and key."""
    assert list(blob_list()) == []  # nothing stored yet: no folder either
    first, second = blob_write("evidence", b"photo"), blob_write("documents", b"pdf")
    third = blob_write("evidence", b"another photo")
    blob_storage().save(f"evidence/{first[:2]}/.upload-stray", ContentFile(b"half"))
    blob_storage().save("evidence/zz/notes.txt", ContentFile(b"stray"))
    assert list(blob_list()) == [("documents", second), *sorted([("evidence", first), ("evidence", third)])]
