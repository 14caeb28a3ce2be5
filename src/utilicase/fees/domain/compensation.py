"""Compensation for an outage of the company's supply to others caused by the customer's fault
(§2.7(5)), pure:

    charged hours = 1 when the outage lasted under 1 hour, else its actual time (minutes / 60),
                    rounded half-up to two places
    lost supply   = interrupted rate (kWh/h, GJ/h or m³/h) × charged hours, to two places
    amount        = lost supply × the previous month's average unit selling price of the
                    utility's enterprise (the month before the outage's month), rounded half-up
                    to the fen

The contract's input object:

    {"kind": "compensation", "utility": "electricity" | "heat" | "gas", "outage_minutes": N,
     "interrupted_rate_per_hour": R, "month": "YYYY-MM"}

and its output object: kind, utility, month, price_month, unit_price_yuan, outage_minutes,
charged_hours, lost_supply, unit, compensation_yuan (= total_yuan), lines, note."""

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from utilicase.core.i18n import Message, gettext_noop
from utilicase.fees.domain.errors import CalculationInvalid
from utilicase.fees.domain.inputs import REQUIRED, Reader
from utilicase.fees.domain.money import fen, plain, times, yuan

CLAUSE = "§2.7(5)"
UTILITIES = ("electricity", "heat", "gas")
UNITS = {"electricity": "kWh", "heat": "GJ", "gas": "m³"}
MAX_MINUTES = Decimal(60 * 24 * 366)  # a year
MAX_RATE = Decimal(10) ** 9  # per hour
MINIMUM_MINUTES = Decimal(60)
SHORT_OUTAGE = gettext_noop("停电时长 %(minutes)s 分钟，不足 1 小时按 1 小时计")
LONG_OUTAGE = gettext_noop("停电时长 %(minutes)s 分钟，按实际时间计 %(hours)s 小时")
UTILITY_LABELS = {"electricity": gettext_noop("电力"), "heat": gettext_noop("热力"), "gas": gettext_noop("燃气")}

# previous_month_price(utility, first day of the price month) -> yuan per unit, or None
MonthlyPrice = Callable[[str, date], Decimal | None]


def charged_hours(outage_minutes: Decimal) -> Decimal:
    """§2.7(5): under 1 hour counts as 1 hour; longer counts its actual time."""
    if outage_minutes < MINIMUM_MINUTES:
        return Decimal(1)
    return outage_minutes / MINIMUM_MINUTES


def previous_month(month: date) -> date:
    return date(month.year - 1, 12, 1) if month.month == 1 else date(month.year, month.month - 1, 1)


def _month(r: Reader, name: str) -> date | None:
    r.read.add(name)
    value = r.data.get(name)
    if value is None:
        r.fail(name, REQUIRED)
        return None
    try:
        if not isinstance(value, str) or len(value) != 7:
            raise ValueError
        return date.fromisoformat(value + "-01")
    except ValueError:
        r.fail(name, gettext_noop("应为 YYYY-MM 格式的月份。"))
        return None


def calculate_compensation(data, *, monthly_price: MonthlyPrice | None) -> dict:
    """The contract's output object for a compensation input object, or CalculationInvalid."""
    r = Reader(data)
    if r.errors:
        raise CalculationInvalid(r.errors)
    r.choice("kind", ("compensation",))
    utility = r.choice("utility", UTILITIES)
    minutes = r.number("outage_minutes", high=MAX_MINUTES, required=True, positive=True)
    rate = r.number("interrupted_rate_per_hour", high=MAX_RATE, required=True, positive=True)
    month = _month(r, "month")
    r.unknown_fields()
    price = None
    if utility is not None and month is not None:
        price_month = previous_month(month)
        price = monthly_price(utility, price_month) if monthly_price is not None else None
        if price is None:
            r.fail("month", Message("没有 %(month)s 的%(utility)s月平均售价：请先导入营销系统的月平均售价。",
                                    month=price_month.strftime("%Y-%m"), utility=UTILITY_LABELS[utility]))
    if r.errors:
        raise CalculationInvalid(r.errors)
    hours = fen(charged_hours(minutes))  # each quantity rounded to two places, so every line recomputes
    lost = fen(times(rate, hours))
    amount = fen(times(lost, price))
    unit = UNITS[utility]
    price_month_text = previous_month(month).strftime("%Y-%m")
    lines = [
        {"text": Message(SHORT_OUTAGE if minutes < MINIMUM_MINUTES else LONG_OUTAGE,
                         minutes=plain(minutes), hours=plain(hours)),
         "amount": None, "rule": CLAUSE},
        {"text": Message("少供量 = 中断负荷 %(rate)s %(unit)s/h × %(hours)s h = %(lost)s %(unit)s",
                         rate=plain(rate), unit=unit, hours=plain(hours), lost=plain(lost)),
         "amount": None, "rule": CLAUSE},
        {"text": Message("赔偿金额 = 少供量 × 上月（%(month)s）平均售价 %(price)s 元/%(unit)s = %(amount)s 元",
                         month=price_month_text, price=plain(price), unit=unit, amount=yuan(amount)),
         "amount": amount, "rule": CLAUSE},
    ]
    return {
        "kind": "compensation",
        "utility": utility,
        "month": month.strftime("%Y-%m"),
        "price_month": price_month_text,
        "unit_price_yuan": plain(price),
        "outage_minutes": plain(minutes),
        "charged_hours": plain(hours),
        "lost_supply": plain(lost),
        "unit": unit,
        "compensation_yuan": yuan(amount),
        "total_yuan": yuan(amount),
        "lines": [{"text": line["text"], "amount_yuan": None if line["amount"] is None else yuan(line["amount"]),
                   "rule": line["rule"]} for line in lines],
        "note": None,
    }
