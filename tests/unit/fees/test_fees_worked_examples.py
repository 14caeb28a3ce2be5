"""Worked examples of the fee calculator, each computed by hand from the rules (clauses.md,
"National rules the penalty calculations rest on"); the arithmetic is written beside each."""

from datetime import date
from decimal import Decimal

import pytest

from utilicase.fees.domain.calculation import calculate
from utilicase.fees.domain.errors import CalculationInvalid
from utilicase.fees.domain.rulesets import GasRules, HeatRules, legal_basis_choices


def theft(**fields):
    return calculate({"kind": "theft", "utility": "electricity", "rule_set": "auto", **fields})


def violation(item, **fields):
    return calculate({"kind": "violation", "item": item, "rule_set": "auto", "customer_type": "power",
                      "two_part_tariff": False, **fields})


def amounts(result):
    return result["back_billing_yuan"], result["violation_fee_yuan"], result["total_yuan"]


def errors(data, **kwargs):
    with pytest.raises(CalculationInvalid) as caught:
        calculate(data, **kwargs)
    return caught.value.errors


# --- electricity theft, GB-1996 Art. 102-103 ---

def test_theft_gb1996_residential_unknown_duration_is_180_days_at_6_hours():
    # 1 kW × 180 d × 6 h = 1080 kWh; 1080 × 0.60 = 648.00; fee 3 × 648.00 = 1944.00; total 2592.00
    result = theft(act_date="2023-05-01", customer_type="residential", capacity_kw=1, price_yuan_per_kwh=0.6)
    assert result["rule_set"] == "GB-1996"
    assert result["energy_kwh"] == "1080.00"
    assert amounts(result) == ("648.00", "1944.00", "2592.00")
    assert [line["rule"] for line in result["lines"]] == ["GB-1996 Art.103"] * 3 + ["GB-1996 Art.102"] * 2
    assert [line["amount_yuan"] for line in result["lines"]] == [None, None, None, "648.00", "1944.00"]
    assert result["lines"][2]["text"] == "窃电量 = 窃电容量 1 kW × 180 天 × 6 小时/天 = 1080.00 kWh"
    assert result["lines"][4]["text"] == "违约使用电费 = 3 × 追补电费 648.00 元 = 1944.00 元"


def test_theft_gb1996_power_customer_unknown_duration_is_180_days_at_12_hours():
    # 2.5 kW × 180 d × 12 h = 5400 kWh; 5400 × 0.8123 = 4386.42; 3 × 4386.42 = 13159.26; total 17545.68
    result = theft(act_date="2020-01-15", customer_type="power", capacity_kw=2.5, price_yuan_per_kwh=0.8123)
    assert result["energy_kwh"] == "5400.00"
    assert amounts(result) == ("4386.42", "13159.26", "17545.68")


def test_theft_lighting_customer_counts_6_hours_like_residential():
    # 3 kVA counted as 3 kW × 180 × 6 = 3240 kWh; × 0.5 = 1620.00; × 3 = 4860.00
    result = theft(act_date="2020-01-15", customer_type="lighting", capacity_kva=3, price_yuan_per_kwh=0.5)
    assert result["energy_kwh"] == "3240.00"
    assert amounts(result) == ("1620.00", "4860.00", "6480.00")
    assert "kVA（视同 kW）" in result["lines"][2]["text"]


def test_theft_known_duration_uses_the_actual_days_and_hours():
    # 10 kVA × 30 d × 8 h = 2400 kWh; × 0.5 = 1200.00; × 3 = 3600.00
    result = theft(act_date="2020-01-15", customer_type="power", capacity_kva=10, days=30, hours_per_day=8,
                   price_yuan_per_kwh=0.5)
    assert amounts(result) == ("1200.00", "3600.00", "4800.00")
    assert len(result["lines"]) == 3  # no "unknown duration" lines


def test_theft_known_days_unknown_hours_counts_the_daily_hours_of_the_customer_type():
    # 1 kW × 10 d × 12 h = 120 kWh; × 1 = 120.00; × 3 = 360.00
    result = theft(act_date="2020-01-15", customer_type="power", capacity_kw=1, days=10, price_yuan_per_kwh=1)
    assert result["energy_kwh"] == "120.00"
    assert amounts(result) == ("120.00", "360.00", "480.00")


