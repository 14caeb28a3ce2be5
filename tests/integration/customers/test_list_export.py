"""The customer list as a file: the search the page shows, within the user's scope."""

import pytest
from django.urls import reverse

from tests.integration.customers.factories import CustomerFactory
from tests.integration.web.exports_helpers import csv_rows

pytestmark = pytest.mark.django_db
URL = reverse("customers:list")


def test_customers_export_is_the_searched_list_in_scope(as_user, org):
    for n in range(60):  # more than a page of 50
        CustomerFactory(office=org["tf-power-city"], account_number=f"10100{n:05d}", name=f"城区客户{n}")
    CustomerFactory(office=org["tf-heat-east"], account_number="3010000001", name="东区客户")
    rows = csv_rows(as_user("office_head1").get(URL, {"export": "csv"}))
    assert rows[0] == ["户号", "户名", "联系电话", "地址", "供应企业", "营业所"]
    assert [r[0] for r in rows[1:]] == [f"10100{n:05d}" for n in range(60)]
    assert rows[1][4:] == ["天富供电公司", "城区供电营业所"]
    rows = csv_rows(as_user("office_head1").get(URL, {"q": "1010000005", "export": "csv"}))
    assert [r[0] for r in rows[1:]] == ["1010000005"]
