from datetime import UTC, datetime, timedelta

from utilicase.core.inputs import given_time_refusal
from utilicase.core.workdays import SHANGHAI

NOW = datetime(2026, 9, 30, 10, 0, tzinfo=SHANGHAI)


def test_a_past_aware_time_is_taken():
    assert given_time_refusal(NOW - timedelta(hours=1), now=NOW) is None


def test_no_time_is_refused_only_when_required():
    assert given_time_refusal(None, now=NOW) == "必填。"
    assert given_time_refusal(None, now=NOW, required=False) is None


def test_a_time_without_zone_is_refused():
    assert given_time_refusal(datetime(2026, 9, 30, 9, 0), now=NOW) == "须注明时区。"


def test_a_future_time_is_refused_beyond_the_tolerance_only():
    ahead = NOW + timedelta(minutes=3)
    assert given_time_refusal(ahead, now=NOW) == "不能晚于现在。"
    assert given_time_refusal(ahead, now=NOW, tolerance=timedelta(minutes=5)) is None


def test_the_year_is_read_in_shanghai():
    refusal = given_time_refusal(datetime(1999, 12, 31, 15, 59, tzinfo=UTC), now=NOW)
    assert refusal == "年份须在 2000 至 2100 之间。"
    assert refusal.msgid == "年份须在 %(a)d 至 %(b)d 之间。"
    # 16:00 UTC on 31 December 1999 is already 2000-01-01 00:00 in Asia/Shanghai
    assert given_time_refusal(datetime(1999, 12, 31, 16, 0, tzinfo=UTC), now=NOW) is None
