"""§2.6(4): the fees are of an act that took place: the calculator refuses an act dated after the
day it is given as today, and calculates one dated that day."""

from datetime import date

import pytest

from utilicase.fees.domain.calculation import calculate
from utilicase.fees.domain.errors import CalculationInvalid

THEFT = {"kind": "theft", "utility": "electricity", "rule_set": "auto", "customer_type": "residential",
         "capacity_kw": 1, "price_yuan_per_kwh": 0.6}


def test_an_act_after_today_is_refused_naming_the_date_s2_6_4():
    with pytest.raises(CalculationInvalid) as refused:
        calculate({**THEFT, "act_date": "2026-06-02"}, today=date(2026, 6, 1))
    message = refused.value.errors["act_date"]
    assert str(message).startswith("§2.6(4)") and "2026-06-02" in str(message) and "2026-06-01" in str(message)


def test_an_act_of_today_is_calculated_s2_6_4():
    assert calculate({**THEFT, "act_date": "2026-06-01"}, today=date(2026, 6, 1))["act_date"] == "2026-06-01"
