"""Calendar API: when a time limit ends, and a year's rest and working days."""

from datetime import date, datetime

from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Path, Query, Router, Schema
from ninja.errors import ValidationError

from utilicase.calendar.selectors import work_calendar, year_info
from utilicase.calendar.services import MAX_MINUTES, MAX_WORKING_DAYS
from utilicase.core.i18n import Message, translated
from utilicase.core.workdays import parse_start

router = Router(tags=["calendar"])


class DueOut(Schema):
    due_date: str | None = None
    due_at: str
    provisional: bool


class YearOut(Schema):
    year: int
    official: bool
    source: str
    rest_days: list[date]
    working_days: list[date]
    loaded_at: datetime | None = None


def _invalid(field: str, message: str) -> ValidationError:
    """A 422 naming the field, its message (marked Chinese) in the request's language."""
    return ValidationError([{"type": "value_error", "loc": ["query", field],
                             "msg": f"{field}: {translated(message, gettext)}"}])


@router.get("/due", response=DueOut, exclude_none=True,
            summary="When a limit of N working days (or N minutes) from `start` ends")
def due(
    request: HttpRequest,
    start: str,
    working_days: int | None = Query(None, ge=0, le=MAX_WORKING_DAYS),
    minutes: int | None = Query(None, ge=0, le=MAX_MINUTES),
):
    """`start` is "2026-09-30 10:00", "2026-09-30T10:00:00+08:00" or a date (Asia/Shanghai when
    it has no offset). Give exactly one of `working_days` and `minutes`. The answer's `due_at`
    is the exclusive instant the limit ends (24:00 of `due_date` for working days)."""
    try:
        start_at = parse_start(start)
    except ValueError as exc:
        raise _invalid("start", exc.args[0]) from None
    if working_days is None and minutes is None:
        raise _invalid("working_days", Message("请给出 working_days 或 minutes。"))
    if working_days is not None and minutes is not None:
        raise _invalid("minutes", Message("working_days 与 minutes 只能给出一个。"))
    calendar = work_calendar()
    try:
        if working_days is not None:
            result = calendar.due_in_working_days(start_at, working_days)
        else:
            result = calendar.due_in_minutes(start_at, minutes)
    except ValueError as exc:
        raise _invalid("start", exc.args[0]) from None
    except OverflowError:
        raise _invalid("start", Message("期限超出了可表示的最后日期。")) from None
    return result.to_json()


@router.get("/years/{year}", response=YearOut, summary="A year's rest days and swapped working days")
def year(request: HttpRequest, year: int = Path(..., ge=1900, le=2100)):
    """`rest_days` are the weekdays that are not working days; `working_days` the weekend days
    that are (调休). `source` is "notice" (loaded by an administrator), "library" (the holidays
    package), "law" (no notice yet: weekends and the statutory holidays, answers are provisional)
    or "none" (no data: weekends only, answers are provisional)."""
    info = year_info(year=year)
    return {"year": info.year, "official": info.official, "source": info.source, "rest_days": info.rest_days,
            "working_days": info.working_days, "loaded_at": info.notice.loaded_at if info.notice else None}
