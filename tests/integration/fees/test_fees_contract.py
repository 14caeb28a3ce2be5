"""The calculator's one JSON contract: `utilicase calc --json` and `POST /api/v1/calculations`
give the same output object for the same input, and name the field of bad input (exit status 2,
HTTP 422); heat and gas use the enterprise's configured rules."""

import json
from decimal import Decimal

import pytest
from django.utils import translation

from utilicase.audit.models import AuditEvent
from utilicase.fees.demo import seed_example_rules
from utilicase.fees.models import LocalRuleSet
from utilicase.fees.services import CalculationInvalid, calculate, local_rule_set_save
from utilicase.org.models import Unit
from utilicase.org.services import token_create

pytestmark = pytest.mark.django_db

THEFT = {"kind": "theft", "utility": "electricity", "rule_set": "auto", "act_date": "2023-05-01",
         "customer_type": "residential", "capacity_kw": 1, "price_yuan_per_kwh": 0.6}
EXAMPLES = [
    THEFT,
    {**THEFT, "act_date": "2025-01-01", "fee_multiple": 2.5, "capacity_kva": 4, "capacity_kw": None, "days": 20},
    {"kind": "violation", "item": 3, "rule_set": "GB-1996", "act_date": "2020-01-15", "customer_type": "power",
     "two_part_tariff": False, "over_kw": 10, "times": 2, "over_energy_kwh": 100.5, "price_yuan_per_kwh": 0.55},
    {"kind": "violation", "item": 2, "rule_set": "auto", "act_date": "2025-01-15", "customer_type": "power",
     "two_part_tariff": True, "capacity_kw": 50, "basic_charge_yuan_per_kw_month": 40, "months": 2},
    {"kind": "theft", "utility": "gas", "act_date": "2025-01-10", "volume_m3": 100.5, "enterprise": "tf-gas"},
    {"kind": "violation", "utility": "heat", "act_date": "2025-01-10", "area_m2": 120, "seasons": 2,
     "enterprise": "tf-heat"},
]


@pytest.fixture(autouse=True)
def _no_operator_language(monkeypatch):
    monkeypatch.setenv("LANG", "C.UTF-8")


@pytest.fixture
def token_headers(example_user, now):
    def make(username: str) -> dict:
        _, token = token_create(actor=None, user=example_user(username), now=now)
        return {"Authorization": f"Bearer {token}"}

    return make


@pytest.fixture
def auth_headers(token_headers):
    return token_headers("inspector1")


@pytest.fixture
def rules(org, now):
    return seed_example_rules(actor=None, now=now)


def _clean(data: dict) -> dict:
    return {k: v for k, v in data.items() if v is not None}


def test_cli_prints_the_result_object_of_the_issue(cli):
    # 1 kW × 180 d × 6 h = 1080 kWh × 0.6 = 648.00; 3 × 648.00 = 1944.00
    code, out, err = cli("--json", json.dumps(THEFT))
    assert (code, err) == (0, "")
    result = json.loads(out)
    assert {k: result[k] for k in ("rule_set", "energy_kwh", "back_billing_yuan", "violation_fee_yuan",
                                   "total_yuan")} == {
        "rule_set": "GB-1996", "energy_kwh": "1080.00", "back_billing_yuan": "648.00",
        "violation_fee_yuan": "1944.00", "total_yuan": "2592.00"}
    assert result["lines"][-1] == {"text": "违约使用电费 = 3 × 追补电费 648.00 元 = 1944.00 元",
                                   "amount_yuan": "1944.00", "rule": "GB-1996 Art.102"}


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
@pytest.mark.parametrize("example", range(len(EXAMPLES)))
def test_cli_and_api_give_the_same_object_for_the_same_input(cli, client, auth_headers, rules, example, lang):
    data = _clean(EXAMPLES[example])
    code, out, err = cli("--json", json.dumps(data), "--lang", lang)
    assert code == 0, err
    response = client.post("/api/v1/calculations", data=data, content_type="application/json",
                           headers={**auth_headers, "Accept-Language": lang})
    assert response.status_code == 200, response.content
    assert response.json() == json.loads(out)


