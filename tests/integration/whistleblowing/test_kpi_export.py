"""The report KPI page's figures as Excel and CSV (§6.7(iii)(7)): discipline inspection's page
only, the same figures the page lists."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from utilicase.whistleblowing import services

pytestmark = pytest.mark.django_db
URL = reverse("whistleblowing:kpis")


@pytest.fixture
def september(take, example_user, now, monkeypatch):
    """Two reports received 2026-09-30 10:00: one replied two hours later, one open."""
    discipline = example_user("discipline1")
    replied, _ = take(confirm=True)
    take(confirm=True)
    services.report_investigate(actor=discipline, report=replied, now=now)
    services.report_note_add(actor=discipline, report=replied, text="调查", now=now)
    at = now + timedelta(hours=2)
    services.report_reply(actor=discipline, report=replied, outcome="结果", feedback_method="PHONE",
                          feedback_content="反馈", feedback_at=at, now=at)
    monkeypatch.setattr("django.utils.timezone.now", lambda: now + timedelta(hours=3))


def test_kpis_export_as_csv_s6_7_iii_7(september, client, example_user):
    client.force_login(example_user("discipline1"))
    assert "export=csv" in client.get(URL, {"month": "2026-09"}).content.decode()
    response = client.get(URL, {"month": "2026-09", "export": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert "report-kpis-2026-09-" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [["指标", "数值"], ["受理", "2"], ["已答复", "1"], ["答复率", "50.0%"], ["按时答复", "1"],
                    ["按时率", "50.0%"], ["当前超期未答复", "0"], ["答复用时中位数（小时）", "2.0"]]


def test_kpis_export_as_excel_in_english(september, client, example_user):
    client.force_login(example_user("discipline1"))
    client.cookies["django_language"] = "en"
    response = client.get(URL, {"month": "2026-09", "export": "xlsx"}, HTTP_ACCEPT_LANGUAGE="en")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) == 8 and rows[1][1] == 2 and rows[3][1] == "50.0%"
    assert all(not any("\u4e00" <= ch <= "\u9fff" for ch in str(label)) for label, _ in rows)


def test_kpis_export_is_refused_to_anyone_but_discipline(september, client, example_user):
    client.force_login(example_user("hall_head1"))
    assert client.get(URL, {"month": "2026-09", "export": "csv"}).status_code == 404