def test_theft_fee_is_the_multiple_of_the_rounded_back_billing():
    # 8777 kWh × 0.625 = 5485.625 -> 5485.63; 3 × 5485.63 = 16456.89 (3 × 5485.625 would give 16456.88)
    result = theft(act_date="2020-01-15", customer_type="power", stolen_kwh=8777, price_yuan_per_kwh=0.625)
    assert amounts(result) == ("5485.63", "16456.89", "21942.52")
    assert result["lines"][0]["text"] == "窃电量（查明的电量）：8777.00 kWh"


# --- GB-2024: multiples are caps set in the contract; auto picks by act_date ---

def test_gb2024_theft_multiple_defaults_to_the_cap_of_3():
    # 1 × 180 × 6 = 1080 kWh × 0.6 = 648.00; 3 × 648.00 = 1944.00
    result = theft(act_date="2024-06-01", customer_type="residential", capacity_kw=1, price_yuan_per_kwh=0.6)
    assert result["rule_set"] == "GB-2024" and result["rule_set_verified"] is False
    assert result["fee_multiple"] == "3"
    assert amounts(result) == ("648.00", "1944.00", "2592.00")
    assert result["note"]  # "verify against the official text"


def test_gb2024_theft_contract_multiple_below_the_cap():
    # 648.00 × 2 = 1296.00; total 1944.00
    result = theft(act_date="2025-03-01", customer_type="residential", capacity_kw=1, price_yuan_per_kwh=0.6,
                   fee_multiple=2)
    assert amounts(result) == ("648.00", "1296.00", "1944.00")
    assert result["lines"][-1]["text"] == "违约使用电费 = 2 × 追补电费 648.00 元 = 1296.00 元"


def test_gb2024_multiple_above_the_cap_is_refused_naming_fee_multiple():
    data = {"kind": "theft", "act_date": "2025-03-01", "customer_type": "power", "capacity_kw": 1,
            "price_yuan_per_kwh": 0.6, "fee_multiple": 3.5}
    assert set(errors(data)) == {"fee_multiple"}


def test_gb1996_fixes_the_multiple():
    data = {"kind": "theft", "act_date": "2020-03-01", "customer_type": "power", "capacity_kw": 1,
            "price_yuan_per_kwh": 0.6, "fee_multiple": 2}
    assert set(errors(data)) == {"fee_multiple"}
    assert theft(act_date="2020-03-01", customer_type="power", capacity_kw=1, price_yuan_per_kwh=0.6,
                 fee_multiple=3)["violation_fee_yuan"] == "3888.00"  # 1×180×12 = 2160 × 0.6 = 1296.00 × 3


def test_auto_picks_gb1996_the_day_before_2024_06_01_and_gb2024_on_it():
    common = {"customer_type": "power", "capacity_kw": 1, "price_yuan_per_kwh": 0.6}
    assert theft(act_date="2024-05-31", **common)["rule_set"] == "GB-1996"
    assert theft(act_date="2024-06-01", **common)["rule_set"] == "GB-2024"


def test_a_rule_set_not_in_force_on_the_act_date_is_refused_2_6_4():
    data = {"kind": "theft", "rule_set": "GB-1996", "act_date": "2024-06-01", "customer_type": "power",
            "capacity_kw": 1, "price_yuan_per_kwh": 0.6}
    reason = errors(data)["rule_set"]
    assert "§2.6(4)" in reason and "GB-2024" in reason
    assert set(errors({**data, "rule_set": "GB-2024", "act_date": "2024-05-31"})) == {"rule_set"}


def test_an_act_before_any_rule_set_is_refused_naming_act_date():
    data = {"kind": "theft", "act_date": "1996-10-07", "customer_type": "power", "capacity_kw": 1,
            "price_yuan_per_kwh": 0.6}
    assert set(errors(data)) == {"act_date"}


# --- violation items, GB-1996 Art. 100 ---

def test_item1_price_difference_with_measured_energy():
    # 1000 kWh × 0.3 = 300.00; fee 2 × 300.00 = 600.00
    result = violation(1, act_date="2020-01-15", price_difference_yuan_per_kwh=0.3, energy_kwh=1000)
    assert amounts(result) == ("300.00", "600.00", "900.00")
    assert {line["rule"] for line in result["lines"]} == {"GB-1996 Art.100(1)"}


