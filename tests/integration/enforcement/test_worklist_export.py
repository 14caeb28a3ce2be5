"""The enforcement work list as a file: the tab the page shows, its columns, in its scope."""

import pytest
from django.urls import reverse

from tests.integration.web.exports_helpers import csv_rows

pytestmark = pytest.mark.django_db
URL = reverse("enforcement:worklist")


def test_the_all_tab_exports_the_cases_with_the_page_headers(as_user, flow, residential, other_office_customer):
    case = flow.opened(residential)
    rows = csv_rows(as_user("inspector1").get(URL, {"list": "all", "export": "csv"}))
    assert rows[0] == ["案件", "客户", "类别", "状态", "期限"]
    assert [r[0] for r in rows[1:]] == [case.number]
    assert rows[1][1] == "1010000101 王建华" and rows[1][2].startswith("窃电")
    assert csv_rows(as_user("inspector1").get(URL, {"list": "all", "q": "nobody", "export": "csv"}))[1:] == []
    assert csv_rows(as_user("hall_staff1").get(URL, {"list": "all", "export": "csv"}))[1:] == []
