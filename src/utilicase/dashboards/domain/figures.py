"""The arithmetic of a dashboard's figures, pure: a rate is None when there is nothing to rate
(no made-up 0% or 100%), shown as a percentage with one decimal."""

from decimal import Decimal
from statistics import median


def rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def meets(value: float | None, target: float | None) -> bool | None:
    """Whether a rate reaches its target (None without a rate or a target)."""
    if value is None or target is None:
        return None
    return value >= target


def median_hours(seconds: list[float]) -> float | None:
    return round(median(seconds) / 3600, 1) if seconds else None


def money(value: Decimal | None) -> Decimal:
    return (value or Decimal("0")).quantize(Decimal("0.01"))