def test_item1_unknown_period_counts_3_months_as_90_days():
    # 10 kW × 90 d × 8 h = 7200 kWh; × 0.25 = 1800.00; × 2 = 3600.00
    result = violation(1, act_date="2020-01-15", price_difference_yuan_per_kwh=0.25, capacity_kw=10,
                       hours_per_day=8)
    assert result["energy_kwh"] == "7200.00"
    assert amounts(result) == ("1800.00", "3600.00", "5400.00")
    assert result["lines"][0]["text"] == "使用起讫日期无法确定：按 3 个月（90 天）计"


def test_item1_known_period():
    # 10 kW × 30 d × 8 h = 2400 kWh; × 0.25 = 600.00; × 2 = 1200.00
    result = violation(1, act_date="2020-01-15", price_difference_yuan_per_kwh=0.25, capacity_kw=10, days=30,
                       hours_per_day=8)
    assert amounts(result) == ("600.00", "1200.00", "1800.00")


def test_item2_two_part_tariff_basic_charge_and_3_times():
    # 50 kW × 40 yuan/(kW·month) × 2 months = 4000.00; fee 3 × 4000.00 = 12000.00
    result = violation(2, act_date="2020-01-15", two_part_tariff=True, capacity_kw=50,
                       basic_charge_yuan_per_kw_month=40, months=2)
    assert amounts(result) == ("4000.00", "12000.00", "16000.00")


def test_item2_other_customers_50_yuan_per_kw():
    # 50 yuan × 20 kVA = 1000.00, nothing back-billed
    result = violation(2, act_date="2020-01-15", capacity_kva=20)
    assert amounts(result) == ("0.00", "1000.00", "1000.00")
    assert result["lines"][0]["rule"] == "GB-1996 Art.100(2)"


def test_item3_quota_1_yuan_per_kw_per_time_plus_5_times_the_rounded_energy_charge():
    # 1 × 10 kW × 2 times = 20.00; 100.5 kWh × 0.55 = 55.275 -> 55.28; 5 × 55.28 = 276.40 (not 276.38);
    # fee 20.00 + 276.40 = 296.40
    result = violation(3, act_date="2020-01-15", over_kw=10, times=2, over_energy_kwh=100.5, price_yuan_per_kwh=0.55)
    assert amounts(result) == ("0.00", "296.40", "296.40")
    assert [line["amount_yuan"] for line in result["lines"]] == ["20.00", None, "276.40"]


def test_item4_two_part_tariff_basic_charge_and_2_times():
    # 30 kW × 25 × 3 months = 2250.00; fee 2 × 2250.00 = 4500.00
    result = violation(4, act_date="2020-01-15", two_part_tariff=True, capacity_kw=30,
                       basic_charge_yuan_per_kw_month=25, months=3)
    assert amounts(result) == ("2250.00", "4500.00", "6750.00")


def test_item4_other_customers_30_yuan_per_kw_per_time():
    # 30 × 15 kW × 2 times = 900.00
    result = violation(4, act_date="2020-01-15", capacity_kw=15, times=2)
    assert amounts(result) == ("0.00", "900.00", "900.00")


def test_item5_500_yuan_per_time_for_residential_5000_for_others():
    assert violation(5, act_date="2020-01-15", customer_type="residential", times=2)["total_yuan"] == "1000.00"
    assert violation(5, act_date="2020-01-15", customer_type="lighting", times=1)["total_yuan"] == "5000.00"
    assert violation(5, act_date="2020-01-15", customer_type="power", times=3)["total_yuan"] == "15000.00"


def test_item6_500_yuan_per_kw_of_the_source():
    # 500 × 8 kW = 4000.00
    result = violation(6, act_date="2020-01-15", capacity_kw=8)
    assert amounts(result) == ("0.00", "4000.00", "4000.00")
    assert result["lines"][0]["rule"] == "GB-1996 Art.100(6)"


# --- violation items under GB-2024 ---

