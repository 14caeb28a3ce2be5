"""Properties of the fee calculator over generated inputs: monotone in capacity and days, the
multiple applied once to the rounded back-billing, the unknown-duration floor, and every amount
rounded to the fen."""

from decimal import ROUND_HALF_UP, Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from utilicase.fees.domain.calculation import calculate

capacity = st.decimals(min_value=Decimal("0.01"), max_value=Decimal(10_000), places=2)
days = st.integers(min_value=1, max_value=3650)
hours = st.integers(min_value=1, max_value=24)
price = st.decimals(min_value=Decimal("0.0001"), max_value=Decimal(5), places=4)
customer_type = st.sampled_from(["residential", "lighting", "power"])
act_date = st.sampled_from(["2001-02-03", "2024-05-31", "2024-06-01", "2026-09-30"])


def theft(**fields):
    fields = {k: float(v) if isinstance(v, Decimal) else v for k, v in fields.items()}
    return calculate({"kind": "theft", **fields})


def d(text):
    return Decimal(text)


def fen(value):
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@settings(max_examples=200)
@given(capacity, capacity, days, hours, price, customer_type, act_date)
def test_theft_is_monotone_in_capacity(c1, c2, n_days, n_hours, p, kind, when):
    low, high = sorted((c1, c2))
    common = {"days": n_days, "hours_per_day": n_hours, "price_yuan_per_kwh": p, "customer_type": kind,
              "act_date": when}
    assert d(theft(capacity_kw=low, **common)["total_yuan"]) <= d(theft(capacity_kw=high, **common)["total_yuan"])


@settings(max_examples=200)
@given(capacity, days, days, price, customer_type, act_date)
def test_theft_is_monotone_in_days(c, d1, d2, p, kind, when):
    low, high = sorted((d1, d2))
    common = {"capacity_kw": c, "price_yuan_per_kwh": p, "customer_type": kind, "act_date": when}
    assert d(theft(days=low, **common)["total_yuan"]) <= d(theft(days=high, **common)["total_yuan"])


@settings(max_examples=200)
@given(capacity, st.one_of(st.none(), days), st.one_of(st.none(), hours), price, customer_type, act_date,
       st.one_of(st.none(), st.sampled_from([Decimal(1), Decimal("1.5"), Decimal(2), Decimal("2.75")])))
def test_the_multiple_is_applied_once_to_the_rounded_back_billing(c, n_days, n_hours, p, kind, when, multiple):
    fields = {"capacity_kw": c, "price_yuan_per_kwh": p, "customer_type": kind, "act_date": when}
    if n_days is not None:
        fields["days"] = n_days
    if n_hours is not None:
        fields["hours_per_day"] = n_hours
    if multiple is not None and when >= "2024-06-01":
        fields["fee_multiple"] = multiple
    result = theft(**fields)
    energy, back, fee = d(result["energy_kwh"]), d(result["back_billing_yuan"]), d(result["violation_fee_yuan"])
    m = d(result["fee_multiple"])
    assert m == (multiple if "fee_multiple" in fields else 3)
    assert back == fen(energy * p)
    assert fee == fen(m * back)
    assert d(result["total_yuan"]) == back + fee
    # every amount is rounded to the fen, and the lines' amounts are the result's
    for text in (result["back_billing_yuan"], result["violation_fee_yuan"], result["total_yuan"]):
        assert d(text).as_tuple().exponent == -2
    assert [line["amount_yuan"] for line in result["lines"] if line["amount_yuan"]] == [
        result["back_billing_yuan"], result["violation_fee_yuan"]]


@settings(max_examples=200)
@given(capacity, price, customer_type, act_date, st.integers(min_value=1, max_value=180))
def test_unknown_duration_is_the_floor_of_180_days_at_the_type_hours(c, p, kind, when, known_days):
    hours_by_type = {"power": 12, "lighting": 6, "residential": 6}
    common = {"capacity_kw": c, "price_yuan_per_kwh": p, "customer_type": kind, "act_date": when}
    unknown = theft(**common)
    assert unknown == {**theft(days=180, hours_per_day=hours_by_type[kind], **common),
                       "lines": unknown["lines"]}
    assert unknown["energy_kwh"] == f"{fen(c * 180 * hours_by_type[kind]):f}"
    known = theft(days=known_days, hours_per_day=hours_by_type[kind], **common)
    assert d(known["total_yuan"]) <= d(unknown["total_yuan"])


@settings(max_examples=100)
@given(capacity, capacity, st.integers(min_value=1, max_value=6), act_date)
def test_violation_items_are_monotone_in_capacity(c1, c2, item, when):
    if item == 3 and when >= "2024-06-01":
        item = 6
    low, high = sorted((c1, c2))

    def total(cap):
        fields = {1: {"price_difference_yuan_per_kwh": 0.3, "capacity_kw": float(cap), "hours_per_day": 8},
                  2: {"capacity_kw": float(cap)},
                  3: {"over_kw": float(cap), "times": 2, "over_energy_kwh": 10, "price_yuan_per_kwh": 0.5},
                  4: {"capacity_kw": float(cap), "times": 1},
                  5: {"times": 1},
                  6: {"capacity_kw": float(cap)}}[item]
        return d(calculate({"kind": "violation", "item": item, "act_date": when, "customer_type": "power",
                            "two_part_tariff": False, **fields})["total_yuan"])

    assert total(low) <= total(high)
