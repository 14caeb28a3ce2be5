"""The inspection work list as a file: the tab and search the page shows, its columns."""

from datetime import date

import pytest
from django.urls import reverse

from tests.integration.customers.factories import CustomerFactory
from tests.integration.web.exports_helpers import csv_rows, xlsx_rows

pytestmark = pytest.mark.django_db
URL = reverse("inspections:worklist")


def test_the_all_tab_exports_every_order_with_the_search_kept(as_user, flow, org):
    first = flow.order()
    other = CustomerFactory(office=org["tf-power-city"], account_number="1010000077", name="北湖宾馆")
    second = flow.order(customer=other, planned_date=date(2026, 10, 8))
    rows = csv_rows(as_user("inspector1").get(URL, {"list": "all", "export": "csv"}))
    assert rows[0] == ["工作单", "客户", "类别", "状态", "计划日期", "期限"]
    assert sorted(r[0] for r in rows[1:]) == sorted([first.number, second.number])
    row = next(r for r in rows[1:] if r[0] == second.number)
    assert row[1] == "1010000077 北湖宾馆" and row[4] == "2026-10-08"
    searched = xlsx_rows(as_user("inspector1").get(URL, {"list": "all", "q": "北湖", "export": "xlsx"}))
    assert [r[0] for r in searched[1:]] == [second.number]


def test_another_office_exports_nothing_of_this_office(as_user, flow, example_user):
    flow.order()
    assert csv_rows(as_user("field_worker1").get(URL, {"list": "all", "export": "csv"}))[1:] == []