def test_english_output_has_no_chinese(cli, rules):
    for data in EXAMPLES:
        code, out, err = cli("--json", json.dumps(_clean(data)), "--lang", "en")
        assert code == 0, err
        result = json.loads(out)
        rules_from_data = [line.pop("rule") for line in result["lines"]] if data.get("enterprise") else []
        assert all(rule.startswith(("HEAT-EXAMPLE 示例条款", "GAS-EXAMPLE 示例条款")) for rule in rules_from_data)
        text = json.dumps(result, ensure_ascii=False)
        assert not any("\u4e00" <= c <= "\u9fff" for c in text), text


@pytest.mark.parametrize(("data", "field"), [
    ({**THEFT, "capacity_kw": "1"}, "capacity_kw"),
    ({**THEFT, "customer_type": "farm"}, "customer_type"),
    ({**THEFT, "act_date": "01/05/2023"}, "act_date"),
    ({**THEFT, "rule_set": "GB-1996", "act_date": "2024-06-01"}, "rule_set"),
    ({**THEFT, "act_date": "2025-01-01", "fee_multiple": 3.01}, "fee_multiple"),
    ({**THEFT, "price_yuan_per_kwh": None}, "price_yuan_per_kwh"),
    ({"kind": "violation", "item": 9, "act_date": "2020-01-01", "customer_type": "power"}, "item"),
    ({"kind": "theft", "utility": "gas", "act_date": "2025-01-10", "volume_m3": 1, "enterprise": "nope"},
     "enterprise"),
])
def test_bad_input_exit_2_and_422_name_the_field(cli, client, auth_headers, data, field):
    data = _clean(data)
    code, out, err = cli("--json", json.dumps(data), "--lang", "en")
    assert (code, out) == (2, "")
    assert f"{field}: " in err
    response = client.post("/api/v1/calculations", data=data, content_type="application/json",
                           headers={**auth_headers, "Accept-Language": "en"})
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert ["body", field] in [entry["loc"] for entry in detail]
    assert not any("\u4e00" <= c <= "\u9fff" for entry in detail for c in entry["msg"])


def test_malformed_json_exit_2_and_422(cli, client, auth_headers):
    code, out, err = cli("--json", "{not json")
    assert code == 2 and out == "" and "--json" in err
    response = client.post("/api/v1/calculations", data="{not json", content_type="application/json",
                           headers=auth_headers)
    assert response.status_code == 422


def test_api_requires_authentication(client):
    assert client.post("/api/v1/calculations", data=THEFT, content_type="application/json").status_code == 401


def test_api_heat_uses_the_callers_enterprise_by_default(client, token_headers, rules, example_user):
    from utilicase.org.models import User

    user = User.objects.create(username="heat_staff", unit=Unit.objects.get(code="tf-heat-east"))
    assert user.pk
    data = {"kind": "theft", "utility": "heat", "act_date": "2025-01-10", "area_m2": 10}
    response = client.post("/api/v1/calculations", data=data, content_type="application/json",
                           headers=token_headers("heat_staff"))
    # 10 m² × 25.00 × 1 season = 250.00; 10 × 10.00 = 100.00
    assert response.status_code == 200, response.content
    assert response.json()["total_yuan"] == "350.00"
    assert response.json()["note"]  # example values are labelled


