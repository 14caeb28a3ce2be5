"""The accident work list as a file: the list the page shows, its columns, in its scope."""

import pytest
from django.urls import reverse

from tests.integration.web.exports_helpers import xlsx_rows

pytestmark = pytest.mark.django_db
URL = reverse("accidents:worklist")


def test_the_work_list_exports_its_open_cases(as_user, flow, customer):
    case = flow.opened(customer)
    rows = xlsx_rows(as_user("inspector1").get(URL, {"export": "xlsx", "all": "on"}))
    assert rows[0] == ("编号", "客户", "专业", "状态", "报告时间", "期限")
    assert [r[0] for r in rows[1:]] == [case.number]
    assert rows[1][1] == "1010000909 天山机械厂"
    assert xlsx_rows(as_user("hall_staff1").get(URL, {"export": "xlsx", "all": "on"}))[1:] == []
