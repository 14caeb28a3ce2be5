"""Reads of the calendar: the working-day calendar in force, a year's days, open deadlines."""

import heapq
from dataclasses import dataclass
from datetime import date, datetime
from itertools import islice

from django.db.models import BooleanField, Case, F, Q, QuerySet, Value, When
from django.db.models.base import Model

from utilicase.calendar.models import Deadline, HolidayNotice
from utilicase.calendar.sources import build_calendar, law_years, library_years
from utilicase.core.workdays import NoticeDays, WorkCalendar

# (rows the calendar was built from, the calendar). The key is the loaded notices' data itself,
# read with one small query, so a notice loaded by any process is seen by every process.
_cached: tuple[tuple, WorkCalendar] | None = None


def work_calendar() -> WorkCalendar:
    """The calendar in force: the `holidays` package plus every loaded notice."""
    global _cached
    rows = tuple(
        (year, tuple(rest), tuple(work))
        for year, rest, work in HolidayNotice.objects.order_by("year").values_list(
            "year", "rest_days", "working_days")
    )
    cached = _cached
    if cached is not None and cached[0] == rows:
        return cached[1]
    calendar = build_calendar(
        NoticeDays(year=year, rest_days=tuple(map(date.fromisoformat, rest)),
                   working_days=tuple(map(date.fromisoformat, work)))
        for year, rest, work in rows
    )
    _cached = (rows, calendar)
    return calendar


@dataclass(frozen=True)
class YearInfo:
    year: int
    official: bool
    source: str  # "notice" (loaded by an administrator), "library" (holidays package), "law"
    # (no notice yet: the statutory holidays alone) or "none" (weekends only)
    rest_days: list[date]  # the weekdays that are not working days
    working_days: list[date]  # the weekend days that are working days
    notice: HolidayNotice | None


def year_info(*, year: int) -> YearInfo:
    calendar = work_calendar()
    notice = HolidayNotice.objects.select_related("loaded_by").filter(year=year).first()
    if notice:
        source = "notice"
    else:
        source = "library" if year in library_years() else "law" if year in law_years() else "none"
    return YearInfo(year=year, official=calendar.is_official(year), source=source,
                    rest_days=calendar.rest_days_in(year), working_days=calendar.working_days_in(year),
                    notice=notice)


def open_deadlines_for(*, user, now: datetime, limit: int = 50) -> list[Deadline]:
    """The user's first `limit` open deadlines, soonest first: those they own, and those of
    their home unit that nobody owns. Each carries `is_overdue` (due_at <= now), derived here,
    never stored. Two queries, each read in due order from its index, merged here (an OR of
    the two could not be read in order)."""
    if not user.is_authenticated or not user.is_active:
        return []
    parts = [Deadline.objects.filter(owner=user, met_at__isnull=True)]
    if user.unit_id is not None:
        parts.append(Deadline.objects.filter(owner__isnull=True, owner_unit_id=user.unit_id, met_at__isnull=True))
    ordered = [with_overdue(part, now=now).order_by("due_at", "id")[:limit] for part in parts]
    return list(islice(heapq.merge(*ordered, key=lambda d: (d.due_at, d.id)), limit))


def met_in_time_q(done: str, due: str) -> Q:
    """`core.workdays.met_in_time` in the database: the field `done` is strictly before `due`."""
    return Q(**{f"{done}__lt": F(due)})


def overdue_q(due: str, now: datetime) -> Q:
    """`core.workdays.is_overdue` in the database: `due` is at or before `now` (whether the
    obligation is still open is the caller's condition)."""
    return Q(**{f"{due}__lte": now})


def with_overdue(queryset: QuerySet[Deadline], *, now: datetime) -> QuerySet[Deadline]:
    return queryset.annotate(is_overdue=Case(
        When(Q(met_at__isnull=True) & overdue_q("due_at", now), then=Value(True)),
        default=Value(False), output_field=BooleanField(),
    ))


def deadlines_for(*, target: Model, now: datetime) -> QuerySet[Deadline]:
    """Every deadline of one record, oldest first. Callers check that the user may see it."""
    return with_overdue(Deadline.objects.filter(target_type=target._meta.label_lower, target_id=str(target.pk)),
                        now=now).order_by("start_at", "id")
