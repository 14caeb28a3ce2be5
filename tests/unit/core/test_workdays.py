"""The pure working-day calendar: concrete dates around the 2025 and 2026 holidays (from the
`holidays` package's data, checked here against the State Council notices), the year
boundary, provisional years, minute limits, and a property test against a naive loop."""

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from utilicase.calendar.sources import library_calendar
from utilicase.core.workdays import (
    SHANGHAI,
    Due,
    FestivalDates,
    WorkCalendar,
    due_in_minutes,
    parse_start,
    statutory_holidays,
)

CAL = library_calendar()


def at(text: str) -> datetime:
    return parse_start(text)


# -- is_working_day ---------------------------------------------------------------------------

@pytest.mark.parametrize("day, working", [
    # 2026 Spring Festival: 2/15 (Sun) - 2/23 (Mon) off, 2/14 (Sat) and 2/28 (Sat) worked.
    (date(2026, 2, 13), True), (date(2026, 2, 14), True), (date(2026, 2, 16), False),
    (date(2026, 2, 20), False), (date(2026, 2, 23), False), (date(2026, 2, 24), True),
    (date(2026, 2, 28), True), (date(2026, 3, 1), False),
    # 2026 National Day: 10/1-10/7 off, 9/20 (Sun) and 10/10 (Sat) worked.
    (date(2026, 9, 20), True), (date(2026, 9, 30), True), (date(2026, 10, 1), False),
    (date(2026, 10, 7), False), (date(2026, 10, 8), True), (date(2026, 10, 10), True),
    (date(2026, 10, 11), False),
    # 2026 New Year: 1/1-1/3 off, 1/4 (Sun) worked; Labour Day 5/1-5/5 off, 5/9 (Sat) worked.
    (date(2026, 1, 2), False), (date(2026, 1, 4), True), (date(2026, 5, 5), False), (date(2026, 5, 9), True),
    # 2025 Spring Festival: 1/28-2/4 off, 1/26 (Sun) and 2/8 (Sat) worked.
    (date(2025, 1, 26), True), (date(2025, 1, 27), True), (date(2025, 1, 28), False),
    (date(2025, 2, 4), False), (date(2025, 2, 5), True), (date(2025, 2, 8), True),
    # 2025 National Day + Mid-Autumn: 10/1-10/8 off, 9/28 (Sun) and 10/11 (Sat) worked.
    (date(2025, 9, 28), True), (date(2025, 10, 8), False), (date(2025, 10, 9), True),
    (date(2025, 10, 11), True), (date(2025, 10, 12), False),
    # An ordinary weekend and weekday.
    (date(2026, 3, 7), False), (date(2026, 3, 9), True),
])
def test_is_working_day_follows_the_notices(day, working):
    assert CAL.is_working_day(day) is working


# -- add_working_days -------------------------------------------------------------------------

@pytest.mark.parametrize("start, n, expected", [
    (date(2026, 9, 30), 1, date(2026, 10, 8)),
    (date(2026, 9, 30), 3, date(2026, 10, 10)),  # the swapped Saturday counts
    (date(2026, 9, 30), 5, date(2026, 10, 13)),
    (date(2026, 9, 30), 10, date(2026, 10, 20)),
    (date(2026, 2, 12), 1, date(2026, 2, 13)),
    (date(2026, 2, 12), 2, date(2026, 2, 14)),  # Saturday 2/14 is a working day
    (date(2026, 2, 12), 3, date(2026, 2, 24)),  # then nothing until after the festival
    (date(2026, 2, 12), 6, date(2026, 2, 27)),
    (date(2026, 2, 12), 7, date(2026, 2, 28)),
    (date(2025, 9, 26), 1, date(2025, 9, 28)),  # Sunday 9/28 worked
    (date(2025, 9, 26), 2, date(2025, 9, 29)),
    (date(2025, 9, 26), 4, date(2025, 10, 9)),
    (date(2025, 9, 26), 6, date(2025, 10, 11)),  # Saturday 10/11 worked
    (date(2025, 9, 26), 7, date(2025, 10, 13)),
    (date(2025, 1, 24), 1, date(2025, 1, 26)),
    (date(2025, 1, 24), 3, date(2025, 2, 5)),
    (date(2026, 10, 3), 0, date(2026, 10, 3)),  # 0 working days: the day itself
    (date(2026, 10, 1), 1, date(2026, 10, 8)),  # starting on a holiday
])
def test_add_working_days(start, n, expected):
    assert CAL.add_working_days(start, n) == expected


