"""The field work list as a file: the tab the page shows, what each entry shows, in its scope."""

import pytest
from django.urls import reverse

from tests.integration.web.exports_helpers import csv_rows

pytestmark = pytest.mark.django_db
URL = reverse("fieldwork:worklist")


def test_the_all_tab_exports_the_orders(as_user, flow, customer):
    order = flow.order()
    rows = csv_rows(as_user("field_worker1").get(URL, {"list": "all", "export": "csv"}))
    assert rows[0] == ["约定时段", "编号", "状态", "类别", "客户", "地址"]
    assert [r[1] for r in rows[1:]] == [order.number]
    assert rows[1][0] == "未预约" and rows[1][4] == customer.name and rows[1][5] == customer.address
    assert csv_rows(as_user("hall_staff1").get(URL, {"list": "all", "export": "csv"}))[1:] == []
