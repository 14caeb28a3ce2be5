"""/api/v1/customers: scoped list with search and pages, one customer (404 out of scope),
and the enterprise's monthly average prices."""

from datetime import date
from decimal import Decimal

import pytest

from tests.integration.customers.factories import CustomerFactory, ServicePointFactory
from utilicase.customers.models import MonthlyAveragePrice
from utilicase.org.services import token_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client, example_user):
    def as_user(username: str):
        client.force_login(example_user(username))
        return client

    return as_user


@pytest.fixture
def power_and_heat(org):
    power = ServicePointFactory(customer__office=org["tf-power-city"], customer__account_number="1010000001",
                                customer__contact_phone="13912345678").customer
    heat = ServicePointFactory(customer__office=org["tf-heat-east"], customer__account_number="2010000001",
                               tariff_category="居民供热", unit_price=Decimal("22")).customer
    return power, heat


def test_list_is_scoped_and_paginated(api, power_and_heat):
    body = api("enterprise_deputy1").get("/api/v1/customers").json()
    assert body["count"] == 1
    assert [c["account_number"] for c in body["items"]] == ["1010000001"]
    assert body["items"][0]["enterprise"]["code"] == "tf-power"


def test_list_pages_hold_fifty(api, org):
    for i in range(55):
        CustomerFactory(office=org["tf-power-city"], account_number=f"10{i:08d}")
    client = api("enterprise_deputy1")
    first, second = client.get("/api/v1/customers").json(), client.get("/api/v1/customers?page=2").json()
    assert (first["count"], len(first["items"]), len(second["items"])) == (55, 50, 5)
    assert second["items"][-1]["account_number"] == "1000000054"


def test_list_searches_by_phone(api, power_and_heat):
    body = api("company_deputy1").get("/api/v1/customers", {"q": "13912345678"}).json()
    assert [c["account_number"] for c in body["items"]] == ["1010000001"]


def test_get_shows_service_points(api, power_and_heat):
    power, _ = power_and_heat
    body = api("inspector1").get(f"/api/v1/customers/{power.pk}").json()
    assert body["account_number"] == "1010000001"
    assert body["service_points"] == [{"utility": "POWER", "voltage_level": "LOW", "customer_class": "RESIDENTIAL",
                                       "tariff_category": "居民生活用电", "unit_price": "0.5100"}]


def test_get_out_of_scope_is_404_like_missing(api, power_and_heat):
    _, heat = power_and_heat
    client = api("enterprise_deputy1")
    assert client.get(f"/api/v1/customers/{heat.pk}").status_code == 404
    assert client.get("/api/v1/customers/999999").status_code == 404


def test_bearer_token_sees_the_same_scope(client, example_user, power_and_heat, now):
    _, token = token_create(actor=None, user=example_user("enterprise_deputy1"), now=now)
    _, heat = power_and_heat
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/customers", headers=headers).json()["count"] == 1
    assert client.get(f"/api/v1/customers/{heat.pk}", headers=headers).status_code == 404


def test_anonymous_is_401(client, power_and_heat):
    assert client.get("/api/v1/customers").status_code == 401


@pytest.fixture
def prices(org):
    for month, price in ((7, "0.5521"), (8, "0.5610")):
        MonthlyAveragePrice.objects.create(enterprise=org["tf-power"], month_date=date(2026, month, 1),
                                           price=Decimal(price))


def test_prices_of_one_month(api, prices):
    body = api("inspector1").get("/api/v1/customers/prices", {"enterprise": "tf-power", "month": "2026-08"}).json()
    assert body == [{"enterprise": "tf-power", "month": "2026-08", "month_date": "2026-08-01", "price": "0.5610",
                     "source": "billing"}]


def test_prices_without_month_are_newest_first(api, prices):
    body = api("enterprise_deputy1").get("/api/v1/customers/prices", {"enterprise": "tf-power"}).json()
    assert [p["month"] for p in body] == ["2026-08", "2026-07"]


def test_prices_of_a_month_without_data_are_empty(api, prices):
    assert api("inspector1").get("/api/v1/customers/prices?enterprise=tf-power&month=2025-01").json() == []


def test_prices_bad_month_is_422(api, prices):
    response = api("inspector1").get("/api/v1/customers/prices?enterprise=tf-power&month=2026-13")
    assert response.status_code == 422


def test_prices_of_another_enterprise_are_404(api, prices):
    assert api("inspector1").get("/api/v1/customers/prices?enterprise=tf-heat").status_code == 404
    assert api("inspector1").get("/api/v1/customers/prices?enterprise=tf-nowhere").status_code == 404
    assert api("company_deputy1").get("/api/v1/customers/prices?enterprise=tf-power").status_code == 200
