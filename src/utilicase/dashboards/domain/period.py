"""The period of a dashboard, pure: a month ("2026-11"), a quarter ("2026-Q4"), a year ("2026")
or any first and last day, both included (Asia/Shanghai days; the selectors turn them into times)."""

import re
from dataclasses import dataclass
from datetime import date, timedelta

FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2100, 12, 31)


@dataclass(frozen=True)
class Period:
    first: date  # included
    last: date   # included

    @property
    def end(self) -> date:
        """The day after the last: the exclusive bound."""
        return self.last + timedelta(days=1)


def month(day: date) -> Period:
    first = day.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return Period(first, following - timedelta(days=1))


def quarter(year: int, q: int) -> Period:
    first = date(year, 3 * (q - 1) + 1, 1)
    return Period(first, month(date(year, 3 * q, 1)).last)


def year(y: int) -> Period:
    return Period(date(y, 1, 1), date(y, 12, 31))


def parse(text: str) -> Period | None:
    """"2026-11", "2026-Q4" (or "2026q4"), "2026"; None for anything else or a year out of range."""
    text = (text or "").strip().upper()
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})", text):
        y, mo = int(m[1]), int(m[2])
        ok = 1 <= mo <= 12
        return month(date(y, mo, 1)) if ok and FIRST_DAY.year <= y <= LAST_DAY.year else None
    if m := re.fullmatch(r"(\d{4})-?Q([1-4])", text):
        y = int(m[1])
        return quarter(y, int(m[2])) if FIRST_DAY.year <= y <= LAST_DAY.year else None
    if m := re.fullmatch(r"(\d{4})", text):
        y = int(m[1])
        return year(y) if FIRST_DAY.year <= y <= LAST_DAY.year else None
    return None


def between(first: date, last: date) -> Period | None:
    """From `first` to `last`, both included, clamped to the supported years; None when reversed."""
    first, last = max(first, FIRST_DAY), min(last, LAST_DAY)
    return Period(first, last) if first <= last else None
