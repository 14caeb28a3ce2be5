"""KPI arithmetic (§6.6(8)), without a database: rates from the counts, and the median of the
middle times (the database counts and ranks, see tests/integration/complaints)."""

from utilicase.complaints.domain.kpis import from_counts


def figures(received=4, replied=3, on_time=2, overdue=1, hours=(24.0,)):
    return from_counts(received=received, replied=replied, replied_on_time=on_time, overdue_now=overdue,
                       hours=list(hours))


def test_rates_of_a_constructed_set_s6_6_8():
    result = figures()
    assert (result.received, result.replied, result.replied_on_time, result.overdue_now) == (4, 3, 2, 1)
    assert (result.reply_rate, result.on_time_rate, result.median_hours_to_reply) == (0.75, 0.5, 24.0)


def test_median_of_an_even_count_is_the_mean_of_the_middle_two():
    assert figures(replied=4, hours=(24.0, 30.0)).median_hours_to_reply == 27.0


def test_nothing_received_gives_no_rates():
    result = figures(received=0, replied=0, on_time=0, overdue=0, hours=())
    assert (result.received, result.reply_rate, result.on_time_rate, result.median_hours_to_reply) == (0, None, None,
                                                                                                        None)


def test_rates_are_rounded_to_four_places():
    result = figures(received=3, replied=2, on_time=2, overdue=0, hours=(1.0,))
    assert (result.reply_rate, result.on_time_rate) == (0.6667, 0.6667)
