"""The evidence API: reads and writes through the case registry (404 for a case one may not
see), 422 naming the field, 409 with the clause, 403 for an action that is not the caller's."""

import hashlib
import io
import json
import zipfile

import pytest

from tests.integration.evidence.conftest import stored_files
from tests.integration.evidence.helpers import data_url, exe, jpeg, signature_png
from utilicase.audit.models import AuditEvent
from utilicase.evidence.models import CustodyEntry, EvidenceFile, EvidenceItem, Seal
from utilicase.org.services import token_create

pytestmark = pytest.mark.django_db
BASE = "/api/v1/evidence"
TT = "customers.customer"


@pytest.fixture
def auth(example_user, now):
    def headers(username: str = "inspector1") -> dict:
        _, token = token_create(actor=None, user=example_user(username), now=now)
        return {"Authorization": f"Bearer {token}"}

    return headers


def _create(client, headers, case, **kw):
    body = {"target_type": TT, "target_id": str(case.pk), "kind": "METER", "description": "电能表一只",
            "location": "计量箱"} | kw
    return client.post(f"{BASE}/items", json.dumps(body), content_type="application/json", headers=headers)


def _upload(client, headers, item_id, data, name="photo.jpg", **form):
    return client.post(f"{BASE}/items/{item_id}/files", {"file": _named(data, name),
                                                         **form}, headers=headers)


def _named(data: bytes, name: str):
    f = io.BytesIO(data)
    f.name = name
    return f


def test_register_an_item_and_read_the_register(client, auth, case):
    headers = auth()
    created = _create(client, headers, case, latitude="43.8256", longitude="87.6168", collectors=["inspector2"])
    assert created.status_code == 201
    body = created.json()
    assert (body["number"], body["custody_state"], body["collectors"]) == (1, "COLLECTED", ["inspector1", "inspector2"])
    assert body["latitude"] == "43.825600" and body["custody"][0]["step"] == "COLLECTED"
    listed = client.get(f"{BASE}/items", {"target_type": TT, "target_id": case.pk}, headers=headers).json()
    assert listed["count"] == 1 and listed["items"][0]["id"] == body["id"]
    assert client.get(f"{BASE}/items/{body['id']}", headers=headers).json()["description"] == "电能表一只"


@pytest.mark.parametrize(("changes", "field"), [
    ({"description": " "}, "description"), ({"kind": "GADGET"}, "kind"), ({"latitude": "43.8"}, "longitude"),
    ({"collectors": ["nobody"]}, "collectors"), ({"collectors": ["a\x00b"]}, "collectors"),
    ({"location": ""}, "location"), ({"description": "短接\x00线"}, "description"),
])
def test_bad_item_input_is_422_naming_the_field(client, auth, case, changes, field):
    response = _create(client, auth(), case, **changes)
    assert response.status_code == 422
    assert field in json.dumps(response.json(), ensure_ascii=False)
    assert not EvidenceItem.objects.exists()


def test_a_case_one_may_not_see_is_404_everywhere(client, auth, case):
    item_id = _create(client, auth(), case).json()["id"]
    f = _upload(client, auth(), item_id, jpeg())
    file_id = f.json()["files"][0]["id"]
    outsider = auth("handler1")
    assert _create(client, outsider, case).status_code == 404
    for path in [f"{BASE}/items?target_type={TT}&target_id={case.pk}", f"{BASE}/items/{item_id}",
                 f"{BASE}/files/{file_id}", f"{BASE}/files/{file_id}/thumbnail",
                 f"{BASE}/package.pdf?target_type={TT}&target_id={case.pk}",
                 f"{BASE}/package.zip?target_type={TT}&target_id={case.pk}",
                 f"{BASE}/confirmations?target_type={TT}&target_id={case.pk}",
                 f"{BASE}/items?target_type=nothing.here&target_id=1", f"{BASE}/items?target_type={TT}&target_id=abc"]:
        assert client.get(path, headers=outsider).status_code == 404, path
    assert _upload(client, outsider, item_id, jpeg(mark=2)).status_code == 404
    assert EvidenceFile.objects.count() == 1
    assert not AuditEvent.objects.filter(action__startswith="evidence.package").exists()


