"""Reading the State Council notice: real notices give exactly the `holidays` package's days;
bad text is refused with the line named."""

from datetime import date

import pytest

from tests.unit.calendar import notices
from utilicase.calendar.sources import library_days
from utilicase.core.workdays import NoticeParseError, parse_notice

LIB_REST, LIB_WORK = library_days()


def _library(year: int, parsed) -> tuple[set, set]:
    """The package's weekday rest days and weekend working days for the notice of `year`: from
    its first day (1 January, or a December day of the year before that the notice names) to its
    last day (later December days belong to the next year's New Year)."""
    named = (*parsed.rest_days, *parsed.working_days)
    first, last = min(date(year, 1, 1), *named), max(named)
    rest = {d for d in LIB_REST if first <= d <= last}
    work = {d for d in LIB_WORK if first <= d <= last}
    return rest, work


def test_2026_notice_gives_the_package_data():
    parsed = parse_notice(2026, notices.NOTICE_2026)
    assert parsed.working_days == (date(2026, 1, 4), date(2026, 2, 14), date(2026, 2, 28), date(2026, 5, 9),
                                   date(2026, 9, 20), date(2026, 10, 10))
    assert len(parsed.rest_days) == 3 + 9 + 3 + 5 + 3 + 3 + 7
    assert parsed.rest_days[0] == date(2026, 1, 1) and parsed.rest_days[-1] == date(2026, 10, 7)
    assert date(2026, 2, 15) in parsed.rest_days and date(2026, 2, 23) in parsed.rest_days
    rest, work = _library(2026, parsed)
    assert set(parsed.weekday_rest_days) == rest
    assert set(parsed.working_days) == work


@pytest.mark.parametrize("year, text", [
    (2025, notices.NOTICE_2025), (2024, notices.NOTICE_2024), (2023, notices.NOTICE_2023),
    # 2015 had a second notice (the 70th anniversary of the victory: 9/3-9/5 off, Sunday 9/6
    # worked); an administrator pastes it as one more holiday line.
    (2015, notices.NOTICE_2015 + "八、纪念日：9月3日（星期四）至5日（星期六）放假调休，共3天。9月6日（星期日）上班。\n"),
    (2006, notices.NOTICE_2006),
])
def test_older_notices_give_the_package_data(year, text):
    parsed = parse_notice(year, text)
    rest, work = _library(year, parsed)
    assert set(parsed.weekday_rest_days) == rest
    assert set(parsed.working_days) == work


def test_2025_notice_details():
    parsed = parse_notice(2025, notices.NOTICE_2025)
    assert date(2025, 1, 1) in parsed.rest_days  # "放假1天，不调休"
    assert date(2025, 6, 2) in parsed.rest_days  # "5月31日至6月2日": the range crosses a month
    assert date(2025, 10, 8) in parsed.rest_days
    assert parsed.working_days == (date(2025, 1, 26), date(2025, 2, 8), date(2025, 4, 27), date(2025, 9, 28),
                                   date(2025, 10, 11))


def test_encouraged_rest_on_new_years_eve_2024_is_not_a_rest_day():
    parsed = parse_notice(2024, notices.NOTICE_2024)
    assert date(2024, 2, 9) not in parsed.rest_days
    assert date(2024, 6, 10) in parsed.rest_days  # single day "6月10日放假"


def test_new_year_period_starting_in_the_year_before():
    parsed = parse_notice(2023, notices.NOTICE_2023)
    assert parsed.rest_days[:3] == (date(2022, 12, 31), date(2023, 1, 1), date(2023, 1, 2))
    assert date(2023, 10, 6) in parsed.rest_days  # "9月29日至10月6日" crosses a month


def test_new_year_december_dates_without_a_year_belong_to_the_year_before():
    text = "一、元旦：12月31日（周三）至1月2日（周五）放假，共3天。12月28日（周日）上班。"
    parsed = parse_notice(2015, text.replace("周三", "周三"))  # 2014-12-31 is a Wednesday
    assert parsed.rest_days == (date(2014, 12, 31), date(2015, 1, 1), date(2015, 1, 2))
    assert parsed.working_days == (date(2014, 12, 28),)


