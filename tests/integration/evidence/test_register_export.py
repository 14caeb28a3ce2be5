"""A case's evidence register as a file: its items as the register page shows them."""

import pytest
from django.urls import reverse

from tests.integration.web.exports_helpers import xlsx_rows
from utilicase.evidence import services

pytestmark = pytest.mark.django_db


def test_the_register_exports_its_items(client, inspector, case, now):
    services.item_register(actor=inspector, target_type="customers.customer", target_id=str(case.pk),
                           kind="METER", description="电能表 3100123456", location="计量箱", now=now)
    client.force_login(inspector)
    url = reverse("evidence:register", args=["customers.customer", case.pk])
    rows = xlsx_rows(client.get(url, {"export": "xlsx"}))
    assert rows[0] == ("编号", "类别", "名称及特征", "状态", "封条", "客户确认")
    assert len(rows) == 2 and rows[1][2] == "电能表 3100123456" and rows[1][5] == "客户未确认"