@pytest.mark.parametrize("query", ["target_type=customers.customer&target_id=1%00",
                                   "target_type=%05%00&target_id=1", "target_type=customers.customer&target_id=1%0A"])
def test_control_characters_in_a_case_name_are_refused_not_a_server_error(client, auth, case, query):
    response = client.get(f"{BASE}/items?{query}", headers=auth())
    assert response.status_code == 422, response.content


def test_an_approver_reads_but_may_not_record(client, auth, case):
    item_id = _create(client, auth(), case).json()["id"]
    deputy = auth("enterprise_deputy1")
    assert client.get(f"{BASE}/items/{item_id}", headers=deputy).status_code == 200
    assert _create(client, deputy, case).status_code == 403


def test_a_photo_is_uploaded_and_downloaded_by_hash(client, auth, case):
    headers = auth()
    item_id = _create(client, headers, case).json()["id"]
    data = jpeg(taken="2026:09:30 09:58:00")
    response = _upload(client, headers, item_id, data, captured_at="2026-09-30T09:59:00+08:00")
    assert response.status_code == 201
    photo = response.json()["files"][0]
    assert photo["sha256"] == hashlib.sha256(data).hexdigest()
    assert photo["exif_taken_at"] == "2026-09-30T01:58:00Z" and photo["times_disagree"] is False
    download = client.get(photo["url"], headers=headers)
    assert b"".join(download.streaming_content) == data
    thumb = client.get(photo["thumbnail_url"], headers=headers)
    assert b"".join(thumb.streaming_content)[:3] == b"\xff\xd8\xff"


def test_a_renamed_program_is_refused_by_content_and_nothing_is_stored(client, auth, case, media):
    headers = auth()
    item_id = _create(client, headers, case).json()["id"]
    before = stored_files(media)
    response = _upload(client, headers, item_id, exe(), name="photo.jpg")
    assert response.status_code == 422
    detail = response.json()["detail"][0]
    assert detail["loc"][-1] == "file" and "无法识别文件内容" in detail["msg"]
    assert stored_files(media) == before and not EvidenceFile.objects.exists()


def test_seal_custody_and_a_refused_move_is_409_with_the_clause(client, auth, case):
    headers = auth()
    item_id = _create(client, headers, case).json()["id"]
    sealed = client.post(f"{BASE}/items/{item_id}/seals", json.dumps(
        {"number": "FT2026-0042", "signer_name": "熊超", "signature": data_url(signature_png())}),
        content_type="application/json", headers=headers)
    assert sealed.status_code == 201 and sealed.json()["seals"][0]["number"] == "FT2026-0042"
    assert sealed.json()["sealed"] is True
    refused = client.post(f"{BASE}/items/{item_id}/custody", {"step": "APPRAISAL_RESULT", "location": "检定所",
                                                              "seal_state": "INTACT", "result": "x"}, headers=headers)
    assert refused.status_code == 409 and refused.json()["clause"] == "§2.6(2)"
    missing = client.post(f"{BASE}/items/{item_id}/custody", {"step": "STORED", "location": "保管室"}, headers=headers)
    assert missing.status_code == 422 and missing.json()["detail"][0]["loc"][-1] == "seal_state"
    moved = client.post(f"{BASE}/items/{item_id}/custody", {"step": "STORED", "location": "保管室",
                                                            "seal_state": "INTACT"}, headers=headers)
    assert moved.status_code == 201
    assert [(e["step"], e["seal"], e["seal_state"]) for e in moved.json()["custody"]] == [
        ("COLLECTED", "", ""), ("STORED", "FT2026-0042", "INTACT")]
    assert CustodyEntry.objects.count() == 2


