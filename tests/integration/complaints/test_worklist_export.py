"""The complaint work list as Excel and CSV: the whole filtered list the page shows (every page of
it, in its order), its columns with the page's headers, in the reader's language."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db

URL = reverse("complaints:worklist")


def _csv(response) -> list[list[str]]:
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.fixture
def thirty(flow, now):
    """30 complaints taken by hall_staff1, a minute apart (more than one page of 25)."""
    return [flow.receive(started_at=now - timedelta(hours=2) + timedelta(minutes=i), minutes=1,
                         contact_name=f"来电人{i:02d}") for i in range(30)]


def test_export_is_the_whole_list_in_the_pages_order(as_user, thirty):
    client = as_user("hall_staff1")
    shown = [c.number for c in client.get(URL).context["page"].object_list]
    shown += [c.number for c in client.get(URL, {"page": 2}).context["page"].object_list]
    assert len(shown) == 30
    rows = _csv(client.get(URL, {"export": "csv", "page": 2}))
    assert rows[0] == ["编号", "客户 / 联系人", "渠道", "状态", "当前办理", "期限"]
    assert [r[0] for r in rows[1:]] == shown
    first = next(r for r in rows[1:] if r[0] == thirty[0].number)
    assert first[1] == "来电人00" and first[2] == "来电" and first[4] == "孙丽娜"
    assert first[5].startswith("投诉单填写（15分钟）：")


def test_export_keeps_the_filter(as_user, thirty):
    rows = _csv(as_user("hall_staff1").get(URL, {"q": "来电人07", "export": "csv"}))
    assert [r[0] for r in rows[1:]] == [thirty[7].number]


def test_export_as_excel_in_english(as_user, thirty):
    client = as_user("hall_staff1")
    client.cookies["django_language"] = "en"
    response = client.get(URL, {"export": "xlsx"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "complaints-" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Number", "Customer / contact", "Channel", "Status", "Now with", "Deadline")
    assert len(rows) == 31 and rows[1][2] == "Phone call" and rows[1][5].startswith("Complaint form")


def test_export_is_scoped_like_the_page(as_user, thirty):
    rows = _csv(as_user("inspector1").get(URL, {"export": "csv", "all": "on"}))
    assert rows[1:] == []


def test_the_list_links_to_its_exports_keeping_the_query(as_user, thirty):
    page = as_user("hall_staff1").get(URL, {"q": "来电人", "page": 2}).content.decode()
    assert "?q=%E6%9D%A5%E7%94%B5%E4%BA%BA&amp;export=xlsx" in page
    assert "export=csv" in page and "page=2&amp;export" not in page
