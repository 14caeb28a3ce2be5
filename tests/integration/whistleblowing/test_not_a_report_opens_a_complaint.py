"""§6.7(i-ii) "not a report … names an existing complaint or opens one": discipline inspection
closes a report as not a report by opening a complaint from what it said, through the
complaints service; the report names the new complaint."""

from datetime import timedelta

import pytest
from django.urls import reverse

from tests.integration.whistleblowing.conftest import SECRET_CONTACT, SECRET_CONTENT, SECRET_NAME
from utilicase.audit.models import AuditEvent
from utilicase.calendar.models import Deadline
from utilicase.complaints.models import Complaint
from utilicase.whistleblowing import services
from utilicase.whistleblowing.models import Report

pytestmark = pytest.mark.django_db


def close_opening(example_user, report, now, *, actor="discipline1"):
    return services.report_close_not_a_report(actor=example_user(actor), report=report, reason="属于服务投诉",
                                              open_complaint=True, now=now + timedelta(hours=2))


def test_discipline_opens_a_complaint_from_the_report_s6_7_i_ii(take, example_user, now):
    report, _ = take(channel="VISIT")
    closed = close_opening(example_user, report, now)
    complaint = Complaint.objects.get()
    assert (closed.status, closed.complaint_number) == ("NOT_A_REPORT", complaint.number)
    assert complaint.number == "TS2026000001"
    assert (complaint.channel, complaint.content, complaint.contact_name, complaint.contact_phone) == (
        "VISIT", SECRET_CONTENT, SECRET_NAME, SECRET_CONTACT)
    assert (complaint.hall.code, complaint.first_contact_owner.username, complaint.received_by.username) == (
        "tf-hall", "hall_staff1", "hall_staff1")
    assert (complaint.reception_started_at, complaint.form_completed_at, complaint.form_deadline) == (
        now, now + timedelta(hours=2), None)
    reply = Deadline.objects.get(pk=complaint.reply_deadline_id)
    assert (reply.kind, reply.owner.username, reply.start_at) == ("complaint.reply", "hall_staff1", now)
    received = AuditEvent.objects.get(action="complaints.complaint.received")
    assert (received.actor.username, received.clause, received.after["from_report"]) == (
        "discipline1", "§6.7(i-ii)", True)
    closing = AuditEvent.objects.get(action="whistleblowing.report.closed_not_a_report")
    assert closing.after["complaint_opened"] is True


def test_the_front_line_cannot_open_one_it_names_an_existing_complaint_s6_7_i_ii(take, example_user, now):
    report, _ = take()
    with pytest.raises(services.NotPermitted):
        close_opening(example_user, report, now, actor="hall_staff1")
    assert not Complaint.objects.exists()
    assert Report.objects.get(pk=report.pk).status == "RECEIVED"


def test_without_a_phone_a_spoken_report_cannot_become_a_complaint_nothing_stored_s6_7_i_ii(take, example_user, now):
    report, _ = take(reporter_contact="家住幸福路")
    with pytest.raises(services.ReportInvalid) as exc:
        close_opening(example_user, report, now)
    assert exc.value.field == "complaint_number" and "幸福路" not in exc.value.message
    assert not Complaint.objects.exists()
    assert Report.objects.get(pk=report.pk).status == "RECEIVED"


def test_an_anonymous_opinion_box_report_becomes_a_no_contact_complaint_s6_7_i_ii(take, example_user, now):
    report, _ = take(channel="OPINION_BOX", reporter_name="", reporter_contact="")
    close_opening(example_user, report, now)
    complaint = Complaint.objects.get()
    assert (complaint.channel, complaint.no_contact_left, complaint.contact_name) == ("OPINION_BOX", True, "")


def test_the_reason_is_still_required_s6_7_i_ii(take, example_user, now):
    report, _ = take()
    with pytest.raises(services.RuleViolation) as exc:
        services.report_close_not_a_report(actor=example_user("discipline1"), report=report, reason=" ",
                                           open_complaint=True, now=now)
    assert exc.value.clause == "§6.7(i-ii)"
    assert not Complaint.objects.exists()


def test_the_api_opens_it_and_answers_its_number_s6_7_i_ii(client, take, example_user, now):
    from utilicase.org.services import token_create

    report, _ = take()
    _, token = token_create(actor=None, user=example_user("discipline1"), now=now)
    response = client.post(f"/api/v1/whistleblower-reports/{report.number}/not-a-report",
                           {"reason": "属于服务投诉", "open_complaint": True}, content_type="application/json",
                           headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200, response.content
    assert response.json()["complaint_number"] == Complaint.objects.get().number


def test_the_page_offers_opening_to_discipline_and_marks_the_number_required_s6_7_i_ii(as_user, take):
    report, _ = take()
    url = reverse("whistleblowing:detail", args=[report.number])
    page = as_user("discipline1").get(url).content.decode()
    form = page.split('id="action-not_a_report"')[1].split("</form>")[0]
    assert 'value="OPEN"' in form
    number_input = form.split('name="complaint_number"')[1].split(">")[0]
    assert "required" in number_input and 'data-required-unless="way=OPEN"' in number_input
    assert "投诉编号（必填）" in form and "required-unless.js" in page
    front = as_user("hall_staff1").get(url).content.decode().split('id="action-not_a_report"')[1].split("</form>")[0]
    assert 'value="OPEN"' not in front and "data-required-unless" not in front and "required" in front


def test_the_page_opens_the_complaint_or_requires_the_number_s6_7_i_ii(as_user, take):
    report, _ = take()
    client = as_user("discipline1")
    url = reverse("whistleblowing:not_a_report", args=[report.number])
    missing = client.post(url, {"reason": "属于投诉", "way": "EXISTING", "complaint_number": "", "confirmed": "1"})
    assert missing.status_code == 400 and "请填写已按投诉受理的投诉编号" in missing.content.decode()
    done = client.post(url, {"reason": "属于投诉", "way": "OPEN", "complaint_number": "", "confirmed": "1"},
                       follow=True)
    number = Complaint.objects.get().number
    assert f"并开立投诉 {number}" in done.content.decode()
    assert Report.objects.get(pk=report.pk).complaint_number == number