def test_old_style_notice_reads_swaps_of_the_year_before_and_lists_without_months():
    parsed = parse_notice(2006, notices.NOTICE_2006)
    assert parsed.working_days == (date(2005, 12, 31), date(2006, 1, 28), date(2006, 2, 5), date(2006, 4, 29),
                                   date(2006, 4, 30), date(2006, 9, 30), date(2006, 10, 8))


def test_extra_days_off_by_bu_xiu():
    parsed = parse_notice(2015, notices.NOTICE_2015)
    assert date(2015, 4, 6) in parsed.rest_days and date(2015, 6, 22) in parsed.rest_days
    assert date(2015, 9, 27) in parsed.rest_days


def test_a_notice_pasted_on_one_line_with_halfwidth_punctuation():
    text = ("现将2026年放假安排通知如下。一、元旦: 1月1日(周四)至3日(周六)放假调休,共3天。1月4日(周日)上班。"
            "二、春节: 2月15日(周日)至23日(周一)放假调休,共9天。2月14日(周六)、2月28日(周六)上班。")
    parsed = parse_notice(2026, text)
    assert parsed.working_days == (date(2026, 1, 4), date(2026, 2, 14), date(2026, 2, 28))
    assert len(parsed.rest_days) == 12


def test_fullwidth_digits_are_read():
    parsed = parse_notice(2026, "一、元旦：１月１日（周四）至３日（周六）放假调休，共３天。")
    assert parsed.rest_days == (date(2026, 1, 1), date(2026, 1, 2), date(2026, 1, 3))


def test_range_crossing_months_with_a_swap_list():
    parsed = parse_notice(2023, "六、中秋节、国庆节：9月29日至10月6日放假调休，共8天。10月7日（星期六）、10月8日（星期日）上班。")
    assert parsed.rest_days[0] == date(2023, 9, 29) and parsed.rest_days[-1] == date(2023, 10, 6)
    assert parsed.working_days == (date(2023, 10, 7), date(2023, 10, 8))


# -- refused ----------------------------------------------------------------------------------

def _error(year: int, text: str) -> NoticeParseError:
    with pytest.raises(NoticeParseError) as info:
        parse_notice(year, text)
    assert isinstance(info.value, ValueError)
    return info.value


def test_a_garbled_holiday_line_is_named():
    text = notices.NOTICE_2026.replace("至23日（农历正月初七、周一）", "至23（农历正月初七、周一）")
    err = _error(2026, text)
    assert err.line_no == 7
    assert "第7行" in str(err) and "二、春节" in str(err)


def test_a_weekday_that_does_not_match_the_year_is_refused():
    # The 2026 notice pasted as 2025's: the title says so first.
    assert "2026年的通知" in str(_error(2025, notices.NOTICE_2026))
    # Without the title, the weekdays give it away.
    body = notices.NOTICE_2026.split("如下。", 1)[1]
    err = _error(2025, body)
    assert "周四" in str(err) and "2025-01-01" in str(err)


def test_a_count_that_does_not_match_the_range_is_refused():
    err = _error(2026, "一、元旦：1月1日（周四）至3日（周六）放假调休，共4天。")
    assert "共4天" in str(err) and err.line_no == 1


def test_a_weekday_swap_is_refused():
    err = _error(2026, "一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月5日上班。")
    assert "2026-01-05" in str(err)


def test_a_day_both_off_and_on_is_refused():
    err = _error(2026, "一、元旦：1月1日至4日放假，共4天。\n二、春节：2月15日至23日放假。1月4日（周日）上班。")
    assert "2026-01-04" in str(err) and err.line_no == 2


def test_an_impossible_date_is_refused():
    assert "2月30日" in str(_error(2026, "二、春节：2月30日放假。"))


def test_a_holiday_line_without_dates_is_refused():
    err = _error(2026, "一、元旦：放假三天。")
    assert err.line_no == 1 and "一、元旦" in str(err)


def test_a_holiday_line_without_a_rest_day_is_refused():
    assert _error(2026, "一、元旦：1月4日（周日）上班。").line_no == 1


def test_text_without_any_holiday_is_refused():
    assert "没有找到" in str(_error(2026, "国务院办公厅\n2025年11月4日\n"))
    assert "没有找到" in str(_error(2026, ""))


def test_a_range_running_backwards_is_refused():
    assert _error(2026, "一、春节：2月23日至15日放假。").line_no == 1
