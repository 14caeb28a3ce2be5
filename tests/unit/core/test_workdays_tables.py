"""The working-day lookup tables agree with a naive day-by-day walk: for random starts and N,
over the supported years and across both ends of the tables (where the answer comes from the
formula and the binary search instead), on the package's calendar and on random calendars
with rest and working days at the tables' edges; provisional flags from the years walked;
and the errors at the ends of the representable dates."""

from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from utilicase.calendar.sources import library_calendar
from utilicase.core.workdays import EARLIEST_YEAR, LATEST_YEAR, SHANGHAI, WorkCalendar

CAL = library_calendar()
YEARS = range(1995, 2110)
REST = frozenset(d for y in YEARS for d in CAL.rest_days_in(y))
WORK = frozenset(d for y in YEARS for d in CAL.working_days_in(y))

# The tables span EARLIEST_YEAR - 1 to LATEST_YEAR + 1: starts from a year before that to a
# year after, so walks begin outside, cross into and out of the tables.
LOW = date(EARLIEST_YEAR - 2, 1, 1)
HIGH = date(LATEST_YEAR + 2, 12, 31)


def walk(rest, work, start: date, n: int) -> date:
    day, left = start, n
    while left > 0:
        day += timedelta(days=1)
        if day in work or (day.weekday() < 5 and day not in rest):
            left -= 1
    return day


def walk_count(rest, work, start: date, end: date) -> int:
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        count += day in work or (day.weekday() < 5 and day not in rest)
    return count


def check(cal: WorkCalendar, rest, work, official, start: date, n: int, hour: int) -> None:
    expected = walk(rest, work, start, n)
    assert cal.add_working_days(start, n) == expected
    assert cal.count_working_days(start, expected) == n
    due = cal.due_in_working_days(datetime.combine(start, time(hour), tzinfo=SHANGHAI), n)
    assert due.due_date == expected
    assert due.due_at == datetime.combine(expected + timedelta(days=1), time(0), tzinfo=SHANGHAI)
    assert due.provisional == any(y not in official for y in range(start.year, expected.year + 1))
    # Asked twice (the second answer may be the kept one), the same.
    assert cal.due_in_working_days(datetime.combine(start, time(hour), tzinfo=SHANGHAI), n) == due


@settings(max_examples=200, deadline=None)
@given(start=st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)),
       n=st.integers(min_value=0, max_value=1000), hour=st.integers(min_value=0, max_value=23))
def test_the_package_calendar_agrees_with_a_day_by_day_walk(start, n, hour):
    check(CAL, REST, WORK, CAL.official_years, start, n, hour)


@settings(max_examples=200, deadline=None)
@given(start=st.one_of(st.dates(min_value=LOW, max_value=date(EARLIEST_YEAR, 3, 1)),
                       st.dates(min_value=date(LATEST_YEAR, 6, 1), max_value=HIGH)),
       n=st.integers(min_value=0, max_value=1000), hour=st.integers(min_value=0, max_value=23))
def test_across_the_ends_of_the_tables(start, n, hour):
    check(CAL, REST, WORK, CAL.official_years, start, n, hour)


_EDGES = [date(EARLIEST_YEAR - 1, 1, 1), date(LATEST_YEAR + 1, 12, 31)]
_NEAR_EDGE = st.sampled_from(_EDGES).flatmap(
    lambda edge: st.integers(min_value=-20, max_value=20).map(lambda k: edge + timedelta(days=k)))


@settings(max_examples=200, deadline=None)
@given(days=st.lists(st.one_of(_NEAR_EDGE, st.dates(min_value=LOW, max_value=HIGH)), max_size=60),
       official=st.sets(st.integers(min_value=EARLIEST_YEAR - 2, max_value=LATEST_YEAR + 2), max_size=100),
       start=st.one_of(_NEAR_EDGE, st.dates(min_value=LOW, max_value=HIGH)),
       n=st.integers(min_value=0, max_value=1000), hour=st.integers(min_value=0, max_value=23))
def test_random_calendars_with_days_at_the_table_edges(days, official, start, n, hour):
    rest = {d for d in days[::2] if d.weekday() < 5}
    work = {d for d in days[1::2] if d.weekday() >= 5}
    cal = WorkCalendar(official_years=official, rest_days=rest, working_days=work)
    check(cal, rest, work, official, start, n, hour)
    assert cal.is_working_day(start) == (start in work or (start.weekday() < 5 and start not in rest))


def test_the_tables_change_nothing_at_the_ends_of_the_representable_dates():
    with pytest.raises(ValueError):
        CAL.add_working_days(date(9999, 12, 28), 5)
    assert CAL.add_working_days(date(9999, 12, 27), 3) == date(9999, 12, 30)  # Mon 27 + 3: Thu 30
    with pytest.raises(ValueError):  # the Nth working day is the last representable day
        CAL.due_in_working_days(datetime(9999, 12, 27, 10, tzinfo=SHANGHAI), 4)
    assert CAL.add_working_days(date(1, 1, 1), 5) == date(1, 1, 8)  # Mon 1 January of year 1
    assert CAL.count_working_days(date(1, 1, 1), date(1, 1, 8)) == 5
    with pytest.raises(ValueError):
        CAL.add_working_days(date(2026, 9, 30), -1)


def test_a_working_day_table_lookup_gives_the_same_as_the_formula():
    # The table's counts start from the formula's count before the table: both agree at each end.
    for day in (date(EARLIEST_YEAR - 1, 1, 1), date(2026, 10, 8), date(LATEST_YEAR + 1, 12, 31)):
        o = day.toordinal()
        assert CAL._count_upto(o) == CAL._count_by_formula(o)
        assert CAL._count_upto(o + 1) == CAL._count_by_formula(o + 1)
