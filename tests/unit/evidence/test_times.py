from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from utilicase.evidence.domain.times import (
    TIME_TOLERANCE,
    parse_exif_datetime,
    time_difference,
    times_disagree,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_exif_time_without_offset_is_local_time():
    assert parse_exif_datetime("2026:09:30 09:52:07", None, SHANGHAI) == datetime(2026, 9, 30, 9, 52, 7, tzinfo=SHANGHAI)


def test_exif_offset_is_used_when_the_camera_wrote_one():
    at = parse_exif_datetime(b"2026:09:30 03:52:07\x00", b"+02:00", SHANGHAI)
    assert at.utcoffset() == timedelta(hours=2)
    assert at.astimezone(SHANGHAI) == datetime(2026, 9, 30, 9, 52, 7, tzinfo=SHANGHAI)


@pytest.mark.parametrize("value", [None, "", "0000:00:00 00:00:00", "2026:13:01 00:00:00", "yesterday", "1970:01:01 00:00:00"])
def test_missing_or_impossible_exif_times_are_none(value):
    assert parse_exif_datetime(value, None, SHANGHAI) is None


def test_a_nonsense_offset_falls_back_to_the_default_zone():
    at = parse_exif_datetime("2026:09:30 09:52:07", "+99:00", SHANGHAI)
    assert at.tzinfo is SHANGHAI


def test_more_than_ten_minutes_apart_is_flagged():
    base = datetime(2026, 9, 30, 10, 0, tzinfo=SHANGHAI)
    assert TIME_TOLERANCE == timedelta(minutes=10)
    assert not times_disagree(base - timedelta(minutes=10), base)
    assert times_disagree(base - timedelta(minutes=10, seconds=1), base)
    assert times_disagree(base + timedelta(hours=1), base)
    assert not times_disagree(None, base)
    assert time_difference(base.astimezone(UTC) + timedelta(minutes=3), base) == timedelta(minutes=3)