def test_year_boundary_2025_into_2026():
    # 2025-12-30 (Tue): 12/31 (1), then 1/1-1/3 off, 1/4 Sun worked (2), 1/5 (3) ... 1/9 (7).
    assert CAL.add_working_days(date(2025, 12, 30), 1) == date(2025, 12, 31)
    assert CAL.add_working_days(date(2025, 12, 30), 2) == date(2026, 1, 4)
    assert CAL.add_working_days(date(2025, 12, 30), 5) == date(2026, 1, 7)
    due = CAL.due_in_working_days(at("2025-12-30 16:00"), 5)
    assert due.to_json() == {"due_date": "2026-01-07", "due_at": "2026-01-08T00:00:00+08:00",
                             "provisional": False}


def test_negative_working_days_are_refused():
    with pytest.raises(ValueError):
        CAL.add_working_days(date(2026, 1, 5), -1)


def test_count_working_days_matches_add():
    assert CAL.count_working_days(date(2026, 9, 30), date(2026, 10, 13)) == 5
    assert CAL.count_working_days(date(2026, 1, 1), date(2026, 12, 31)) == 248  # 261 weekdays - 19 + 6
    assert CAL.count_working_days(date(2026, 10, 13), date(2026, 9, 30)) == 0


# -- due_in_working_days / due_in_minutes -----------------------------------------------------

def test_due_five_working_days_from_2026_09_30_ends_at_24_00_on_10_13():
    due = CAL.due_in_working_days(at("2026-09-30 10:00"), 5)
    assert due == Due(due_at=datetime(2026, 10, 14, tzinfo=SHANGHAI), due_date=date(2026, 10, 13),
                      provisional=False)
    assert due.to_json() == {"due_date": "2026-10-13", "due_at": "2026-10-14T00:00:00+08:00",
                             "provisional": False}


def test_due_ten_working_days_from_2026_09_30_is_10_20():
    assert CAL.due_in_working_days(at("2026-09-30 10:00"), 10).due_date == date(2026, 10, 20)


def test_acceptance_day_is_the_local_date_in_shanghai():
    # 2026-09-30 17:00 UTC is already 10/1 01:00 in Shanghai: counting starts after 10/1.
    start = datetime(2026, 9, 30, 17, 0, tzinfo=UTC)
    assert CAL.due_in_working_days(start, 1).due_date == date(2026, 10, 8)
    start = datetime(2026, 9, 29, 15, 59, tzinfo=UTC)  # 9/29 23:59 local
    assert CAL.due_in_working_days(start, 1).due_date == date(2026, 9, 30)


def test_due_needs_an_aware_start():
    with pytest.raises(ValueError):
        CAL.due_in_working_days(datetime(2026, 9, 30, 10), 5)


def test_due_in_minutes_is_the_instant_after():
    due = due_in_minutes(at("2026-09-30 10:00"), 15)
    assert due.to_json() == {"due_at": "2026-09-30T10:15:00+08:00", "provisional": False}
    assert due.due_date is None
    # Across midnight and given in UTC.
    due = CAL.due_in_minutes(datetime(2026, 9, 30, 15, 50, tzinfo=UTC), 15)
    assert due.due_at == datetime(2026, 10, 1, 0, 5, tzinfo=SHANGHAI)


def test_negative_minutes_are_refused():
    with pytest.raises(ValueError):
        due_in_minutes(at("2026-09-30 10:00"), -5)


# -- provisional years ------------------------------------------------------------------------

