"""Absurd numbers and dates given to the fee calculator (`utilicase calc --json` and
POST /api/v1/calculations, §2.6(4)): negative, NaN, Infinity, 1e308, a 400-digit integer, year
1 / 9999 / 10000, 30 February. Each is refused naming the field and the reason (exit status 2,
HTTP 422 in JSON), never a 5xx or a traceback, and nothing is recorded."""

import json

import pytest

from utilicase.audit.models import AuditEvent
from utilicase.org.services import token_create

pytestmark = pytest.mark.django_db

THEFT = {"kind": "theft", "utility": "electricity", "rule_set": "auto", "act_date": "2023-05-01",
         "customer_type": "residential", "capacity_kw": 1, "price_yuan_per_kwh": 0.6}
HUGE = "1" + "0" * 400
# (JSON text of the value, field, words the English reason must hold)
NUMBERS = [
    ("-1", "capacity_kw", "got -1"),
    ("NaN", "capacity_kw", "got nan"),
    ("Infinity", "capacity_kw", "got inf"),
    ("-Infinity", "price_yuan_per_kwh", "got -inf"),
    ("1e308", "price_yuan_per_kwh", "got 1e+308"),
    ("-1e308", "capacity_kw", "got -1e+308"),
    (HUGE, "capacity_kw", "got 1000000000"),
    ("1e-400", "capacity_kw", "got 0.0"),
]
DATES = ["0001-01-01", "9999-12-31", "10000-01-01", "2023-02-30", "1899-12-31"]


@pytest.fixture(autouse=True)
def _no_operator_language(monkeypatch):
    monkeypatch.setenv("LANG", "C.UTF-8")


@pytest.fixture
def api(client, example_user, now):
    _, token = token_create(actor=None, user=example_user("inspector1"), now=now)

    def post(text: str):
        return client.post("/api/v1/calculations", data=text, content_type="application/json",
                           headers={"Authorization": f"Bearer {token}", "Accept-Language": "en"})

    return post


def _with(field: str, raw: str) -> str:
    """THEFT's JSON with `field` set to the raw JSON text `raw` (NaN and Infinity are not JSON,
    though Python's reader takes them)."""
    return json.dumps({**THEFT, field: "@"}).replace('"@"', raw)


@pytest.mark.parametrize(("raw", "field", "shown"), NUMBERS)
def test_an_absurd_number_is_refused_naming_the_field_by_cli_and_api(cli, api, raw, field, shown):
    events = AuditEvent.objects.count()
    code, out, err = cli("--json", _with(field, raw), "--lang", "en")
    assert (code, out) == (2, "")
    assert f"{field}: " in err and "Traceback" not in err
    response = api(_with(field, raw))
    assert response.status_code == 422, response.content
    [entry] = [e for e in response.json()["detail"] if e["loc"] == ["body", field]]
    assert entry["msg"].startswith(f"{field}: ")
    assert "Must be a number" in entry["msg"] and shown in entry["msg"]
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize("day", DATES)
def test_a_date_out_of_range_is_refused_naming_the_field_by_cli_and_api(cli, api, day):
    events = AuditEvent.objects.count()
    code, out, err = cli("--json", json.dumps({**THEFT, "act_date": day}), "--lang", "en")
    assert (code, out) == (2, ""), out
    assert ("act_date: " in err or "rule_set: " in err) and "Traceback" not in err
    response = api(json.dumps({**THEFT, "act_date": day}))
    assert response.status_code == 422, response.content
    assert {tuple(e["loc"]) for e in response.json()["detail"]} & {("body", "act_date"), ("body", "rule_set")}
    assert AuditEvent.objects.count() == events


def test_a_number_in_a_string_or_a_bool_is_not_a_number(api):
    for raw in ('"1e308"', "true", "[1]", '{"a": 1}'):
        response = api(_with("capacity_kw", raw))
        assert response.status_code == 422
        [entry] = [e for e in response.json()["detail"] if e["loc"] == ["body", "capacity_kw"]]
        assert "number" in entry["msg"]
