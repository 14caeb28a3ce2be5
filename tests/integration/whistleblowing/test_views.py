"""Report pages: intake form, the claim code shown once, lists per role, the case page with
actions (refused ones with their clause), the reply form, export, KPIs."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tests.integration.whistleblowing.conftest import PDF, SECRET_CONTENT, SECRET_NAME
from utilicase.audit.models import AuditEvent
from utilicase.whistleblowing import services
from utilicase.whistleblowing.models import Report, ReportAttachment, ReportContent

pytestmark = pytest.mark.django_db


def _intake(**changes):
    return {"channel": "LETTER", "received_at": "2026-09-30T09:00", "content": SECRET_CONTENT,
            "reporter_name": SECRET_NAME, "reporter_contact": "", "claim_code_wanted": "on", **changes}


def test_anonymous_is_sent_to_login_but_the_claim_page_is_public(client, org):
    for name in ("list", "new", "kpis", "export"):
        response = client.get(reverse(f"whistleblowing:{name}"))
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert client.get(reverse("whistleblowing:claim")).status_code == 200


def test_intake_form_is_for_front_line_staff(as_user):
    page = as_user("hall_staff1").get(reverse("whistleblowing:new"))
    text = page.content.decode()
    assert page.status_code == 200 and "来函" in text and "意见箱" in text and 'type="datetime-local"' in text
    assert as_user("inspector1").get(reverse("whistleblowing:new")).status_code == 404
    assert as_user("discipline1").get(reverse("whistleblowing:new")).status_code == 404


def test_intake_and_confirm_shows_the_claim_code_once_s6_7_iii_5(as_user):
    client = as_user("hall_staff1")
    token = client.get(reverse("whistleblowing:new")).context["intake_token"]
    body = {**_intake(), "then": "confirm", "intake_token": token}
    response = client.post(reverse("whistleblowing:new"), {**body, "attachments": [SimpleUploadedFile("信.pdf", PDF)]})
    text = response.content.decode()
    report = Report.objects.get()
    assert report.status == "WITH_DISCIPLINE"
    assert ReportContent.objects.get(report=report).content == SECRET_CONTENT
    assert ReportAttachment.objects.filter(report=report).count() == 1
    code = response.context["code"]
    assert code in text and "只显示这一次" in text and "纪检监察部门" in text
    assert SECRET_CONTENT not in text and reverse("whistleblowing:detail", args=[report.number]) not in text
    session = str(dict(client.session)) + str(client.session.session_key)
    assert code not in session and code.replace("-", "") not in session  # the code is stored nowhere
    again = client.post(reverse("whistleblowing:new"), body, follow=True)  # a reload of the answer
    assert again.redirect_chain[-1][0] == reverse("whistleblowing:list") and "未重复登记" in again.content.decode()
    assert Report.objects.count() == 1


def test_intake_only_saved_links_to_the_own_intake(as_user):
    response = as_user("hall_staff1").post(reverse("whistleblowing:new"), {**_intake(), "then": "save"})
    report = Report.objects.get()
    assert report.status == "RECEIVED"
    assert reverse("whistleblowing:detail", args=[report.number]) in response.content.decode()


def test_intake_errors_name_the_field(as_user):
    response = as_user("hall_staff1").post(reverse("whistleblowing:new"), _intake(channel="", received_at="x"))
    assert set(response.context["form"].errors) == {"channel", "received_at"}
    assert not Report.objects.exists()


def test_intake_refuses_a_file_by_its_content(as_user):
    response = as_user("hall_staff1").post(reverse("whistleblowing:new"), {
        **_intake(), "attachments": [SimpleUploadedFile("信.pdf", b"GIF89a not a pdf")]})
    assert "PDF、JPEG 或 PNG" in response.content.decode()
    assert not Report.objects.exists()


def test_front_line_list_shows_own_unconfirmed_intakes_and_explains(as_user, take):
    mine, _ = take()
    confirmed, _ = take(confirm=True)
    theirs, _ = take("hall_head1")
    text = as_user("hall_staff1").get(reverse("whistleblowing:list")).content.decode()
    assert mine.number in text and confirmed.number not in text and theirs.number not in text
    assert "此后您将不能再查看" in text and SECRET_CONTENT not in text


def test_other_roles_get_an_explanation_only(as_user, take):
    take(confirm=True)
    text = as_user("inspector1").get(reverse("whistleblowing:list")).content.decode()
    assert "只有纪检监察部门可见" in text and "JB2026" not in text


def test_discipline_list_with_filters_and_pages(as_user, take, now):
    for i in range(51):
        take(confirm=True, received_at=now - timedelta(minutes=i))
    client = as_user("discipline1")
    first = client.get(reverse("whistleblowing:list"))
    assert first.context["page"].paginator.count == 51 and len(first.context["page"].object_list) == 50
    assert "第 1 / 2 页" in first.content.decode()
    assert len(client.get(reverse("whistleblowing:list"), {"page": 2}).context["page"].object_list) == 1
    none = client.get(reverse("whistleblowing:list"), {"status": "REPLIED"}).content.decode()
    assert "没有符合条件的举报" in none


def test_case_page_lists_actions_and_refusals_with_clause_s6_7_i_ii(as_user, take, example_user, now):
    report, _ = take(confirm=True)
    services.report_investigate(actor=example_user("discipline1"), report=report, now=now)
    page = as_user("discipline1").get(reverse("whistleblowing:detail", args=[report.number]))
    actions = {a["name"]: a for a in page.context["actions"]}
    assert set(actions) == {"note", "reply"}
    assert actions["reply"]["allowed"] is False and actions["reply"]["clause"] == "§6.7(i-ii)"
    text = page.content.decode()
    assert "答复前须先记录调查情况" in text and SECRET_CONTENT in text and "举报已确认受理" in text
    assert "举报答复" in text and "2026-10-20 24:00前" in text


def test_front_line_case_page_offers_confirm_and_not_a_report(as_user, take):
    report, _ = take()
    page = as_user("hall_staff1").get(reverse("whistleblowing:detail", args=[report.number]))
    assert [a["name"] for a in page.context["actions"]] == ["confirm", "not_a_report"]
    assert "confidential" in page.context and page.context["confidential"] is False


def test_not_a_report_page_flow_s6_7_i_ii(as_user, take, complaint_number):
    report, _ = take()
    client = as_user("hall_staff1")
    refused = client.post(reverse("whistleblowing:not_a_report", args=[report.number]),
                          {"reason": "", "complaint_number": complaint_number, "confirmed": "1"})
    assert refused.status_code == 400
    form = refused.content.decode().split('id="action-not_a_report"')[1].split("</form>")[0]
    assert "请说明不属于举报的理由" in form and f'value="{complaint_number}"' in form  # what was typed stays
    unknown = client.post(reverse("whistleblowing:not_a_report", args=[report.number]),
                          {"reason": "属于投诉", "complaint_number": "TS2026999999", "confirmed": "1"})
    assert unknown.status_code in (400, 409) and "本公司没有该编号的投诉" in unknown.content.decode()
    done = client.post(reverse("whistleblowing:not_a_report", args=[report.number]),
                       {"reason": "属于投诉", "complaint_number": complaint_number, "confirmed": "1"}, follow=True)
    text = done.content.decode()
    assert "已按不属于举报办结" in text and complaint_number in text


def test_discipline_investigates_notes_replies_on_pages_s6_7_iii_7(as_user, take):
    report, _ = take(confirm=True)
    client = as_user("discipline1")
    client.post(reverse("whistleblowing:investigate", args=[report.number]))
    client.post(reverse("whistleblowing:note", args=[report.number]), {"text": "约谈当事人"})
    form = client.get(reverse("whistleblowing:reply", args=[report.number]))
    assert form.status_code == 200 and "§6.7(iii)(6)" in form.content.decode()
    refused = client.post(reverse("whistleblowing:reply", args=[report.number]), {
        "outcome": "属实", "feedback_method": "CLAIM_PAGE", "feedback_content": "已处理",
        "feedback_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), "confirmed": "1"})
    assert refused.status_code == 409
    kept = refused.content.decode().split('id="reply-form"')[1].split("</form>")[0]
    assert "§6.7(i-ii)" in kept.split('role="alert"')[1]  # no claim code was given
    assert "属实</textarea>" in kept and '<option value="CLAIM_PAGE" selected>' in kept
    done = client.post(reverse("whistleblowing:reply", args=[report.number]), {
        "outcome": "属实", "feedback_method": "IN_PERSON", "feedback_content": "已处理",
        "feedback_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), "confirmed": "1"}, follow=True)
    report.refresh_from_db()
    assert report.status == "REPLIED" and "已记录调查结果和反馈" in done.content.decode()


def test_discipline_uploads_and_downloads_an_attachment(as_user, take):
    report, _ = take(confirm=True)
    client = as_user("discipline1")
    client.post(reverse("whistleblowing:attach", args=[report.number]), {"file": SimpleUploadedFile("a.pdf", PDF)})
    attachment = ReportAttachment.objects.get(report=report)
    download = client.get(reverse("whistleblowing:attachment", args=[report.number, 1]))
    assert download.status_code == 200 and download["X-Content-Type-Options"] == "nosniff"
    assert attachment.ordinal == 1 and f"{report.number}-1.pdf" in download["Content-Disposition"]
    assert download["Cache-Control"].startswith("max-age=0")


def test_export_is_the_list_as_csv_and_audited(as_user, take):
    report, _ = take(confirm=True)
    response = as_user("discipline1").get(reverse("whistleblowing:export"))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["编号", "状态", "来源"]
    assert rows[1][:3] == [report.number, "已转纪检监察", "来电"] and rows[1][5] == "2026-10-20"
    assert SECRET_CONTENT not in response.content.decode()
    assert AuditEvent.objects.get(action="whistleblowing.report.exported").after == {"count": 1}


def test_kpi_page_for_discipline(as_user, take):
    take(confirm=True)
    page = as_user("discipline1").get(reverse("whistleblowing:kpis"), {"month": "2026-09"})
    assert page.context["kpis"].received == 1 and page.context["reply_pct"] == 0.0
    assert 'id="kpi-received">1<' in page.content.decode()
