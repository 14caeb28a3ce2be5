"""Reply KPIs of the reports received in a month (§6.7(iii)(7): reply within 10 working days
from receipt, reply rate 100%)."""

from dataclasses import dataclass
from datetime import datetime
from statistics import median

from utilicase.core.workdays import is_overdue, met_in_time


@dataclass(frozen=True)
class ReplyRow:
    received_at: datetime
    due_at: datetime | None  # exclusive: replied before it is on time
    replied_at: datetime | None  # or closed as not a report


@dataclass(frozen=True)
class ReplyKpis:
    received: int
    replied: int
    reply_rate: float | None  # 0..1; None when nothing was received
    replied_on_time: int
    on_time_rate: float | None  # of those received
    overdue_now: int
    median_hours_to_reply: float | None


def _rate(part: int, whole: int) -> float | None:
    return None if whole == 0 else round(part / whole, 4)


def reply_kpis(rows: list[ReplyRow], *, now: datetime) -> ReplyKpis:
    replied = [r for r in rows if r.replied_at is not None]
    on_time = [r for r in replied if r.due_at is not None and met_in_time(r.replied_at, r.due_at)]
    overdue = [r for r in rows if r.replied_at is None and r.due_at is not None and is_overdue(r.due_at, now)]
    hours = [(r.replied_at - r.received_at).total_seconds() / 3600 for r in replied]
    return ReplyKpis(
        received=len(rows),
        replied=len(replied),
        reply_rate=_rate(len(replied), len(rows)),
        replied_on_time=len(on_time),
        on_time_rate=_rate(len(on_time), len(rows)),
        overdue_now=len(overdue),
        median_hours_to_reply=round(median(hours), 1) if hours else None,
    )