def test_a_bad_signature_is_422(client, auth, case):
    headers = auth()
    item_id = _create(client, headers, case).json()["id"]
    response = client.post(f"{BASE}/items/{item_id}/seals", json.dumps(
        {"number": "FT2026-0042", "signer_name": "熊超", "signature": "not a picture"}),
        content_type="application/json", headers=headers)
    assert response.status_code == 422 and response.json()["detail"][0]["loc"][-1] == "signature"
    assert not Seal.objects.exists()


def test_confirmation_and_the_package_downloads(client, auth, case):
    headers = auth()
    item_id = _create(client, headers, case).json()["id"]
    data = jpeg()
    _upload(client, headers, item_id, data)
    confirmed = client.post(f"{BASE}/confirmations", json.dumps(
        {"target_type": TT, "target_id": str(case.pk), "signer_name": "熊超", "signature": data_url(signature_png())}),
        content_type="application/json", headers=headers)
    assert confirmed.status_code == 201 and confirmed.json()["item_numbers"] == [1]
    again = client.post(f"{BASE}/confirmations", json.dumps(
        {"target_type": TT, "target_id": str(case.pk), "signer_name": "熊超", "signature": data_url(signature_png())}),
        content_type="application/json", headers=headers)
    assert again.status_code == 409 and again.json()["clause"] == "§2.6(2)"
    pdf = client.get(f"{BASE}/package.pdf", {"target_type": TT, "target_id": case.pk}, headers=headers)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-") and pdf["Content-Type"] == "application/pdf"
    package = client.get(f"{BASE}/package.zip", {"target_type": TT, "target_id": case.pk}, headers=headers)
    archive = zipfile.ZipFile(io.BytesIO(b"".join(package.streaming_content)))
    manifest = json.loads(archive.read("manifest.json"))
    assert [(f["item_number"], f["sha256"]) for f in manifest["files"]] == [(1, hashlib.sha256(data).hexdigest())]
    assert archive.read(manifest["files"][0]["path"]) == data
    assert AuditEvent.objects.filter(action__startswith="evidence.package.").count() == 2


def test_an_appraisal_result_carries_its_report(client, auth, case):
    headers = auth()
    item_id = _create(client, headers, case).json()["id"]
    client.post(f"{BASE}/items/{item_id}/seals", json.dumps(
        {"number": "FT2026-0043", "signer_name": "熊超", "signature": data_url(signature_png())}),
        content_type="application/json", headers=headers)
    sent = client.post(f"{BASE}/items/{item_id}/custody", {"step": "SENT_FOR_APPRAISAL", "location": "市计量检定所",
                                                           "seal_state": "INTACT"}, headers=headers)
    assert sent.status_code == 201
    report = b"%PDF-1.4\n% appraisal\n"
    bad = client.post(f"{BASE}/items/{item_id}/custody", {
        "step": "APPRAISAL_RESULT", "location": "市计量检定所", "seal_state": "BROKEN", "seal_note": "启封",
        "result": "改动", "report": _named(exe(), "report.pdf")}, headers=headers)
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"][-1] == "report"
    done = client.post(f"{BASE}/items/{item_id}/custody", {
        "step": "APPRAISAL_RESULT", "location": "市计量检定所", "seal_state": "BROKEN", "seal_note": "启封",
        "result": "表内加装分流电阻", "report": _named(report, "report.pdf")}, headers=headers)
    assert done.status_code == 201
    body = done.json()
    entry = body["custody"][-1]
    assert (entry["step"], entry["result"], entry["report_sha256"]) == (
        "APPRAISAL_RESULT", "表内加装分流电阻", hashlib.sha256(report).hexdigest())
    assert body["sealed"] is False and body["seals"][0]["broken_note"] == "启封"
    download = client.get(entry["report_url"], headers=headers)
    assert b"".join(download.streaming_content) == report
    assert client.get(entry["report_url"], headers=auth("handler1")).status_code == 404
