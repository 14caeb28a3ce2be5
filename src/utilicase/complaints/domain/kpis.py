"""Complaint KPIs (§6.6(8): reply within 5 working days, reply rate 100%), pure.

For one unit and one month of acceptance:

- received: complaints accepted (reception started) in the month;
- replied: those with a reply recorded; reply rate = replied / received (target 100%);
- replied on time: replied by the end of the reply deadline (24:00 of the 5th working day);
  on-time rate = replied on time / received, so 100% means every complaint of the month was
  answered in time;
- median time to reply: plain elapsed time from the start of reception to the reply, in hours
  (calendar time, not working hours);
- overdue now: not replied and the reply deadline has passed;
- satisfaction (the return visit after the reply, 回访): visited, the complaints whose customer
  was reached at a return visit; satisfied, those whose latest such visit found the customer
  satisfied or basically satisfied; satisfaction rate = satisfied / visited.

And, per receiving hall, how promptly back-office complaints are passed on (§6.6(6): 及时将需要
后台处理的投诉记录传递给相关部门): routed, the complaints of the month first routed; median
minutes to route, from the completed form to the first routing (plain elapsed minutes).

A rate is None when nothing was received (no rate rather than a made-up 0% or 100%). The
counts are made by the database (complaints.selectors.complaint_kpis); the arithmetic is here.
"""

from dataclasses import dataclass
from statistics import median


@dataclass(frozen=True)
class Figures:
    received: int
    replied: int
    reply_rate: float | None
    replied_on_time: int
    on_time_rate: float | None
    median_hours_to_reply: float | None
    overdue_now: int
    visited: int = 0
    satisfied: int = 0
    satisfaction_rate: float | None = None


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def from_counts(*, received: int, replied: int, replied_on_time: int, overdue_now: int,
                hours: list[float], visited: int = 0, satisfied: int = 0) -> Figures:
    """The figures from counts made elsewhere (by the database); `hours` are the times taken
    to reply, all of them or only the middle one or two (the median is the same)."""
    return Figures(
        received=received,
        replied=replied,
        reply_rate=_rate(replied, received),
        replied_on_time=replied_on_time,
        on_time_rate=_rate(replied_on_time, received),
        median_hours_to_reply=round(median(hours), 2) if hours else None,
        overdue_now=overdue_now,
        visited=visited,
        satisfied=satisfied,
        satisfaction_rate=_rate(satisfied, visited),
    )


@dataclass(frozen=True)
class RoutingFigures:
    routed: int
    median_minutes_to_route: float | None


def routing_from_counts(*, routed: int, minutes: list[float]) -> RoutingFigures:
    """`minutes`: the times from form to first routing, all or only the middle one or two."""
    return RoutingFigures(routed=routed, median_minutes_to_route=round(median(minutes), 1) if minutes else None)
