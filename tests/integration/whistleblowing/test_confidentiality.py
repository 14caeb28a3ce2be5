"""Confidentiality of whistleblower reports (§6.7(iii)(1-6)) across every interface, for every
role of the demo organisation but discipline inspection: pages, API, admin, audit admin, audit
payloads, exports, search, KPIs, home page, logs and error messages. Everyone else gets exactly
the 404 of a report that does not exist."""

import json
import logging

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from tests.integration.whistleblowing.conftest import (
    PDF,
    SECRET_CONTACT,
    SECRET_CONTENT,
    SECRET_FEEDBACK,
    SECRET_FILENAME,
    SECRET_NAME,
    SECRET_NOTE,
    SECRET_OUTCOME,
    SECRETS,
)
from utilicase.audit.models import AuditEvent
from utilicase.demo.data import STAFF
from utilicase.org.services import discipline_install, staff_create, token_create, unit_create
from utilicase.whistleblowing import services
from utilicase.whistleblowing.models import ReportAttachment

pytestmark = pytest.mark.django_db

OTHERS = [username for username, *_ in STAFF if username != "discipline1"]
API = "/api/v1/whistleblower-reports"


def _no_secret(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text


@pytest.fixture
def ids(full_report):
    attachment = ReportAttachment.objects.get(report=full_report)
    missing = "JB1999" + "0" * (len(full_report.number) - 6)  # well formed, of the same length, not there
    return {"id": full_report.number, "missing": missing, "aid": attachment.ordinal}


def _page_paths(report_id: int, aid: int) -> list[tuple[str, str]]:
    return [
        ("get", f"/reports/{report_id}/"),
        ("get", f"/reports/{report_id}/reply/"),
        ("get", f"/reports/{report_id}/attachments/{aid}/"),
        ("post", f"/reports/{report_id}/reply/"),
        ("post", f"/reports/{report_id}/confirm/"),
        ("post", f"/reports/{report_id}/not-a-report/"),
        ("post", f"/reports/{report_id}/investigate/"),
        ("post", f"/reports/{report_id}/notes/"),
        ("post", f"/reports/{report_id}/attachments/"),
    ]


@pytest.mark.parametrize("username", OTHERS)
def test_case_pages_answer_the_404_of_a_missing_report_s6_7_iii_1_6(client, example_user, ids, username):
    client.force_login(example_user(username))
    data = {"reason": "x", "text": "x", "outcome": "x", "feedback_method": "PHONE", "feedback_content": "x",
            "feedback_at": "2026-10-01T10:00"}
    hidden_paths = _page_paths(ids["id"], ids["aid"])
    missing_paths = _page_paths(ids["missing"], ids["aid"])
    for (method, hidden), (_, missing) in zip(hidden_paths, missing_paths, strict=True):
        a = getattr(client, method)(hidden, data) if method == "post" else client.get(hidden)
        b = getattr(client, method)(missing, data) if method == "post" else client.get(missing)
        assert (a.status_code, b.status_code) == (404, 404), hidden
        assert a.content == b.content, hidden
        _no_secret(a.content.decode())


@pytest.mark.parametrize("username", OTHERS)
def test_api_answers_the_404_of_a_missing_report_s6_7_iii_1_6(client, example_user, ids, username, now):
    _, token = token_create(actor=None, user=example_user(username), now=now)
    headers = {"Authorization": f"Bearer {token}"}
    calls = [
        ("get", "/{id}", None), ("post", "/{id}/confirm", {}), ("post", "/{id}/investigate", {}),
        ("post", "/{id}/not-a-report", {"reason": "x"}), ("post", "/{id}/notes", {"text": "x"}),
        ("post", "/{id}/reply", {"outcome": "x", "feedback_method": "PHONE", "feedback_content": "x"}),
        ("get", "/{id}/attachments/" + str(ids["aid"]), None),
    ]
    for method, path, body in calls:
        answers = []
        for report_id in (ids["id"], ids["missing"]):
            url = API + path.format(id=report_id)
            if method == "get":
                answers.append(client.get(url, headers=headers))
            else:
                answers.append(client.post(url, body, content_type="application/json", headers=headers))
        hidden, missing = answers
        assert (hidden.status_code, missing.status_code) == (404, 404), path
        assert hidden.content == missing.content == b'{"detail": "Not Found"}', path
    upload = client.post(f"{API}/{ids['id']}/attachments", {"file": _file()}, headers=headers)
    assert upload.status_code == 404 and upload.content == b'{"detail": "Not Found"}'


def _file():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("x.pdf", PDF, content_type="application/pdf")


@pytest.mark.parametrize("username", OTHERS)
def test_lists_and_search_show_nothing_of_it_s6_7_iii_1_6(client, example_user, full_report, username):
    client.force_login(example_user(username))
    for query in ({}, {"q": SECRET_CONTENT[:8]}, {"q": SECRET_NAME}, {"q": full_report.number}):
        page = client.get(reverse("whistleblowing:list"), query)
        assert page.status_code == 200
        text = page.content.decode()
        assert f'href="/reports/{full_report.number}/"' not in text
        _no_secret(text.replace(query.get("q", "\x00"), ""))  # the query itself is echoed in the search box
        assert full_report.number not in text.replace(query.get("q", "\x00"), "")
        body = client.get(API, query).json()
        assert body["count"] == 0 and body["items"] == []


@pytest.mark.parametrize("username", OTHERS)
def test_export_and_kpis_are_refused_s6_7_iii_1_6(client, example_user, full_report, username):
    client.force_login(example_user(username))
    missing = client.get("/reports/no-such-page/")
    for url in (reverse("whistleblowing:export"), reverse("whistleblowing:kpis")):
        response = client.get(url)
        assert response.status_code == 404 and response.content == missing.content
    kpis = client.get(f"{API}/kpis", {"month": "2026-09"})
    assert kpis.status_code == 404 and kpis.json() == {"detail": "Not Found"}


@pytest.mark.parametrize("username", OTHERS)
def test_admin_and_audit_admin_show_nothing_of_it_s6_7_iii_1_6(client, example_user, full_report, username):
    user = example_user(username)
    client.force_login(user)
    event = AuditEvent.objects.filter(target_type="whistleblowing.report").first()
    missing_seq = AuditEvent.objects.order_by("-seq").first().seq + 100
    if not user.is_staff:  # the admin is for administrators only: everyone else is sent to its login
        for url in ("/admin/", "/admin/audit/auditevent/", f"/admin/audit/auditevent/{event.seq}/change/"):
            response = client.get(url)
            assert response.status_code == 302 and response.url.startswith("/admin/login/")
        return
    for url in ("/admin/", "/admin/audit/auditevent/"):
        text = client.get(url).content.decode()
        assert "whistleblowing" not in text and "report.reply" not in text and full_report.number not in text
        _no_secret(text)
    for query in ({"q": "whistleblowing"}, {"q": "report"}, {"action": "whistleblowing.report.confirmed"},
                  {"q": str(full_report.pk)}):
        response = client.get("/admin/audit/auditevent/", query)
        rows = list(response.context["cl"].result_list)
        assert not [e for e in rows if "whistleblowing" in e.action or e.target_type == "whistleblowing.report"]
    hidden = client.get(f"/admin/audit/auditevent/{event.seq}/change/", follow=True)
    missing = client.get(f"/admin/audit/auditevent/{missing_seq}/change/", follow=True)
    assert hidden.redirect_chain == missing.redirect_chain == [("/admin/", 302)]
    for model in ("report", "reportcontent", "reportattachment", "reportnote", "reportreply", "claimfailure"):
        assert client.get(f"/admin/whistleblowing/{model}/").status_code == 404


def test_the_admin_user_sees_other_audit_events_but_none_of_reports(client, example_user, full_report):
    client.force_login(example_user("admin"))
    page = client.get("/admin/audit/auditevent/").content.decode()
    assert "org.staff.created" in page
    assert "whistleblowing" not in page
    shown = client.get("/admin/audit/auditevent/?q=calendar.deadline").content.decode()
    assert "calendar.deadline.opened" not in shown  # the only deadline is the report's
    assert client.get("/admin/whistleblowing/report/").status_code == 404


@pytest.mark.parametrize("username", OTHERS)
def test_home_page_lists_no_report_deadline(client, example_user, full_report, take, username):
    take(confirm=True)  # one still open
    client.force_login(example_user(username))
    page = client.get(reverse("home")).content.decode()
    assert "举报答复" not in page and "/reports/" + str(full_report.pk) not in page


def test_audit_payloads_carry_no_content_reporter_or_file_names_s6_7_iii_1_6(full_report, take, example_user, now,
                                                                           complaint_number):
    report, _ = take(claim_code_wanted=True)
    services.report_close_not_a_report(actor=example_user("hall_staff1"), report=report, reason="属于投诉",
                                       complaint_number=complaint_number, now=now)
    services.reports_exported(actor=example_user("discipline1"), count=1, now=now)
    events = list(AuditEvent.objects.all())
    assert len([e for e in events if e.action.startswith("whistleblowing.")]) >= 7
    for e in events:
        _no_secret(json.dumps([e.before, e.after, e.action, e.target_type, e.target_id, e.actor_name],
                              ensure_ascii=False))
    allowed = {"status", "number", "received_at", "receiving_unit", "discipline_unit", "attachments",
               "confirmed_at", "closed_at", "investigation_started_at", "note", "attachment", "replied_at",
               "feedback_at", "late", "escalated_at", "due_at", "count", "complaint_opened"}
    for e in events:
        if e.action.startswith("whistleblowing."):
            assert set((e.before or {}) | (e.after or {})) <= allowed, e.action


def test_logs_and_error_messages_carry_no_secret_s6_7_iii_1_6(client, example_user, now, caplog, settings):
    caplog.set_level(logging.DEBUG)
    staff, discipline = example_user("hall_staff1"), example_user("discipline1")
    client.force_login(staff)
    too_long = SECRET_CONTENT * 500
    form = client.post(reverse("whistleblowing:new"), {
        "channel": "PHONE", "received_at": "2026-09-30T09:00", "content": too_long, "reporter_name": SECRET_NAME})
    assert form.status_code == 200
    assert form.content.decode().count(SECRET_CONTENT) == 500  # only in its own textarea, for correcting
    errors = form.context["form"].errors
    assert list(errors) == ["content"]
    _no_secret(str(errors))
    _, token = token_create(actor=None, user=staff, now=now)
    headers = {"Authorization": f"Bearer {token}"}
    bad = client.post(API, {"channel": "PHONE", "content": too_long, "reporter_name": SECRET_NAME},
                      content_type="application/json", headers=headers)
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"][-1] == "content"
    _no_secret(bad.content.decode())
    bad_channel = client.post(API, {"channel": SECRET_NAME, "content": SECRET_CONTENT},
                              content_type="application/json", headers=headers)
    assert bad_channel.status_code == 422
    _no_secret(bad_channel.content.decode())
    created = client.post(API, {"channel": "LETTER", "content": SECRET_CONTENT, "reporter_name": SECRET_NAME,
                                "reporter_contact": SECRET_CONTACT, "confirm": True},
                          content_type="application/json", headers=headers)
    assert created.status_code == 201
    report_id = created.json()["number"]
    assert client.get(f"/reports/{report_id}/").status_code == 404
    client.force_login(discipline)
    client.post(f"/reports/{report_id}/investigate/")
    client.post(f"/reports/{report_id}/notes/", {"text": SECRET_NOTE})
    client.post(f"/reports/{report_id}/reply/", {"outcome": SECRET_OUTCOME, "feedback_method": "PIGEON",
                                                 "feedback_content": SECRET_FEEDBACK, "feedback_at": "x"})
    client.get(f"/reports/{report_id}/")
    client.get(reverse("whistleblowing:list"), {"q": SECRET_NAME})
    client.post("/reports/claim/", {"code": SECRET_CONTENT[:16]})
    assert caplog.records  # the 404 above was logged: the log is being captured
    for record in caplog.records:
        _no_secret(record.getMessage())
        _no_secret(str(record.args))
    _no_secret(caplog.text)


def test_discipline_of_another_unit_sees_nothing(client, org, full_report, now):
    unit = unit_create(actor=None, name="供电公司纪检", code="tf-power-discipline", kind="DISCIPLINE",
                       parent=org["tf-power"], now=now)
    other = staff_create(actor=None, username="discipline2", full_name="纪检二", role="", unit=None,
                         password=None, now=now)
    discipline_install(user=other, unit=unit, now=now)
    client.force_login(other)
    assert client.get(f"/reports/{full_report.number}/").status_code == 404
    assert full_report.number not in client.get(reverse("whistleblowing:list")).content.decode()


def test_discipline_sees_everything(client, example_user, full_report, ids):
    client.force_login(example_user("discipline1"))
    page = client.get(f"/reports/{full_report.number}/").content.decode()
    for secret in (SECRET_CONTENT, SECRET_NAME, SECRET_CONTACT, SECRET_FILENAME, SECRET_NOTE, SECRET_OUTCOME,
                   SECRET_FEEDBACK):
        assert secret in page
    download = client.get(f"/reports/{full_report.number}/attachments/{ids['aid']}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    assert SECRET_FILENAME not in download["Content-Disposition"]
    found = client.get(reverse("whistleblowing:list"), {"q": SECRET_NAME}).content.decode()
    assert full_report.number in found
    body = client.get(f"{API}/{full_report.number}").json()
    assert body["confidential"]["content"] == SECRET_CONTENT
    assert body["confidential"]["attachments"][0]["name"] == SECRET_FILENAME
    assert client.get(reverse("whistleblowing:export")).status_code == 200
    assert client.get(API, {"q": SECRET_NAME}).json()["count"] == 1


def test_receiver_sees_own_intake_but_not_its_content_until_confirmed_s6_7_iii_5(client, example_user, take):
    report, _ = take()
    client.force_login(example_user("hall_staff1"))
    page = client.get(f"/reports/{report.number}/").content.decode()
    assert report.number in page and "确认为举报" in page
    _no_secret(page)
    assert client.get(f"{API}/{report.number}").json()["confidential"] is None
    client.force_login(example_user("hall_head1"))
    assert client.get(f"/reports/{report.number}/").status_code == 404
    client.force_login(example_user("hall_staff1"))
    response = client.post(f"/reports/{report.number}/confirm/", {"confirmed": "1"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("whistleblowing:list")
    assert "只有纪检监察部门可以查看" in response.content.decode()
    assert client.get(f"/reports/{report.number}/").status_code == 404


def test_the_deadline_admin_hides_report_deadlines_from_all_but_discipline_s6_7_iii_1_6(client, example_user,
                                                                                         take):
    report, _ = take(confirm=True)
    client.force_login(example_user("admin"))
    response = client.get("/admin/workcalendar/deadline/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "report.reply" not in page and "whistleblowing.report" not in page
    discipline = example_user("discipline1")
    discipline.is_staff = True
    discipline.save(update_fields=["is_staff"])
    client.force_login(discipline)
    discipline.user_permissions.add(Permission.objects.get(codename="view_deadline"))
    shown = client.get("/admin/workcalendar/deadline/").content.decode()
    assert "whistleblowing.report" in shown and str(report.pk) in shown


def test_reports_are_addressed_by_number_not_by_their_counting_id_s6_7_iii_1_6(client, example_user, full_report, now):
    """The database id counts up: were it in addresses or answers, anyone shown one report could
    estimate how many exist. Pages, the API and the links of deadlines use the number."""
    from utilicase.web.targets import target_url
    from utilicase.whistleblowing.selectors import TARGET_TYPE

    client.force_login(example_user("discipline1"))
    _, token = token_create(actor=None, user=example_user("discipline1"), now=now)
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get(f"/reports/{full_report.pk}/").status_code == 404
    assert client.get(f"{API}/{full_report.pk}", headers=headers).status_code == 404
    body = client.get(f"{API}/{full_report.number}", headers=headers).json()
    assert body["number"] == full_report.number and "id" not in body
    listed = client.get(API, headers=headers).json()["items"]
    assert [i["number"] for i in listed] == [full_report.number] and "id" not in listed[0]
    assert target_url(TARGET_TYPE, str(full_report.pk)) == f"/reports/{full_report.number}/"
    assert target_url(TARGET_TYPE, str(full_report.pk + 1000)) is None
