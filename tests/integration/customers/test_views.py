"""Customer pages: login required, scoped list with search and pages, detail (404 out of
scope) with service points and the enterprise's latest prices."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.integration.customers.factories import CustomerFactory, ServicePointFactory
from utilicase.customers.models import MonthlyAveragePrice

pytestmark = pytest.mark.django_db


@pytest.fixture
def logged_in(client, example_user):
    def as_user(username: str):
        client.force_login(example_user(username))
        return client

    return as_user


@pytest.fixture
def power_and_heat(org):
    power = ServicePointFactory(customer__office=org["tf-power-city"], customer__account_number="1010000001",
                                customer__name="王建华", customer__contact_phone="13912345678").customer
    heat = ServicePointFactory(customer__office=org["tf-heat-east"], customer__account_number="2010000001",
                               customer__name="石河子市恒源纺织有限公司", tariff_category="非居民供热",
                               customer_class="GENERAL", unit_price=Decimal("28.5")).customer
    return power, heat


def test_anonymous_is_sent_to_login(client, org):
    for url in (reverse("customers:list"), reverse("customers:detail", args=[1])):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_list_shows_only_customers_in_scope(logged_in, power_and_heat):
    page = logged_in("enterprise_deputy1").get(reverse("customers:list")).content.decode()
    assert "1010000001" in page and "王建华" in page
    assert "2010000001" not in page and "恒源纺织" not in page


def test_list_search_by_account_prefix(logged_in, org, power_and_heat):
    CustomerFactory(office=org["tf-power-dev"], account_number="1020000001", name="李海燕")
    page = logged_in("company_deputy1").get(reverse("customers:list"), {"q": "1010"}).content.decode()
    assert "王建华" in page and "李海燕" not in page and "恒源纺织" not in page


def test_list_search_by_phone(logged_in, org, power_and_heat):
    CustomerFactory(office=org["tf-power-dev"], account_number="1020000001", name="李海燕")
    page = logged_in("company_deputy1").get(reverse("customers:list"), {"q": "13912345678"}).content.decode()
    assert "王建华" in page and "李海燕" not in page


def test_search_without_result_says_so_and_offers_to_clear(logged_in, power_and_heat):
    page = logged_in("company_deputy1").get(reverse("customers:list"), {"q": "不存在"}).content.decode()
    assert "没有找到与“不存在”相符的客户" in page
    assert "清除查找条件" in page


def test_empty_scope_explains_where_customers_come_from(logged_in, power_and_heat):
    page = logged_in("handler1").get(reverse("customers:list")).content.decode()
    assert "您的管辖范围内还没有客户" in page and "utilicase import customers" in page


def test_list_is_paginated_and_keeps_the_search(logged_in, org):
    for i in range(51):
        CustomerFactory(office=org["tf-power-city"], account_number=f"10{i:08d}")
    client = logged_in("inspector1")
    first = client.get(reverse("customers:list"), {"q": "10"}).content.decode()
    assert "共 51 户" in first and "第 1 / 2 页" in first and "?q=10&amp;page=2" in first
    second = client.get(reverse("customers:list"), {"q": "10", "page": "2"}).content.decode()
    assert "1000000050" in second and "1000000000" not in second


def test_detail_shows_service_points_and_latest_prices(logged_in, org, power_and_heat):
    power, _ = power_and_heat
    MonthlyAveragePrice.objects.create(enterprise=org["tf-power"], month_date=date(2026, 8, 1), price=Decimal("0.5610"))
    page = logged_in("inspector1").get(reverse("customers:detail", args=[power.pk])).content.decode()
    assert "王建华" in page and "居民生活用电" in page and "0.5100" in page
    assert "2026-08" in page and "0.5610" in page


def test_detail_without_prices_says_how_to_load_them(logged_in, power_and_heat):
    power, _ = power_and_heat
    page = logged_in("inspector1").get(reverse("customers:detail", args=[power.pk])).content.decode()
    assert "utilicase import prices" in page


def test_detail_out_of_scope_is_404_like_missing(logged_in, power_and_heat):
    _, heat = power_and_heat
    client = logged_in("enterprise_deputy1")
    assert client.get(reverse("customers:detail", args=[heat.pk])).status_code == 404
    assert client.get(reverse("customers:detail", args=[999999])).status_code == 404