def test_gb2024_has_no_planned_quota_item():
    data = {"kind": "violation", "item": 3, "act_date": "2024-07-01", "customer_type": "power",
            "two_part_tariff": False, "over_kw": 10, "times": 2, "over_energy_kwh": 100, "price_yuan_per_kwh": 0.5}
    assert "item" in errors(data)


def test_gb2024_item1_contract_multiple():
    # 1000 × 0.3 = 300.00; 1.5 × 300.00 = 450.00; the cap is 2
    result = violation(1, act_date="2024-07-01", price_difference_yuan_per_kwh=0.3, energy_kwh=1000,
                       fee_multiple=1.5)
    assert amounts(result) == ("300.00", "450.00", "750.00")
    assert violation(1, act_date="2024-07-01", price_difference_yuan_per_kwh=0.3, energy_kwh=1000)[
        "violation_fee_yuan"] == "600.00"
    assert set(errors({"kind": "violation", "item": 1, "act_date": "2024-07-01", "customer_type": "power",
                       "two_part_tariff": False, "price_difference_yuan_per_kwh": 0.3, "energy_kwh": 1000,
                       "fee_multiple": 2.01})) == {"fee_multiple"}


def test_gb2024_item2_and_item4_two_part_default_to_their_caps():
    # item 2: 50 × 40 × 2 = 4000.00, cap 3 -> 12000.00; item 4: 30 × 25 × 3 = 2250.00, cap 2 -> 4500.00
    assert violation(2, act_date="2024-07-01", two_part_tariff=True, capacity_kw=50,
                     basic_charge_yuan_per_kw_month=40, months=2)["violation_fee_yuan"] == "12000.00"
    result = violation(4, act_date="2024-07-01", two_part_tariff=True, capacity_kw=30,
                       basic_charge_yuan_per_kw_month=25, months=3)
    assert result["violation_fee_yuan"] == "4500.00"
    assert result["lines"][0]["rule"] == "GB-2024 (1996 Art.100(4))"


# --- heat and gas (an enterprise's rules) ---

HEAT = HeatRules(code="HEAT-T", effective_from=date(2020, 1, 1), heating_price_yuan_per_m2_season=Decimal("25.00"),
                 connection_fee_yuan_per_m2=Decimal("10.00"), article="HEAT-T 第5条")
GAS = GasRules(code="GAS-T", effective_from=date(2020, 1, 1), price_yuan_per_m3=Decimal("2.8"),
               max_fee_multiple=Decimal(3), article="GAS-T 第7条", example=True)


def local(utility, act_date):
    return {"heat": HEAT, "gas": GAS}[utility] if act_date >= date(2020, 1, 1) else None


def test_heat_back_billing_by_area_and_season_and_fee_per_m2():
    # 120 m² × 25.00 × 2 seasons = 6000.00; fee 120 × 10.00 = 1200.00
    result = calculate({"kind": "theft", "utility": "heat", "act_date": "2025-01-10", "area_m2": 120, "seasons": 2},
                       local_rules=local)
    assert amounts(result) == ("6000.00", "1200.00", "7200.00")
    assert result["rule_set"] == "HEAT-T" and {line["rule"] for line in result["lines"]} == {"HEAT-T 第5条"}


def test_heat_unknown_seasons_counts_one():
    # 120 × 25.00 × 1 = 3000.00
    result = calculate({"kind": "violation", "utility": "heat", "act_date": "2025-01-10", "area_m2": 120},
                       local_rules=local)
    assert result["back_billing_yuan"] == "3000.00"


def test_gas_back_billing_and_multiple_of_the_rounded_amount():
    # 100.5 m³ × 2.8 = 281.40; 3 × 281.40 = 844.20; with 2: 562.80; example rules are labelled
    data = {"kind": "theft", "utility": "gas", "act_date": "2025-01-10", "volume_m3": 100.5}
    result = calculate(data, local_rules=local)
    assert amounts(result) == ("281.40", "844.20", "1125.60")
    assert result["note"] and "示例" in result["note"]
    assert calculate({**data, "fee_multiple": 2}, local_rules=local)["violation_fee_yuan"] == "562.80"
    # 33.333 m³ × 3.1 = 103.3323 -> 103.33; 3 × 103.33 = 309.99 (3 × 103.3323 would round to 310.00)
    assert amounts(calculate({**data, "volume_m3": 33.333, "price_yuan_per_m3": 3.1}, local_rules=local)) == (
        "103.33", "309.99", "413.32")
    assert set(errors({**data, "fee_multiple": 4}, local_rules=local)) == {"fee_multiple"}