def test_a_year_without_a_notice_counts_its_statutory_holidays_and_is_provisional():
    assert not CAL.is_official(2031)
    # Tue; 10/1-10/3 (National Day, Mid-Autumn on 10/1 too) are rest days, not 10/1 alone.
    due = CAL.due_in_working_days(at("2031-09-30 10:00"), 5)
    assert due.to_json() == {"due_date": "2031-10-10", "due_at": "2031-10-11T00:00:00+08:00",
                             "provisional": True}


def test_crossing_into_a_year_without_a_notice_skips_new_years_day_and_is_provisional_6_7_iii_7():
    assert CAL.is_official(2026) and not CAL.is_official(2027)
    due = CAL.due_in_working_days(at("2026-12-28 09:00"), 5)
    assert due.due_date == date(2027, 1, 5)  # 12/29, 30, 31, (1/1 Fri is New Year's Day), 1/4, 1/5
    assert due.provisional is True
    # §6.7(iii)(7)'s 10 working days for a report accepted on Monday 28 December 2026: 12/29-31, 1/4-8, 1/11-12.
    assert CAL.due_in_working_days(at("2026-12-28 15:00"), 10).due_date == date(2027, 1, 12)
    # Ending inside the official year is not provisional.
    assert CAL.due_in_working_days(at("2026-12-28 09:00"), 3).provisional is False


def test_a_start_in_a_year_without_data_before_an_official_one_is_provisional():
    cal = WorkCalendar(official_years={2026}, rest_days=[], working_days=[])
    assert cal.due_in_working_days(at("2025-12-30 10:00"), 5).provisional is True
    assert cal.due_in_working_days(at("2026-01-05 10:00"), 5).provisional is False


def test_minute_limits_are_never_provisional():
    assert due_in_minutes(at("2031-01-01 00:00"), 15).provisional is False


# -- WorkCalendar construction ----------------------------------------------------------------

def test_weekend_holidays_change_nothing_and_are_dropped():
    cal = WorkCalendar(official_years={2026}, rest_days=[date(2026, 10, 3), date(2026, 10, 2)],
                       working_days=[date(2026, 10, 10)])
    assert cal.rest_days_in(2026) == [date(2026, 10, 2)]
    assert cal.working_days_in(2026) == [date(2026, 10, 10)]


def test_a_weekday_cannot_be_a_swapped_working_day():
    with pytest.raises(ValueError, match="2026-10-09"):
        WorkCalendar(official_years={2026}, rest_days=[], working_days=[date(2026, 10, 9)])


def test_a_day_cannot_be_both_rest_and_working():
    with pytest.raises(ValueError, match="2026-10-10"):
        WorkCalendar(official_years={2026}, rest_days=[date(2026, 10, 10)], working_days=[date(2026, 10, 10)])


def test_rest_and_working_days_of_2026():
    assert CAL.working_days_in(2026) == [date(2026, 1, 4), date(2026, 2, 14), date(2026, 2, 28),
                                         date(2026, 5, 9), date(2026, 9, 20), date(2026, 10, 10)]
    assert len(CAL.rest_days_in(2026)) == 19
    assert CAL.rest_days_in(2026)[0] == date(2026, 1, 1)
    assert CAL.rest_days_in(2026)[-1] == date(2026, 10, 7)


# -- parse_start ------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("2026-09-30 10:00", datetime(2026, 9, 30, 10, 0, tzinfo=SHANGHAI)),
    ("2026-09-30T10:00", datetime(2026, 9, 30, 10, 0, tzinfo=SHANGHAI)),
    ("2026-09-30T10:00:30", datetime(2026, 9, 30, 10, 0, 30, tzinfo=SHANGHAI)),
    ("2026-09-30T10:00:00+08:00", datetime(2026, 9, 30, 10, 0, tzinfo=SHANGHAI)),
    ("2026-09-30T02:00:00+00:00", datetime(2026, 9, 30, 10, 0, tzinfo=SHANGHAI)),
    ("2026-09-30", datetime(2026, 9, 30, 0, 0, tzinfo=SHANGHAI)),
])
def test_parse_start(text, expected):
    assert parse_start(text) == expected


