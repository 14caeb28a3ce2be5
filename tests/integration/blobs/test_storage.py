import hashlib

import pytest

from utilicase.blobs.storage import blob_path, blob_read, blob_write


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_content_is_stored_once_under_its_hash(tmp_path):
    data = b"\x89PNG\r\n\x1a\n" + b"x" * 100
    sha = blob_write("evidence", data)
    assert sha == hashlib.sha256(data).hexdigest()
    assert blob_write("evidence", data) == sha
    path = blob_path("evidence", sha)
    assert path == tmp_path / "evidence" / sha[:2] / sha
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert blob_read("evidence", sha) == data


def test_a_changed_file_on_disk_is_an_error():
    sha = blob_write("evidence", b"original")
    blob_path("evidence", sha).write_bytes(b"tampered")
    with pytest.raises(OSError, match="does not match its hash"):
        blob_read("evidence", sha)


@pytest.mark.parametrize(("namespace", "sha"), [("evidence", "../etc/passwd"), ("../x", "a" * 64), ("evidence", "A" * 64)])
def test_paths_cannot_escape(namespace, sha):
    with pytest.raises(ValueError):
        blob_path(namespace, sha)
