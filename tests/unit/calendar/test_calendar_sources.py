"""The calendar built from the `holidays` package: its official years, a day-by-day
cross-check against `chinese_calendar` (an independent transcription of the notices), and the
statutory holidays of the years after it, checked against the official years."""

from datetime import date, timedelta

import chinese_calendar

from tests.unit.calendar import notices
from utilicase.calendar.sources import (
    build_calendar,
    festival_dates,
    law_years,
    library_calendar,
    library_years,
)
from utilicase.core.workdays import parse_notice, statutory_holidays

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
    assert CAL.add_working_days(start, 1) == date(2027, 2, 9)  # provisional: eve 2/5 and 2/8 statutory


def test_years_after_the_package_have_their_statutory_holidays_and_no_swaps():
    assert law_years() == range(2027, 2101)
    assert CAL.rest_days_in(2027) == [date(2027, 1, 1), date(2027, 2, 5), date(2027, 2, 8), date(2027, 4, 5),
                                      date(2027, 6, 9), date(2027, 9, 15), date(2027, 10, 1)]
    # 2028: Spring Festival eve Tue 1/25 to day 3 Fri 1/28; Mid-Autumn on Tue 10/3.
    assert CAL.rest_days_in(2028) == [date(2028, 1, 25), date(2028, 1, 26), date(2028, 1, 27), date(2028, 1, 28),
                                      date(2028, 4, 4), date(2028, 5, 1), date(2028, 5, 2), date(2028, 10, 2),
                                      date(2028, 10, 3)]
    assert CAL.working_days_in(2027) == [] and CAL.working_days_in(2100) == []
    assert not CAL.is_official(2027) and not CAL.is_official(2100)


def test_years_before_the_package_have_weekends_only():
    assert CAL.rest_days_in(2000) == [] and CAL.working_days_in(2000) == []
    assert CAL.is_working_day(date(2000, 10, 2)) is True


def test_the_statutory_rule_agrees_with_the_official_years_2015_to_2026():
    # Every day the 2024 amendment's rule computes is a rest day in the official data (the
    # package's and chinese_calendar's alike), except the three days the 2013 law did not give:
    # 2 May (Labour Day was one day) and, in 2024, the Spring Festival eve.
    working = [d for year in range(2015, 2027) for d in statutory_holidays(year, festival_dates(year))
               if CAL.is_working_day(d) or chinese_calendar.is_workday(d)]
    assert working == [date(2017, 5, 2), date(2018, 5, 2), date(2024, 2, 9)]


def test_qingming_agrees_with_chinese_calendars_solar_terms_up_to_2100():
    computed = {y: festival_dates(y).qingming for y in law_years()}
    terms = {d.year: d for d, name in chinese_calendar.get_solar_terms(date(2027, 1, 1), date(2100, 12, 31))
             if name == "清明"}
    assert computed == terms


def test_the_lunar_new_year_of_the_next_years():
    # From the almanac (农历): 正月初一 of 2027-2030.
    assert [festival_dates(y).lunar_new_year for y in (2027, 2028, 2029, 2030)] == [
        date(2027, 2, 6), date(2028, 1, 26), date(2029, 2, 13), date(2030, 2, 3)]
    assert (festival_dates(2027).dragon_boat, festival_dates(2027).mid_autumn) == (date(2027, 6, 9), date(2027, 9, 15))
