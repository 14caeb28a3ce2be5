"""The compensation kind of the calculator's contract (§2.7(5)): `utilicase calc` and
`POST /api/v1/calculations` price it at the previous month's average price of the utility's
enterprise (customers' monthly prices)."""

import json
from datetime import date
from decimal import Decimal

import pytest

from utilicase.customers.models import MonthlyAveragePrice
from utilicase.org.models import Unit
from utilicase.org.services import token_create

pytestmark = pytest.mark.django_db

DATA = {"kind": "compensation", "utility": "electricity", "outage_minutes": 150, "interrupted_rate_per_hour": 400,
        "month": "2026-03"}


@pytest.fixture
def prices(org):
    power = Unit.objects.get(kind="ENTERPRISE", utility="POWER")
    MonthlyAveragePrice.objects.create(enterprise=power, month_date=date(2026, 2, 1), price=Decimal("0.6000"))
    MonthlyAveragePrice.objects.create(enterprise=power, month_date=date(2026, 3, 1), price=Decimal("9.9900"))
    return power


@pytest.fixture
def auth_headers(example_user, now):
    _, raw = token_create(actor=None, user=example_user("inspector1"), now=now)
    return {"Authorization": f"Bearer {raw}"}


def test_cli_prices_compensation_at_previous_months_average_s2_7_5(cli, prices):
    code, out, err = cli("--json", json.dumps(DATA))
    assert (code, err) == (0, "")
    result = json.loads(out)
    # 150 min = 2.5 h × 400 kWh/h = 1000 kWh × 0.60 (February, not March's 9.99) = 600.00
    assert {k: result[k] for k in ("price_month", "charged_hours", "lost_supply", "compensation_yuan")} == {
        "price_month": "2026-02", "charged_hours": "2.5", "lost_supply": "1000", "compensation_yuan": "600.00"}


def test_cli_and_api_give_the_same_compensation_object_s2_7_5(cli, client, auth_headers, prices):
    code, out, err = cli("--json", json.dumps(DATA), "--lang", "en")
    assert code == 0, err
    response = client.post("/api/v1/calculations", data=DATA, content_type="application/json",
                           headers={**auth_headers, "Accept-Language": "en"})
    assert response.status_code == 200, response.content
    assert response.json() == json.loads(out)
    assert all(ord(ch) < 0x3000 for line in response.json()["lines"] for ch in line["text"])


def test_missing_previous_month_price_is_named_s2_7_5(cli, client, auth_headers, prices):
    code, out, err = cli("--json", json.dumps({**DATA, "month": "2026-06"}))
    assert code == 2 and "month" in err and "2026-05" in err
    response = client.post("/api/v1/calculations", data={**DATA, "month": "2026-06"},
                           content_type="application/json", headers=auth_headers)
    assert response.status_code == 422
    assert [entry["loc"] for entry in response.json()["detail"]] == [["body", "month"]]
