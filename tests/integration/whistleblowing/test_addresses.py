"""No address of a report counts anything (§6.7(iii)(1-6)): a report numbered before the random
scheme (a running number, JB2026000007) is addressed by its random key, in pages, links and the
API; attachments and notes by their number within the report, not by ids that count every
report's attachments and notes."""

import json
import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from tests.integration.whistleblowing.conftest import PDF
from utilicase.audit.models import AuditEvent
from utilicase.org.services import token_create
from utilicase.web.targets import target_url
from utilicase.whistleblowing import services
from utilicase.whistleblowing.domain.numbers import report_number_valid
from utilicase.whistleblowing.models import Report, ReportAttachment, ReportNote

pytestmark = pytest.mark.django_db
API = "/api/v1/whistleblower-reports"
OLD_NUMBER = "JB2026000007"
LINK = re.compile(r'(?:href|action|hx-post|hx-get)="([^"]+)"')


@pytest.fixture
def old_report(take, example_user, now):
    """A report given a running number before the random scheme, with an attachment and a note,
    after another report that already has two attachments and a note (so ids and numbers within
    the report differ)."""
    discipline = example_user("discipline1")
    earlier, _ = take(confirm=True, files=[services.IncomingFile("a.pdf", PDF), services.IncomingFile("b.pdf", PDF)])
    services.report_investigate(actor=discipline, report=earlier, now=now)
    services.report_note_add(actor=discipline, report=earlier, text="第一条", now=now)
    report, _ = take(confirm=True, files=[services.IncomingFile("c.pdf", PDF)])
    later = now + timedelta(hours=1)
    services.report_investigate(actor=discipline, report=report, now=later)
    services.report_note_add(actor=discipline, report=report, text="记录", now=later)
    Report.objects.filter(pk=report.pk).update(number=OLD_NUMBER)
    report.refresh_from_db()
    report.attachment = ReportAttachment.objects.get(report=report)
    report.note = ReportNote.objects.get(report=report)
    assert report.attachment.pk != 1 and report.note.pk != 1  # ids count across reports
    return report


def _counting(report) -> set[str]:
    return {OLD_NUMBER, str(report.pk), str(report.attachment.pk), str(report.note.pk)}


def _segments(url: str) -> set[str]:
    return {s for s in urlsplit(url).path.split("/") if s}


def test_every_report_has_a_random_key_not_its_id_or_number_s6_7_iii_1_6(take):
    keys = {take()[0].key for _ in range(5)}
    assert len(keys) == 5
    for report in Report.objects.all():
        assert re.fullmatch(r"[0-9a-f]{20}", report.key)
        assert report.key not in (str(report.pk), report.number) and not report_number_valid(report.key)


def test_a_random_number_stays_the_address_s6_7_iii_1_6(take):
    report, _ = take()
    assert report.address == report.number and report_number_valid(report.number)
    assert reverse("whistleblowing:detail", args=[report.address]) == f"/reports/{report.number}/"


def test_a_running_number_is_addressed_by_the_key_only_s6_7_iii_1_6(client, example_user, old_report):
    assert old_report.address == old_report.key
    client.force_login(example_user("discipline1"))
    assert client.get(f"/reports/{OLD_NUMBER}/").status_code == 404
    assert client.get(f"/reports/{old_report.pk}/").status_code == 404
    page = client.get(f"/reports/{old_report.key}/")
    assert page.status_code == 200 and OLD_NUMBER in page.content.decode()  # the number shown as text


def test_no_link_of_a_report_page_or_the_list_counts_s6_7_iii_1_6(client, example_user, old_report):
    client.force_login(example_user("discipline1"))
    links = []
    for url in (f"/reports/{old_report.key}/", reverse("whistleblowing:list"), "/",
                reverse("whistleblowing:reply", args=[old_report.key])):
        response = client.get(url)
        assert response.status_code == 200, url
        links += LINK.findall(response.content.decode())
    report_links = [u for u in links if u.startswith("/reports/") and u != "/reports/"]
    assert f"/reports/{old_report.key}/" in report_links
    assert f"/reports/{old_report.key}/attachments/1/" in report_links
    for url in report_links:
        assert not _segments(url) & _counting(old_report), url


def test_the_timeline_and_deadline_links_use_the_address_s6_7_iii_1_6(old_report, take):
    assert target_url("whistleblowing.report", str(old_report.pk)) == f"/reports/{old_report.key}/"
    new, _ = take()
    assert target_url("whistleblowing.report", str(new.pk)) == f"/reports/{new.number}/"


def test_actions_answer_at_the_key_address_s6_7_iii_1_6(client, example_user, old_report):
    client.force_login(example_user("discipline1"))
    response = client.post(reverse("whistleblowing:note", args=[old_report.key]), {"text": "第二条"})
    assert response.status_code == 303 and response["Location"] == f"/reports/{old_report.key}/"
    assert list(ReportNote.objects.filter(report=old_report).values_list("ordinal", flat=True)) == [1, 2]
    assert AuditEvent.objects.filter(action="whistleblowing.report.note_added").last().after["note"] == 2


def test_attachments_are_numbered_within_the_report_s6_7_iii_1_6(client, example_user, old_report):
    client.force_login(example_user("discipline1"))
    download = client.get(f"/reports/{old_report.key}/attachments/1/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert f"{OLD_NUMBER}-1.pdf" in download["Content-Disposition"]
    assert client.get(f"/reports/{old_report.key}/attachments/{old_report.attachment.pk}/").status_code == 404
    received = AuditEvent.objects.filter(action="whistleblowing.report.received",
                                         target_id=str(old_report.pk)).get()
    assert received.after["attachments"] == [1]


def test_api_answers_carry_the_address_and_no_counting_value_s6_7_iii_1_6(client, example_user, old_report, now):
    _, token = token_create(actor=None, user=example_user("discipline1"), now=now)
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get(f"{API}/{OLD_NUMBER}", headers=headers).status_code == 404
    assert client.get(f"{API}/{old_report.pk}", headers=headers).status_code == 404
    body = client.get(f"{API}/{old_report.key}", headers=headers).json()
    assert body["address"] == old_report.key and body["number"] == OLD_NUMBER
    assert [a["id"] for a in body["confidential"]["attachments"]] == [1]
    assert [n["id"] for n in body["confidential"]["notes"]] == [1]
    assert "pk" not in json.dumps(body) and '"report_id"' not in json.dumps(body)
    listed = {i["number"]: i["address"] for i in client.get(API, headers=headers).json()["items"]}
    assert listed[OLD_NUMBER] == old_report.key
    assert all(address == number for number, address in listed.items() if number != OLD_NUMBER)
    note = client.post(f"{API}/{old_report.key}/notes", {"text": "第二条"}, content_type="application/json",
                       headers=headers)
    assert note.status_code == 201 and note.json() == {"id": 2}
    download = client.get(f"{API}/{old_report.key}/attachments/1", headers=headers)
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert client.get(f"{API}/{old_report.key}/attachments/{old_report.attachment.pk}",
                      headers=headers).status_code == 404


def test_intake_answers_the_address_s6_7_iii_1_6(client, example_user, now):
    _, token = token_create(actor=None, user=example_user("hall_staff1"), now=now)
    body = client.post(API, {"channel": "PHONE"}, content_type="application/json",
                       headers={"Authorization": f"Bearer {token}"}).json()
    assert body["address"] == body["number"] and report_number_valid(body["number"])
