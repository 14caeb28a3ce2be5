"""Bad files sent to the evidence API (§2.6(2)): a "PNG" that is only its signature, a JPEG cut
short, an empty file, a file over the limit. Each is refused 422 naming the `file` field and the
reason, and nothing is stored: no file row, no file under MEDIA_ROOT, no audit event."""

import io
import json

import pytest

from tests.integration.evidence.conftest import stored_files
from tests.integration.evidence.helpers import jpeg
from utilicase.audit.models import AuditEvent
from utilicase.evidence.models import EvidenceFile
from utilicase.org.services import token_create

pytestmark = pytest.mark.django_db
BASE = "/api/v1/evidence"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def upload(client, example_user, now, case):
    _, token = token_create(actor=None, user=example_user("inspector1"), now=now)
    headers = {"Authorization": f"Bearer {token}"}
    body = {"target_type": "customers.customer", "target_id": str(case.pk), "kind": "METER",
            "description": "电能表一只", "location": "计量箱"}
    item_id = client.post(f"{BASE}/items", json.dumps(body), content_type="application/json",
                          headers=headers).json()["id"]

    def send(data: bytes, name: str):
        f = io.BytesIO(data)
        f.name = name
        return client.post(f"{BASE}/items/{item_id}/files", {"file": f}, headers=headers)

    return send


@pytest.mark.parametrize(("data", "name"), [
    (PNG_SIGNATURE + b"\x00\x00\x00\rIHDR" + b"\x00" * 5, "photo.png"),
    (PNG_SIGNATURE + b"<script>alert(1)</script>", "photo.png"),
    (jpeg()[:400], "photo.jpg"),
    (b"", "photo.jpg"),
    (b"GIF89a" + b"\x00" * 100, "photo.jpg"),
])
def test_a_malformed_file_is_422_naming_the_field_and_nothing_is_stored(upload, media, data, name):
    before, events = stored_files(media), AuditEvent.objects.count()
    response = upload(data, name)
    assert response.status_code == 422, response.content
    [error] = response.json()["detail"]
    assert error["loc"][-1] == "file" and error["msg"]
    assert stored_files(media) == before
    assert not EvidenceFile.objects.exists()
    assert AuditEvent.objects.count() == events


def test_a_file_over_the_limit_is_422_with_its_size_and_nothing_is_stored(upload, media, monkeypatch):
    monkeypatch.setattr("utilicase.evidence.api.MAX_BYTES", 1000)
    data = jpeg()
    before, events = stored_files(media), AuditEvent.objects.count()
    response = upload(data, "photo.jpg")
    assert response.status_code == 422, response.content
    [error] = response.json()["detail"]
    assert error["loc"][-1] == "file"
    assert f"the file is {len(data)} bytes; at most 1000 are accepted" in error["msg"]
    assert stored_files(media) == before and not EvidenceFile.objects.exists()
    assert AuditEvent.objects.count() == events
