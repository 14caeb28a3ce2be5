"""/api/v1/whistleblower-reports: intake, one report, the list with filters, transitions,
attachments and KPIs; bad input 422 naming the field, refusals 409 with the clause."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.integration.whistleblowing.conftest import PDF, SECRET_CONTENT, SECRET_NAME
from utilicase.audit.models import AuditEvent
from utilicase.org.services import token_create
from utilicase.whistleblowing.domain.numbers import report_number_valid
from utilicase.whistleblowing.models import Report, ReportAttachment

pytestmark = pytest.mark.django_db
API = "/api/v1/whistleblower-reports"
SH = ZoneInfo("Asia/Shanghai")
CLOCK = datetime(2026, 10, 12, 10, 0, tzinfo=SH)


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: CLOCK)
    return CLOCK


@pytest.fixture
def api(client, example_user, now):
    class Api:
        def __init__(self, username):
            _, token = token_create(actor=None, user=example_user(username), now=now)
            self.headers = {"Authorization": f"Bearer {token}"}

        def get(self, path="", params=None):
            return client.get(API + path, params or {}, headers=self.headers)

        def post(self, path="", body=None):
            return client.post(API + path, body or {}, content_type="application/json", headers=self.headers)

        def upload(self, path, name, data):
            return client.post(API + path, {"file": SimpleUploadedFile(name, data)}, headers=self.headers)

    return Api


INTAKE = {"channel": "PHONE", "received_at": "2026-09-30T10:00", "content": SECRET_CONTENT,
          "reporter_name": SECRET_NAME, "reporter_contact": "13900000000"}


def test_intake_answers_201_with_number_status_and_deadlines_s6_7_iii_7(api):
    response = api("hall_staff1").post("", {**INTAKE, "confirm": True})
    assert response.status_code == 201
    body = response.json()
    assert (body["status"], body["claim_code"]) == ("WITH_DISCIPLINE", None)
    assert report_number_valid(body["number"]) and body["number"].startswith("JB2026")
    [deadline] = body["deadlines"]
    assert (deadline["kind"], deadline["due_date"], deadline["provisional"]) == ("report.reply", "2026-10-20", False)
    assert datetime.fromisoformat(deadline["due_at"]) == datetime(2026, 10, 21, tzinfo=SH)


def test_intake_without_confirmation_already_runs_the_reply_limit_s6_7_iii_7(api):
    body = api("hall_staff1").post("", INTAKE).json()
    assert body["status"] == "RECEIVED"
    assert [(d["kind"], d["due_date"]) for d in body["deadlines"]] == [("report.reply", "2026-10-20")]


def test_received_at_defaults_to_now_and_claim_code_is_shown_once(api):
    staff = api("hall_staff1")
    body = staff.post("", {"channel": "OPINION_BOX", "claim_code": True}).json()
    assert len(body["claim_code"]) == 19
    got = staff.get(f"/{body['number']}").json()
    assert datetime.fromisoformat(got["received_at"]) == CLOCK
    assert "claim_code" not in got and body["claim_code"] not in str(got)


@pytest.mark.parametrize(("body", "field"), [
    ({"content": "x"}, "channel"),
    ({"channel": "EMAIL"}, "channel"),
    ({"channel": "PHONE", "received_at": "2026-10-12T10:01"}, "received_at"),
    ({"channel": "PHONE", "received_at": "yesterday"}, "received_at"),
    ({"channel": "PHONE", "content": "举" * 10001}, "content"),
    ({"channel": "PHONE", "reporter_name": "名" * 101}, "reporter_name"),
    ({"channel": "PHONE", "content": "举\x00报"}, "content"),
    ({"channel": "PHONE", "received_at": "1899-12-31T10:00"}, "received_at"),
])
def test_bad_intake_is_422_naming_the_field(api, body, field):
    response = api("hall_staff1").post("", body)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == field
    assert "举举举" not in response.content.decode() and "名名名" not in response.content.decode()


def test_intake_is_for_front_line_staff(api):
    assert api("inspector1").post("", INTAKE).status_code == 403
    assert api("discipline1").post("", INTAKE).status_code == 403


def test_anonymous_is_401(client):
    assert client.get(API).status_code == 401


def test_front_line_confirms_and_then_gets_404_s6_7_iii_5(api):
    staff = api("hall_staff1")
    report_id = staff.post("", INTAKE).json()["number"]
    assert staff.get(f"/{report_id}").json()["confidential"] is None
    confirmed = staff.post(f"/{report_id}/confirm")
    assert confirmed.status_code == 200 and confirmed.json()["status"] == "WITH_DISCIPLINE"
    assert confirmed.json()["confidential"] is None and confirmed.json()["deadlines"] == []
    assert staff.get(f"/{report_id}").status_code == 404
    assert api("discipline1").get(f"/{report_id}").json()["confidential"]["content"] == SECRET_CONTENT


def test_refused_transition_is_409_with_the_clause_s6_7_iii_5(api):
    report_id = api("hall_staff1").post("", {**INTAKE, "confirm": True}).json()["number"]
    response = api("discipline1").post(f"/{report_id}/confirm")
    assert response.status_code == 409 and response.json()["clause"] == "§6.7(iii)(5)"


def test_front_line_action_not_theirs_is_403(api):
    staff = api("hall_staff1")
    report_id = staff.post("", INTAKE).json()["number"]
    assert staff.post(f"/{report_id}/investigate").status_code == 403


def test_not_a_report_needs_a_reason_and_a_taken_complaint_s6_7_i_ii(api, complaint_number):
    staff = api("hall_staff1")
    report_id = staff.post("", INTAKE).json()["number"]
    for payload in ({"reason": " ", "complaint_number": complaint_number}, {"reason": "属于投诉"},
                    {"reason": "属于投诉", "complaint_number": "TS2026999999"}):
        refused = staff.post(f"/{report_id}/not-a-report", payload)
        assert refused.status_code == 409 and refused.json()["clause"] == "§6.7(i-ii)"
    closed = staff.post(f"/{report_id}/not-a-report", {"reason": "属于投诉", "complaint_number": complaint_number})
    assert closed.json()["status"] == "NOT_A_REPORT" and closed.json()["complaint_number"] == complaint_number


def test_investigate_note_reply_through_the_api_s6_7_iii_7(api):
    report_id = api("hall_staff1").post("", {**INTAKE, "confirm": True}).json()["number"]
    discipline = api("discipline1")
    assert discipline.post(f"/{report_id}/investigate").json()["status"] == "INVESTIGATING"
    early = discipline.post(f"/{report_id}/reply", {"outcome": "x", "feedback_method": "PHONE",
                                                    "feedback_content": "y"})
    assert early.status_code == 409 and early.json()["clause"] == "§6.7(i-ii)"
    note = discipline.post(f"/{report_id}/notes", {"text": "约谈"})
    assert note.status_code == 201 and note.json()["id"]
    bad_method = discipline.post(f"/{report_id}/reply", {"outcome": "x", "feedback_method": "PIGEON",
                                                         "feedback_content": "y"})
    assert bad_method.status_code == 422 and bad_method.json()["detail"][0]["loc"][-1] == "feedback_method"
    replied = discipline.post(f"/{report_id}/reply", {"outcome": "属实", "feedback_method": "PHONE",
                                                      "feedback_content": "已处理", "feedback_at": "2026-10-12T09:30"})
    body = replied.json()
    assert replied.status_code == 200 and body["status"] == "REPLIED"
    assert body["confidential"]["reply"]["feedback_content"] == "已处理"
    assert body["deadlines"][0]["met_at"] is not None and body["deadlines"][0]["overdue"] is False


def test_attachments_by_content_type_s6_7_i_ii(api):
    report_id = api("hall_staff1").post("", {**INTAKE, "confirm": True}).json()["number"]
    discipline = api("discipline1")
    created = discipline.upload(f"/{report_id}/attachments", "letter.pdf", PDF)
    assert created.status_code == 201
    refused = discipline.upload(f"/{report_id}/attachments", "letter.pdf", b"<html>not a pdf</html>")
    assert refused.status_code == 422 and refused.json()["detail"][0]["loc"][-1] == "attachments"
    download = discipline.get(f"/{report_id}/attachments/{created.json()['id']}")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF


@pytest.mark.parametrize("data", [PDF[:-7], b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", b"\xff\xd8\xff\xe0\x00\x10JFIF"])
def test_an_attachment_cut_short_is_422_naming_the_field_and_nothing_is_stored_s6_7_i_ii(api, data):
    report_id = api("hall_staff1").post("", {**INTAKE, "confirm": True}).json()["number"]
    discipline = api("discipline1")
    events = AuditEvent.objects.count()
    refused = discipline.upload(f"/{report_id}/attachments", "letter.pdf", data)
    assert refused.status_code == 422
    assert [(d["loc"][-1], d["msg"]) for d in refused.json()["detail"]] == [
        ("attachments", "attachments: 文件不完整（可能上传中断或已损坏）。")]
    assert not ReportAttachment.objects.exists() and AuditEvent.objects.count() == events


def test_list_filters_for_discipline(api, take, example_user, now):
    from utilicase.whistleblowing import services

    old, _ = take(confirm=True, received_at=now - timedelta(days=30), content="旧的举报")
    new, _ = take(confirm=True, content="新的举报")
    take(content="未确认")
    services.report_investigate(actor=example_user("discipline1"), report=new, now=now)
    discipline = api("discipline1")
    everything = discipline.get().json()
    assert everything["count"] == 3
    assert everything["items"][0]["number"] == old.number  # overdue first
    assert [i["number"] for i in discipline.get("", {"overdue": "true"}).json()["items"]] == [old.number]
    assert [i["number"] for i in discipline.get("", {"status": "INVESTIGATING"}).json()["items"]] == [new.number]
    assert [i["number"] for i in discipline.get("", {"received_from": "2026-09-30", "received_to": "2026-09-30"})
            .json()["items"] if i["status"] != "RECEIVED"] == [new.number]
    assert [i["number"] for i in discipline.get("", {"q": "旧的"}).json()["items"]] == [old.number]
    assert discipline.get("", {"status": "LOST"}).status_code == 422
    nul = discipline.get("", {"q": "旧\x00的"})
    assert nul.status_code == 422 and nul.json()["detail"][0]["loc"] == ["query", "q"]
    assert discipline.get("", {"received_to": "9999-12-31"}).status_code == 422


def test_front_line_list_is_their_own_unconfirmed_intakes(api, take):
    mine, _ = take()
    take(confirm=True)
    take("hall_head1")
    items = api("hall_staff1").get().json()["items"]
    assert [i["number"] for i in items] == [mine.number]


def test_kpis_of_a_month_count_every_report_received_s6_7_iii_7(api, take, example_user, now, complaint_number):
    from utilicase.whistleblowing import services

    discipline = example_user("discipline1")
    on_time, _ = take(confirm=True)
    late, _ = take(confirm=True, received_at=now - timedelta(hours=1))
    take(confirm=True, received_at=now - timedelta(hours=2))  # still open: overdue on 2026-10-21
    take()  # never confirmed: counted all the same, and overdue on 2026-10-21
    not_one, _ = take()
    services.report_close_not_a_report(actor=example_user("hall_staff1"), report=not_one, reason="属于投诉",
                                       complaint_number=complaint_number, now=now + timedelta(hours=1))
    for report, at in ((on_time, now + timedelta(days=2)), (late, now + timedelta(days=25))):
        services.report_investigate(actor=discipline, report=report, now=at)
        services.report_note_add(actor=discipline, report=report, text="查", now=at)
        services.report_reply(actor=discipline, report=report, outcome="o", feedback_method="PHONE",
                              feedback_content="f", feedback_at=at, now=at)
    body = api("discipline1").get("/kpis", {"month": "2026-09"}).json()
    assert body == {"month": "2026-09", "received": 5, "replied": 3, "reply_rate": 0.6, "replied_on_time": 2,
                    "on_time_rate": 0.4, "overdue_now": 0, "median_hours_to_reply": 48.0}
    assert api("discipline1").get("/kpis", {"month": "2026-13"}).status_code == 422
    assert api("discipline1").get("/kpis", {"month": "2026-08"}).json()["received"] == 0


def test_kpis_count_overdue_now(api, take, monkeypatch):
    take(confirm=True)
    monkeypatch.setattr(timezone, "now", lambda: CLOCK + timedelta(days=20))
    assert api("discipline1").get("/kpis", {"month": "2026-09"}).json()["overdue_now"] == 1


def test_openapi_documents_the_routes(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in (API, f"{API}/kpis", API + "/{address}", API + "/{address}/confirm", API + "/{address}/reply",
                 API + "/{address}/claim-secret-reset"):
        assert path in paths


def test_api_transitions_are_audited_with_clauses(api):
    report_id = api("hall_staff1").post("", {**INTAKE, "confirm": True}).json()["number"]
    actions = list(AuditEvent.objects.filter(target_id=str(Report.objects.get(number=report_id).pk), target_type="whistleblowing.report")
                   .values_list("action", "clause"))
    assert actions == [("whistleblowing.report.received", "§6.7(i-ii)"),
                       ("whistleblowing.report.confirmed", "§6.7(iii)(5)")]
