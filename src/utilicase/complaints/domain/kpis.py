"""Complaint KPIs (§6.6(8): reply within 5 working days, reply rate 100%), pure.

For one unit and one month of acceptance:

- received: complaints accepted (reception started) in the month;
- replied: those with a reply recorded; reply rate = replied / received (target 100%);
- replied on time: replied by the end of the reply deadline (24:00 of the 5th working day);
  on-time rate = replied on time / received, so 100% means every complaint of the month was
  answered in time;
- median time to reply: plain elapsed time from the start of reception to the reply, in hours
  (calendar time, not working hours);
- overdue now: not replied and the reply deadline has passed.

A rate is None when nothing was received (no rate rather than a made-up 0% or 100%).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from statistics import median


@dataclass(frozen=True)
class Row:
    """One complaint as the KPIs see it."""

    unit_key: object
    started_at: datetime
    replied_at: datetime | None
    reply_due_at: datetime | None


@dataclass(frozen=True)
class Figures:
    received: int
    replied: int
    reply_rate: float | None
    replied_on_time: int
    on_time_rate: float | None
    median_hours_to_reply: float | None
    overdue_now: int


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def figures(rows: Iterable[Row], *, now: datetime) -> Figures:
    rows = list(rows)
    replied = [r for r in rows if r.replied_at is not None]
    on_time = [r for r in replied if r.reply_due_at is None or r.replied_at <= r.reply_due_at]
    overdue = [r for r in rows if r.replied_at is None and r.reply_due_at is not None and r.reply_due_at < now]
    hours = [(r.replied_at - r.started_at).total_seconds() / 3600 for r in replied]
    return Figures(
        received=len(rows),
        replied=len(replied),
        reply_rate=_rate(len(replied), len(rows)),
        replied_on_time=len(on_time),
        on_time_rate=_rate(len(on_time), len(rows)),
        median_hours_to_reply=round(median(hours), 2) if hours else None,
        overdue_now=len(overdue),
    )


def figures_by_unit(rows: Iterable[Row], *, now: datetime) -> dict[object, Figures]:
    """Figures per unit key, in the order the units first appear."""
    groups: dict[object, list[Row]] = {}
    for row in rows:
        groups.setdefault(row.unit_key, []).append(row)
    return {key: figures(group, now=now) for key, group in groups.items()}
