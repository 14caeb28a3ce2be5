"""The receivables list as a file: the filter the page shows, amounts as numbers."""

from datetime import date

import pytest
from django.urls import reverse

from tests.integration.web.exports_helpers import xlsx_rows

pytestmark = pytest.mark.django_db
URL = reverse("billing:list")


def test_receivables_export_with_overdue_marked(as_user, customer, make_receivable):
    make_receivable(customer, amount="648.00", due=date(2026, 9, 1))
    make_receivable(customer, amount="120.50", due=date(2026, 12, 1), fee_type="VIOLATION_FEE")
    rows = xlsx_rows(as_user("office_head1").get(URL, {"export": "xlsx"}))
    assert rows[0] == ("缴费期限", "逾期", "案件号", "户号", "客户名称", "费用类别", "金额（元）", "已缴（元）",
                       "未缴余额（元）")
    by_amount = {r[6]: r for r in rows[1:]}
    assert sorted(by_amount) == [120.5, 648]
    overdue, later = by_amount[648], by_amount[120.5]
    assert overdue[1] == "逾期" and overdue[3] == "1010000001" and overdue[4] == "熊超" and overdue[8] == 648
    assert overdue[0].date() == date(2026, 9, 1) and later[1] is None
    unpaid = xlsx_rows(as_user("office_head1").get(URL, {"show": "overdue", "export": "xlsx"}))
    assert [r[6] for r in unpaid[1:]] == [648]
