"""The compensation calculation (§2.7(5)), pure: under 1 hour counts as 1 hour, longer its actual
time; lost supply × the previous month's average unit price."""

from datetime import date
from decimal import Decimal

import pytest

from utilicase.fees.domain.calculation import calculate
from utilicase.fees.domain.compensation import charged_hours, previous_month
from utilicase.fees.domain.errors import CalculationInvalid

PRICES = {("electricity", date(2026, 5, 1)): Decimal("0.5123"), ("heat", date(2025, 12, 1)): Decimal("45.6")}


def price(utility, month):
    return PRICES.get((utility, month))


def _calc(**kw):
    data = {"kind": "compensation", "utility": "electricity", "outage_minutes": 20,
            "interrupted_rate_per_hour": 800, "month": "2026-06", **kw}
    return calculate(data, monthly_price=price)


def test_outage_under_one_hour_counts_as_one_hour_s2_7_5():
    result = _calc(outage_minutes=20)
    # 800 kWh/h × 1 h = 800 kWh × 0.5123 (May 2026, the month before June) = 409.84
    assert (result["charged_hours"], result["lost_supply"], result["compensation_yuan"], result["total_yuan"]) == \
        ("1", "800", "409.84", "409.84")
    assert result["price_month"] == "2026-05" and result["unit_price_yuan"] == "0.5123"
    assert result["lines"][0]["text"] == "停电时长 20 分钟，不足 1 小时按 1 小时计"
    assert result["lines"][-1] == {"text": "赔偿金额 = 少供量 × 上月（2026-05）平均售价 0.5123 元/kWh = 409.84 元",
                                   "amount_yuan": "409.84", "rule": "§2.7(5)"}


def test_outage_over_one_hour_counts_its_actual_time_s2_7_5():
    # 90 min = 1.5 h × 800 = 1200 kWh × 0.5123 = 614.76 (not 2 h, not 1 h)
    assert _calc(outage_minutes=90)["compensation_yuan"] == "614.76"
    # 100 min = 1.67 h (rounded) × 800 = 1336 kWh × 0.5123 = 684.43
    result = _calc(outage_minutes=100)
    assert (result["charged_hours"], result["lost_supply"], result["compensation_yuan"]) == ("1.67", "1336", "684.43")
    assert charged_hours(Decimal(59)) == 1 and charged_hours(Decimal(60)) == 1 and charged_hours(Decimal(61)) > 1


def test_price_is_the_previous_months_across_the_year_s2_7_5():
    assert previous_month(date(2026, 1, 1)) == date(2025, 12, 1)
    result = calculate({"kind": "compensation", "utility": "heat", "outage_minutes": 120,
                        "interrupted_rate_per_hour": 2.5, "month": "2026-01"}, monthly_price=price)
    # 2 h × 2.5 GJ/h = 5 GJ × 45.6 = 228.00
    assert (result["unit"], result["lost_supply"], result["compensation_yuan"]) == ("GJ", "5", "228.00")


def test_missing_price_and_bad_fields_are_named_s2_7_5():
    with pytest.raises(CalculationInvalid) as exc:
        _calc(month="2026-08")
    assert set(exc.value.errors) == {"month"} and "2026-07" in exc.value.errors["month"]
    with pytest.raises(CalculationInvalid) as exc:
        calculate({"kind": "compensation", "utility": "water", "outage_minutes": 0, "month": "2026/06",
                   "extra": 1}, monthly_price=price)
    assert set(exc.value.errors) == {"utility", "outage_minutes", "interrupted_rate_per_hour", "month", "extra"}
