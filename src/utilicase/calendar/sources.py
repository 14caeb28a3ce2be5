"""Where the working-day calendar's days come from: the `holidays` package for the years it
has the State Council notice for, the notices administrators load, each of which replaces
the package's data for its year and makes that year official, and, for the later years
without a notice, the statutory holidays (provisional until the notice). No database access here."""

from collections.abc import Iterable
from datetime import date
from functools import lru_cache
from typing import Protocol

import holidays
from holidays.calendars import _ChineseLunisolar
from holidays.countries.china import ChinaStaticHolidays

from utilicase.core.workdays import FestivalDates, WorkCalendar, statutory_holidays

# The package follows the notices from 2001 (its documented limitation); each later year is
# official once the package lists that year's swaps, i.e. up to the newest notice it ships.
FIRST_LIBRARY_YEAR = 2001
# The last year the package's lunisolar tables cover (and the last a notice may be loaded for).
LAST_LAW_YEAR = 2100


def library_years() -> range:
    return range(FIRST_LIBRARY_YEAR, max(ChinaStaticHolidays.special_public_holidays) + 1)


@lru_cache(maxsize=1)
def library_days() -> tuple[frozenset[date], frozenset[date]]:
    """(rest days falling Monday-Friday, weekend working days) of the package's official years.
    A holiday on a weekend changes nothing, so it is left out."""
    years = library_years()
    china = holidays.China(years=years)
    rest = frozenset(d for d in china if d.year in years and d.weekday() < 5)
    # weekend_workdays also carries swaps dated in the year before a notice's year
    # (2001-12-29 for New Year 2002); keep every one inside the official span.
    work = frozenset(d for d in china.weekend_workdays if d.year in years)
    return rest, work


def law_years() -> range:
    """The years after the package's newest notice: without a notice, their statutory holidays
    are rest days (see `statutory_holidays`)."""
    return range(library_years().stop, LAST_LAW_YEAR + 1)


def festival_dates(year: int) -> FestivalDates:
    lunisolar = _ChineseLunisolar()
    return FestivalDates(
        lunar_new_year=lunisolar.lunar_new_year_date(year)[0],
        qingming=lunisolar.qingming_date(year)[0],
        dragon_boat=lunisolar.dragon_boat_date(year)[0],
        mid_autumn=lunisolar.mid_autumn_date(year)[0],
    )


@lru_cache(maxsize=1)
def law_days() -> frozenset[date]:
    """The statutory holidays of the law years falling Monday-Friday."""
    return frozenset(d for year in law_years() for d in statutory_holidays(year, festival_dates(year))
                     if d.weekday() < 5)


class YearDays(Protocol):
    year: int
    rest_days: Iterable[date]
    working_days: Iterable[date]


def build_calendar(notices: Iterable[YearDays] = ()) -> WorkCalendar:
    """The package's data and the law years' statutory holidays, with each loaded notice
    replacing the days of its year. A notice's own days win over anything else on the same
    date (a New Year period may start on 31 December of the year before)."""
    notices = sorted(notices, key=lambda n: n.year)
    loaded = {n.year for n in notices}
    lib_rest, lib_work = library_days()
    rest = {d for d in lib_rest | law_days() if d.year not in loaded}
    work = {d for d in lib_work if d.year not in loaded}
    for notice in notices:
        n_rest, n_work = set(notice.rest_days), set(notice.working_days)
        rest = (rest - n_work) | n_rest
        work = (work - n_rest) | n_work
    return WorkCalendar(official_years=set(library_years()) | loaded, rest_days=rest, working_days=work)


@lru_cache(maxsize=1)
def library_calendar() -> WorkCalendar:
    """The calendar from the package alone (no loaded notices)."""
    return build_calendar(())
