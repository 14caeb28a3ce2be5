"""The pure parts of the dashboards: periods, rates, and the geometry of the SVG bar chart."""

from datetime import date

from utilicase.dashboards.domain import charts, figures, period


def test_periods_month_quarter_year_and_range():
    assert period.parse("2026-02") == period.Period(date(2026, 2, 1), date(2026, 2, 28))
    assert period.parse("2024-02").last == date(2024, 2, 29)
    assert period.parse("2026-Q4") == period.Period(date(2026, 10, 1), date(2026, 12, 31))
    assert period.parse("2026q1") == period.Period(date(2026, 1, 1), date(2026, 3, 31))
    assert period.parse("2026") == period.Period(date(2026, 1, 1), date(2026, 12, 31))
    assert period.parse("2026-13") is None and period.parse("2026-Q5") is None and period.parse("x") is None
    assert period.parse("1999") is None
    assert period.between(date(2026, 9, 5), date(2026, 9, 1)) is None
    assert period.between(date(2026, 9, 1), date(2026, 9, 30)).end == date(2026, 10, 1)


def test_a_rate_of_nothing_is_no_rate():
    assert figures.rate(2, 3) == 0.6667
    assert figures.rate(0, 0) is None
    assert figures.percent(None) == "—" and figures.percent(0.6667) == "66.7%"
    assert figures.meets(0.99, 1.0) is False and figures.meets(1.0, 1.0) is True and figures.meets(None, 1.0) is None


def test_bars_are_scaled_to_the_largest_value():
    chart = charts.bar_chart([("a", 4, "4", "/a"), ("b", 2, "2", "/b"), ("c", 0, "0", "/c")], width=560)
    room = 560 - charts.LABEL_W - charts.VALUE_W
    assert [b.width for b in chart.bars] == [room, room // 2, 0]
    assert [b.y for b in chart.bars] == [4, 26, 48]
    assert chart.height == 3 * charts.ROW
    assert chart.bars[0].text_x == charts.LABEL_W + room + 4
    assert charts.bar_chart([]).bars == []
