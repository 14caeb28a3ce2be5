"""KPI arithmetic (§6.6(8)), without a database."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from utilicase.complaints.domain.kpis import Row, figures, figures_by_unit

SH = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 9, 30, 10, 0, tzinfo=SH)
START = datetime(2026, 9, 1, 10, 0, tzinfo=SH)
DUE = datetime(2026, 9, 9, 0, 0, tzinfo=SH)


def row(unit="a", hours=None, due=DUE, started=START):
    return Row(unit_key=unit, started_at=started, replied_at=started + timedelta(hours=hours) if hours is not None
               else None, reply_due_at=due)


def test_rates_and_median_of_a_constructed_set():
    result = figures([row(hours=24), row(hours=216), row(hours=None), row(hours=2)], now=NOW)
    assert (result.received, result.replied, result.replied_on_time, result.overdue_now) == (4, 3, 2, 1)
    assert result.reply_rate == 0.75
    assert result.on_time_rate == 0.5
    assert result.median_hours_to_reply == 24.0


def test_median_of_an_even_count_is_the_mean_of_the_middle_two():
    assert figures([row(hours=24), row(hours=216)], now=NOW).median_hours_to_reply == 120.0


def test_a_reply_at_the_exact_end_of_the_limit_is_on_time():
    exact = Row(unit_key="a", started_at=START, replied_at=DUE, reply_due_at=DUE)
    late = Row(unit_key="a", started_at=START, replied_at=DUE + timedelta(seconds=1), reply_due_at=DUE)
    assert figures([exact], now=NOW).replied_on_time == 1
    assert figures([late], now=NOW).replied_on_time == 0


def test_not_yet_due_is_not_overdue():
    assert figures([row(due=NOW + timedelta(days=1))], now=NOW).overdue_now == 0


def test_nothing_received_gives_no_rates():
    result = figures([], now=NOW)
    assert (result.received, result.reply_rate, result.on_time_rate, result.median_hours_to_reply) == (0, None, None,
                                                                                                        None)


def test_rates_are_rounded_to_four_places():
    result = figures([row(hours=1), row(hours=1), row(hours=None)], now=NOW)
    assert result.reply_rate == 0.6667


def test_figures_by_unit_keep_units_apart():
    by_unit = figures_by_unit([row("a", 1), row("b", None), row("a", None)], now=NOW)
    assert list(by_unit) == ["a", "b"]
    assert (by_unit["a"].received, by_unit["a"].replied, by_unit["b"].overdue_now) == (2, 1, 1)
