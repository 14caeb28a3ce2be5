"""Bad input to the API is answered 4xx in JSON, naming the field where there is one; never 5xx,
never an HTML page, nothing stored."""

import json

import pytest
from django.db import OperationalError
from django.test import override_settings

from utilicase.complaints.models import Complaint
from utilicase.whistleblowing.models import Report

pytestmark = pytest.mark.django_db
SURROGATE = "a\ud800b"  # a lone surrogate: valid JSON ("\ud800"), not storable text
COMPLAINT = {"channel": "PHONE", "contact_name": "李秀英", "contact_phone": "13899001122",
             "content": "电费突增，要求核查电表。", "reception_started_at": "2026-09-30T10:00:00+08:00",
             "reception_ended_at": "2026-09-30T10:00:00+08:00"}
REPORT = {"channel": "PHONE", "received_at": "2026-09-30T10:00", "content": "举报内容", "confirm": True}


@pytest.fixture(autouse=True)
def clock(monkeypatch, now):
    monkeypatch.setattr("django.utils.timezone.now", lambda: now)


@pytest.fixture
def post(client, token_headers):
    def call(username, path, body, **kw):
        data = body if isinstance(body, bytes | str) else json.dumps(body)
        return client.post("/api/v1" + path, data, content_type="application/json",
                           headers=token_headers(username), **kw)

    return call


def refused_field(response) -> list:
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == "application/json; charset=utf-8"
    [error] = response.json()["detail"]
    return error["loc"]


@pytest.mark.parametrize("field", ["content", "reporter_name"])
def test_lone_surrogate_in_report_intake_is_422_naming_the_field(post, field):
    response = post("hall_staff1", "/whistleblower-reports", {**REPORT, field: SURROGATE})
    assert refused_field(response) == ["body", field]
    assert "surrogate" in response.json()["detail"][0]["msg"]
    assert not Report.objects.exists()


def test_lone_surrogate_in_a_report_note_is_422_naming_the_field(post):
    report_id = post("hall_staff1", "/whistleblower-reports", REPORT).json()["number"]
    assert post("discipline1", f"/whistleblower-reports/{report_id}/investigate", {}).status_code == 200
    response = post("discipline1", f"/whistleblower-reports/{report_id}/notes", {"text": SURROGATE})
    assert refused_field(response) == ["body", "text"]


def test_lone_surrogate_in_the_hand_over_note_is_422_naming_the_field(post):
    complaint_id = post("hall_staff1", "/complaints", COMPLAINT).json()["id"]
    response = post("hall_staff1", f"/complaints/{complaint_id}/hand-over", {"to": "hall_head1", "note": SURROGATE})
    assert refused_field(response) == ["body", "note"]
    assert Complaint.objects.get().first_contact_owner.username == "hall_staff1"


@pytest.mark.parametrize(("body", "reason"), [
    ('{"channel": "PHONE",', "not valid JSON"),
    (b'{"content": "\xff\xfe"}', "not UTF-8"),
    ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ('{"channel": "PHONE", "content": ' + "1" * 5000 + "}", "too many digits"),
])
def test_a_body_that_is_not_json_is_422_in_json(post, body, reason):
    response = post("hall_staff1", "/complaints", body)
    assert refused_field(response) == ["body"]
    assert reason in response.json()["detail"][0]["msg"]
    assert not Complaint.objects.exists()


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_a_body_over_the_limit_is_413_in_json(post):
    response = post("hall_staff1", "/complaints", {**COMPLAINT, "content": "x" * 2000})
    assert response.status_code == 413
    assert response.json()["detail"][0]["loc"] == ["body"]
    assert not Complaint.objects.exists()


@pytest.mark.parametrize("path", ["/complaints/abc", "/complaints/abc/close", "/documents/abc",
                                  "/documents/abc/pdf", "/customers/abc"])
def test_a_non_numeric_id_is_422_in_json_naming_it(client, auth_headers, path):
    response = client.get("/api/v1" + path, headers=auth_headers)
    if path.endswith("/close"):
        response = client.post("/api/v1" + path, "{}", content_type="application/json", headers=auth_headers)
    loc = refused_field(response)
    assert loc[0] == "path" and loc[1].endswith("_id")


def test_a_write_lock_that_cannot_be_had_is_503_with_retry_after(post, monkeypatch):
    def locked(**kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr("utilicase.complaints.services.complaint_receive", locked)
    response = post("hall_staff1", "/complaints", COMPLAINT)
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "nothing was stored" in response.json()["detail"]


@pytest.mark.parametrize("moment", ["0001-01-01T00:00:00+08:00", "9999-12-31T23:59:59+08:00",
                                    "10000-01-01T00:00:00+08:00", "2026-02-30T10:00:00+08:00",
                                    "1899-12-31T10:00:00+08:00"])
def test_a_reception_time_out_of_range_is_422_naming_the_field_and_nothing_is_stored(client, token_headers, moment):
    from utilicase.audit.models import AuditEvent

    headers = token_headers("hall_staff1")  # the token's creation is audited: before the count
    events = AuditEvent.objects.count()
    response = client.post("/api/v1/complaints", json.dumps({**COMPLAINT, "reception_started_at": moment}),
                           content_type="application/json", headers=headers)
    assert response.status_code == 422, response.content
    [error] = response.json()["detail"]
    assert error["loc"][0] == "body" and error["loc"][-1] == "reception_started_at" and error["msg"]
    assert not Complaint.objects.exists()
    assert AuditEvent.objects.count() == events
