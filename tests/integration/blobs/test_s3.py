"""Stored files in an S3-compatible bucket (UTILICASE_BLOB_STORAGE=s3, django-storages' S3Storage),
against a real S3 HTTP server (moto's, started once for the module): the same keys as on disk, one
copy per content, a hash check on read, and an upload through the API stored in the bucket."""

import hashlib
import io
import json
import socket
import subprocess
import time
import urllib.request
import uuid

import pytest
from django.core.files.storage import storages

from tests.integration.evidence.helpers import TARGET_TYPE, TEST_CASE_TYPE, jpeg, make_customer
from utilicase.blobs.storage import (
    BlobCorrupt,
    BlobMissing,
    blob_list,
    blob_read,
    blob_storage,
    blob_stored_sha256,
    blob_write,
)
from utilicase.core import cases
from utilicase.org.services import token_create

REGION = "us-east-1"
CREDENTIALS = {"aws_access_key_id": "utilicase-test", "aws_secret_access_key": "utilicase-test-secret"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    try:
        server = subprocess.Popen(["moto_server", "-H", "127.0.0.1", "-p", str(port)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except FileNotFoundError:
        pytest.skip("moto_server is not installed (pip install -e '.[test]')")
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{url}/moto-api/", timeout=1).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.skip("moto_server did not start")
                time.sleep(0.1)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def client_s3(s3_endpoint):
    import boto3

    return boto3.client("s3", endpoint_url=s3_endpoint, region_name=REGION, **CREDENTIALS)


@pytest.fixture
def bucket(client_s3, s3_endpoint, settings, tmp_path):
    """A new versioned bucket per test, and the storage "blobs" pointed at it as settings.py does
    for UTILICASE_BLOB_STORAGE=s3 (changing STORAGES drops Django's cached storage objects)."""
    name = f"utilicase-{uuid.uuid4().hex[:12]}"
    client_s3.create_bucket(Bucket=name)
    client_s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
    settings.MEDIA_ROOT = tmp_path / "media"  # must stay empty: nothing goes to the local disk
    settings.STORAGES = {**settings.STORAGES, "blobs": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        "bucket_name": name, "endpoint_url": s3_endpoint, "region_name": REGION, "addressing_style": "path",
        "access_key": CREDENTIALS["aws_access_key_id"], "secret_key": CREDENTIALS["aws_secret_access_key"],
        "default_acl": None, "file_overwrite": True, "querystring_auth": True}}}
    return name


def _versions(client_s3, bucket) -> list[str]:
    return sorted(v["Key"] for v in client_s3.list_object_versions(Bucket=bucket).get("Versions", []))


def test_the_blob_storage_is_the_s3_backend(bucket):
    from storages.backends.s3 import S3Storage

    assert isinstance(blob_storage(), S3Storage) and blob_storage() is storages["blobs"]
    assert blob_storage().bucket_name == bucket


def test_content_is_stored_once_under_the_same_key_as_on_disk(client_s3, bucket, settings):
    data = b"\x89PNG\r\n\x1a\n" + b"x" * 100
    sha = blob_write("evidence", data)
    assert sha == hashlib.sha256(data).hexdigest()
    assert blob_write("evidence", data) == sha
    assert _versions(client_s3, bucket) == [f"evidence/{sha[:2]}/{sha}"]  # one version: not written twice
    assert client_s3.get_object(Bucket=bucket, Key=f"evidence/{sha[:2]}/{sha}")["Body"].read() == data
    assert blob_read("evidence", sha) == data
    assert not settings.MEDIA_ROOT.exists()


def test_a_changed_object_is_an_error_on_read(client_s3, bucket):
    sha = blob_write("evidence", b"original")
    client_s3.put_object(Bucket=bucket, Key=f"evidence/{sha[:2]}/{sha}", Body=b"tampered")
    with pytest.raises(BlobCorrupt, match="does not match its hash"):
        blob_read("evidence", sha)
    assert blob_stored_sha256("evidence", sha) == hashlib.sha256(b"tampered").hexdigest()


def test_an_object_cut_short_is_written_again(client_s3, bucket):
    data = b"0123456789" * 10
    sha = hashlib.sha256(data).hexdigest()
    client_s3.put_object(Bucket=bucket, Key=f"documents/{sha[:2]}/{sha}", Body=data[:37])
    assert blob_write("documents", data) == sha
    assert blob_read("documents", sha) == data


def test_the_list_of_stored_files_reads_the_bucket(client_s3, bucket):
    first, second = blob_write("evidence", b"photo"), blob_write("documents", b"pdf")
    client_s3.put_object(Bucket=bucket, Key="evidence/zz/stray", Body=b"x")
    assert list(blob_list()) == [("documents", second), ("evidence", first)]


def test_a_missing_object_is_its_own_error(bucket):
    with pytest.raises(BlobMissing):
        blob_read("evidence", "cd" * 32)
    assert blob_stored_sha256("evidence", "cd" * 32) is None


@pytest.mark.django_db
def test_a_photo_uploaded_through_the_api_is_stored_in_the_bucket_and_downloaded_s2_6_2(
        client, client_s3, bucket, settings, org, example_user, now, monkeypatch):
    monkeypatch.setitem(cases.CASE_TYPES, TARGET_TYPE, TEST_CASE_TYPE)
    case = make_customer(org)
    _, token = token_create(actor=None, user=example_user("inspector1"), now=now)
    headers = {"Authorization": f"Bearer {token}"}
    item = client.post("/api/v1/evidence/items", json.dumps({
        "target_type": TARGET_TYPE, "target_id": str(case.pk), "kind": "METER", "description": "电能表一只",
        "location": "计量箱"}), content_type="application/json", headers=headers)
    assert item.status_code == 201
    data = jpeg(taken="2026:09:30 09:58:00")
    upload = io.BytesIO(data)
    upload.name = "photo.jpg"
    response = client.post(f"/api/v1/evidence/items/{item.json()['id']}/files", {"file": upload}, headers=headers)
    assert response.status_code == 201
    photo = response.json()["files"][0]
    sha = hashlib.sha256(data).hexdigest()
    keys = _versions(client_s3, bucket)
    assert f"evidence/{sha[:2]}/{sha}" in keys and len(keys) == 2  # the photo and its thumbnail
    assert not settings.MEDIA_ROOT.exists()
    download = client.get(photo["url"], headers=headers)
    assert download.status_code == 200 and b"".join(download.streaming_content) == data
    client_s3.put_object(Bucket=bucket, Key=f"evidence/{sha[:2]}/{sha}", Body=data[:-1] + b"\x00")
    with pytest.raises(BlobCorrupt):
        client.get(photo["url"], headers=headers)