def test_services_calculate_with_an_enterprise_unit(rules):
    gas = Unit.objects.get(code="tf-gas-city")  # a unit under the gas enterprise
    result = calculate({"kind": "theft", "utility": "gas", "act_date": "2025-01-10", "volume_m3": 10}, enterprise=gas)
    # 10 m³ × 2.8000 = 28.00; 3 × 28.00 = 84.00
    assert (result["back_billing_yuan"], result["violation_fee_yuan"]) == ("28.00", "84.00")
    assert result["rule_set"] == "GAS-EXAMPLE" and "示例" in result["note"]
    with pytest.raises(CalculationInvalid) as caught:
        calculate({"kind": "theft", "utility": "gas", "act_date": "2025-01-10", "volume_m3": 10},
                  enterprise=Unit.objects.get(code="tf-heat"))
    assert set(caught.value.errors) == {"utility"}
    # the caller's enterprise (a case's) wins: the input cannot pick another enterprise's rules
    with pytest.raises(CalculationInvalid) as caught:
        calculate({"kind": "theft", "utility": "gas", "act_date": "2025-01-10", "volume_m3": 10,
                   "enterprise": "tf-gas"}, enterprise=Unit.objects.get(code="tf-heat"))
    assert caught.value.errors == {"enterprise": "应为 tf-heat。"}
    assert calculate({"kind": "theft", "utility": "gas", "act_date": "2025-01-10", "volume_m3": 10,
                      "enterprise": "tf-gas"}, enterprise=gas)["total_yuan"] == "112.00"  # 28.00 + 84.00


def test_a_later_rule_set_applies_to_acts_from_its_date_only(rules, example_user, now):
    heat = Unit.objects.get(code="tf-heat")
    local_rule_set_save(actor=example_user("admin"), now=now, rule_set=LocalRuleSet(
        enterprise=heat, utility="HEAT", code="HEAT-2026", name="供热规则", article="第3条",
        effective_from="2026-01-01", heating_price_yuan_per_m2_season=Decimal("30"),
        connection_fee_yuan_per_m2=Decimal("12")))
    data = {"kind": "theft", "utility": "heat", "area_m2": 10, "seasons": 1}
    before = calculate({**data, "act_date": "2025-12-31"}, enterprise=heat)
    after = calculate({**data, "act_date": "2026-01-01"}, enterprise=heat)
    assert (before["rule_set"], before["total_yuan"]) == ("HEAT-EXAMPLE", "350.00")  # 250.00 + 100.00
    assert (after["rule_set"], after["total_yuan"]) == ("HEAT-2026", "420.00")  # 10 × 30 + 10 × 12
    assert after["note"] is None
    assert after["lines"][0]["rule"] == "HEAT-2026 第3条"


def test_rule_set_changes_are_audited(rules, example_user, now):
    rule_set = LocalRuleSet.objects.get(code="GAS-EXAMPLE")
    rule_set.gas_max_fee_multiple = Decimal("2.00")
    local_rule_set_save(actor=example_user("admin"), rule_set=rule_set, now=now)
    event = AuditEvent.objects.filter(action="fees.local_rule_set.changed").get()
    assert (event.before["gas_max_fee_multiple"], event.after["gas_max_fee_multiple"]) == ("3.00", "2.00")
    assert AuditEvent.objects.filter(action="fees.local_rule_set.created").count() == 2


def test_a_heat_rule_set_without_its_prices_is_refused(org, now):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        local_rule_set_save(actor=None, now=now, rule_set=LocalRuleSet(
            enterprise=Unit.objects.get(code="tf-heat"), utility="HEAT", code="H", name="h", article="a",
            effective_from="2026-01-01"))
    assert "heating_price_yuan_per_m2_season" in caught.value.message_dict


def test_admin_saves_through_the_audited_service(as_user, org):
    client = as_user("admin")
    heat = Unit.objects.get(code="tf-heat")
    response = client.post("/admin/fees/localruleset/add/", {
        "enterprise": heat.pk, "utility": "HEAT", "code": "HEAT-ADM", "name": "供热规则", "article": "第1条",
        "effective_from": "2026-01-01", "heating_price_yuan_per_m2_season": "20",
        "connection_fee_yuan_per_m2": "5"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert LocalRuleSet.objects.get(code="HEAT-ADM").changed_by.username == "admin"
    assert AuditEvent.objects.filter(action="fees.local_rule_set.created").count() == 1
    with translation.override("en"):
        assert client.get("/admin/fees/localruleset/").status_code == 200