def test_heat_and_gas_without_the_enterprise_rules_are_refused_naming_utility():
    data = {"kind": "theft", "utility": "gas", "act_date": "2019-01-10", "volume_m3": 1}
    assert set(errors(data, local_rules=local)) == {"utility"}
    assert set(errors(data)) == {"utility"}


# --- bad input names the field ---

@pytest.mark.parametrize(("change", "field"), [
    ({"capacity_kw": "1"}, "capacity_kw"),  # numbers are JSON numbers
    ({"capacity_kw": True}, "capacity_kw"),
    ({"capacity_kw": -1}, "capacity_kw"),
    ({"price_yuan_per_kwh": None}, "price_yuan_per_kwh"),  # required
    ({"act_date": "2020-13-01"}, "act_date"),
    ({"act_date": "2020-1-1"}, "act_date"),
    ({"customer_type": "farm"}, "customer_type"),
    ({"rule_set": "GB-2099"}, "rule_set"),
    ({"kind": "robbery"}, "kind"),
    ({"utility": "water"}, "utility"),
    ({"capacity_kva": 2}, "capacity_kva"),  # both kW and kVA
    ({"stolen_kwh": 100}, "stolen_kwh"),  # measured energy and capacity
    ({"hours_per_day": 25}, "hours_per_day"),
    ({"days": 0}, "days"),
    ({"capacty_kw": 1}, "capacty_kw"),  # a misspelt field is not taken as unknown
    ({"capacity_kw": 1e300}, "capacity_kw"),
    ({"capacity_kw": 0.1234567}, "capacity_kw"),
])
def test_bad_theft_input_is_refused_naming_the_field(change, field):
    data = {"kind": "theft", "act_date": "2020-01-15", "customer_type": "power", "capacity_kw": 1,
            "price_yuan_per_kwh": 0.6, **change}
    assert field in errors({k: v for k, v in data.items() if v is not None})


@pytest.mark.parametrize(("item", "fields", "missing"), [
    (1, {"energy_kwh": 1}, "price_difference_yuan_per_kwh"),
    (1, {"price_difference_yuan_per_kwh": 0.1, "capacity_kw": 1}, "hours_per_day"),
    (2, {"two_part_tariff": True, "capacity_kw": 1, "months": 1}, "basic_charge_yuan_per_kw_month"),
    (3, {"over_kw": 1, "times": 1, "over_energy_kwh": 1}, "price_yuan_per_kwh"),
    (4, {"capacity_kw": 1}, "times"),
    (5, {"times": 1.5}, "times"),
    (6, {}, "capacity_kw"),
    (7, {}, "item"),
])
def test_bad_violation_input_is_refused_naming_the_field(item, fields, missing):
    data = {"kind": "violation", "item": item, "act_date": "2020-01-15", "customer_type": "power",
            "two_part_tariff": False, **fields}
    assert missing in errors(data)


def test_input_that_is_not_an_object_is_refused():
    assert set(errors([1, 2])) == {"body"}


def test_legal_basis_catalogue_names_rule_set_and_article():
    codes = dict(legal_basis_choices())
    assert "GB-1996 Art.102" in codes and "GB-1996 Art.100(6)" in codes
    assert "第一百零二条" in codes["GB-1996 Art.102"]


def test_a_multiple_of_10_is_written_10_not_in_exponent_form():
    rules = GasRules(code="GAS-10", effective_from=date(2020, 1, 1), price_yuan_per_m3=Decimal("2.00"),
                     max_fee_multiple=Decimal("10.00"), article="GAS-10 第1条")
    # 10 m³ × 2.00 = 20.00; 10 × 20.00 = 200.00
    result = calculate({"kind": "theft", "utility": "gas", "act_date": "2025-01-10", "volume_m3": 10},
                       local_rules=lambda utility, act_date: rules)
    assert result["fee_multiple"] == "10"
    assert result["lines"][1]["text"] == "违约使用费 = 10 × 追补燃气费 20.00 元 = 200.00 元"