@pytest.mark.parametrize("text", ["", "tomorrow", "2026-02-30", "2026-13-01 10:00", "2026-09-30 25:00",
                                  "30/09/2026", "2026-9-30"])
def test_parse_start_refuses_bad_dates(text):
    with pytest.raises(ValueError):
        parse_start(text)


# -- property: binary search agrees with a day-by-day loop ------------------------------------

def _naive_add(cal_rest: frozenset, cal_work: frozenset, start: date, n: int) -> date:
    day, left = start, n
    while left > 0:
        day += timedelta(days=1)
        if day in cal_work or (day.weekday() < 5 and day not in cal_rest):
            left -= 1
    return day


_REST = frozenset(d for y in range(2001, 2040) for d in CAL.rest_days_in(y))
_WORK = frozenset(d for y in range(2001, 2040) for d in CAL.working_days_in(y))


@settings(max_examples=400, deadline=None)
@given(start=st.dates(min_value=date(2015, 1, 1), max_value=date(2035, 12, 31)),
       n=st.integers(min_value=0, max_value=400))
def test_add_working_days_agrees_with_a_day_by_day_loop(start, n):
    assert CAL.add_working_days(start, n) == _naive_add(_REST, _WORK, start, n)


@settings(max_examples=200, deadline=None)
@given(start=st.dates(min_value=date(2015, 1, 1), max_value=date(2035, 12, 31)),
       n=st.integers(min_value=0, max_value=400))
def test_count_is_the_inverse_of_add(start, n):
    end = CAL.add_working_days(start, n)
    assert CAL.count_working_days(start, end) == n
    assert n == 0 or CAL.is_working_day(end)


def test_crossing_the_spring_festival_of_a_year_without_a_notice():
    # 2027: eve Fri 2/5, days 1-3 Sat 2/6 to Mon 2/8. Thu 2/4 + 5: 2/9, 10, 11, 12, 15.
    due = CAL.due_in_working_days(at("2027-02-04 10:00"), 5)
    assert (due.due_date, due.provisional) == (date(2027, 2, 15), True)
    assert CAL.count_working_days(date(2027, 2, 4), date(2027, 2, 12)) == 4


def test_a_statutory_holiday_on_a_weekend_has_no_guessed_substitute():
    # Labour Day 2027 is Sat 5/1 and Sun 5/2; Spring Festival days 1-2 are Sat 2/6 and Sun 2/7:
    # only the State Council notice may give days in lieu.
    assert [CAL.is_working_day(date(2027, 5, d)) for d in (3, 4)] == [True, True]
    assert [CAL.is_working_day(date(2027, 2, d)) for d in (9, 10)] == [True, True]


def test_statutory_holidays_of_the_2024_amendment():
    festivals = FestivalDates(lunar_new_year=date(2027, 2, 6), qingming=date(2027, 4, 5),
                              dragon_boat=date(2027, 6, 9), mid_autumn=date(2027, 9, 15))
    assert statutory_holidays(2027, festivals) == (
        date(2027, 1, 1), date(2027, 2, 5), date(2027, 2, 6), date(2027, 2, 7), date(2027, 2, 8),
        date(2027, 4, 5), date(2027, 5, 1), date(2027, 5, 2), date(2027, 6, 9), date(2027, 9, 15),
        date(2027, 10, 1), date(2027, 10, 2), date(2027, 10, 3))
    # Mid-Autumn on National Day's 3 October (2028) adds no day.
    festivals = FestivalDates(lunar_new_year=date(2028, 1, 26), qingming=date(2028, 4, 4),
                              dragon_boat=date(2028, 5, 28), mid_autumn=date(2028, 10, 3))
    assert len(statutory_holidays(2028, festivals)) == 12
    with pytest.raises(ValueError):
        statutory_holidays(2029, festivals)
