"""The one boundary rule of every deadline: met in time iff done strictly before `due_at`."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from utilicase.core.workdays import is_overdue, met_in_time

DUE = datetime(2026, 10, 21, 0, 0, tzinfo=ZoneInfo("Asia/Shanghai"))  # 24:00 of 2026-10-20
TICK = timedelta(microseconds=1)


def test_done_one_microsecond_before_due_at_is_in_time():
    assert met_in_time(DUE - TICK, DUE) is True
    assert is_overdue(DUE, DUE - TICK) is False


def test_done_at_due_at_is_late_and_open_at_due_at_is_overdue():
    assert met_in_time(DUE, DUE) is False
    assert is_overdue(DUE, DUE) is True
