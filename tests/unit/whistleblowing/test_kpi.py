from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from utilicase.whistleblowing.domain.kpi import ReplyRow, reply_kpis

SH = ZoneInfo("Asia/Shanghai")
T0 = datetime(2026, 9, 1, 9, 0, tzinfo=SH)
DUE = T0 + timedelta(days=14)


def test_rates_on_time_and_overdue():
    rows = [
        ReplyRow(T0, DUE, T0 + timedelta(hours=10)),  # on time
        ReplyRow(T0, DUE, DUE),  # at the exclusive end: late
        ReplyRow(T0, DUE, None),  # open, overdue at `now`
        ReplyRow(T0, DUE + timedelta(days=30), None),  # open, not yet due
    ]
    k = reply_kpis(rows, now=DUE + timedelta(days=1))
    assert (k.received, k.replied, k.replied_on_time, k.overdue_now) == (4, 2, 1, 1)
    assert (k.reply_rate, k.on_time_rate) == (0.5, 0.25)
    assert k.median_hours_to_reply == round((10 + 14 * 24) / 2, 1)


def test_nothing_received_has_no_rates():
    k = reply_kpis([], now=T0)
    assert (k.received, k.reply_rate, k.on_time_rate, k.median_hours_to_reply) == (0, None, None, None)
