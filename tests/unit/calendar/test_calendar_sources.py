"""The calendar built from the `holidays` package: its official years, and a day-by-day
cross-check against `chinese_calendar` (an independent transcription of the notices)."""

from datetime import date, timedelta

import chinese_calendar
import pytest

from tests.unit.calendar import notices
from utilicase.calendar.sources import build_calendar, library_calendar, library_years
from utilicase.core.workdays import parse_notice

CAL = library_calendar()


def _days(first: date, last: date):
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


def test_official_years_run_from_2001_to_the_newest_notice_in_the_package():
    years = library_years()
    assert years.start == 2001
    assert 2026 in years
    assert CAL.is_official(2001) and CAL.is_official(2026)
    assert not CAL.is_official(2000)
    assert not CAL.is_official(years.stop)


def test_every_day_of_2015_to_2026_agrees_with_chinese_calendar():
    disagreements = [d for d in _days(date(2015, 1, 1), date(2026, 12, 31))
                     if CAL.is_working_day(d) != chinese_calendar.is_workday(d)]
    assert disagreements == []


def test_2004_to_2014_disagree_only_on_2005_12_31_where_the_notice_sides_with_holidays():
    disagreements = [d for d in _days(date(2004, 1, 1), date(2014, 12, 31))
                     if CAL.is_working_day(d) != chinese_calendar.is_workday(d)]
    assert disagreements == [date(2005, 12, 31)]
    # 国办发明电〔2005〕35号 (the 2006 notice), item 一: "…12月31日（星期六）上班。"
    # The holidays package has it as a working day; chinese_calendar as a rest day: the
    # package is right, and it is what the calendar uses.
    assert CAL.is_working_day(date(2005, 12, 31)) is True
    assert date(2005, 12, 31) in parse_notice(2006, notices.NOTICE_2006).working_days


def test_a_loaded_notice_replaces_the_package_data_of_its_year():
    # A (made-up) different 2026: only National Day, 10/1-10/8, with 9/27 (Sun) worked.
    text = "一、国庆节：10月1日（周四）至8日（周四）放假调休，共8天。9月27日（周日）上班。"
    cal = build_calendar([parse_notice(2026, text)])
    assert cal.is_working_day(date(2026, 2, 16)) is True  # the package's Spring Festival is gone
    assert cal.is_working_day(date(2026, 2, 14)) is False  # and its swapped Saturday
    assert cal.is_working_day(date(2026, 10, 8)) is False
    assert cal.is_working_day(date(2026, 9, 27)) is True
    assert cal.is_working_day(date(2025, 10, 8)) is False  # other years keep the package data
    assert cal.working_days_in(2026) == [date(2026, 9, 27)]


def test_a_loaded_year_without_package_data_becomes_official():
    cal = build_calendar([parse_notice(2027, notices.NOTICE_2027)])
    assert cal.is_official(2027)
    assert cal.is_working_day(date(2027, 2, 8)) is False
    assert cal.is_working_day(date(2027, 2, 20)) is True
    start = date(2027, 2, 4)
    assert cal.add_working_days(start, 1) == date(2027, 2, 15)
    assert CAL.add_working_days(start, 1) == date(2027, 2, 5)


@pytest.mark.parametrize("year", [2027, 2031, 2100])
def test_years_without_data_have_weekends_only(year):
    assert CAL.rest_days_in(year) == [] and CAL.working_days_in(year) == []
    assert CAL.is_working_day(date(year, 10, 1)) is (date(year, 10, 1).weekday() < 5)
