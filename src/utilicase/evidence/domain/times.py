"""Times of a photo: the EXIF DateTimeOriginal written by the camera, and whether it agrees with
the capture time the phone reported (or the upload time)."""

import re
from datetime import datetime, timedelta, timezone, tzinfo

# A camera's clock and the phone's may differ a little; more than this is worth a look.
TIME_TOLERANCE = timedelta(minutes=10)

_EXIF_TIME = re.compile(r"^\s*(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})")
_OFFSET = re.compile(r"^\s*([+-])(\d{2}):(\d{2})\s*$")


def parse_exif_datetime(value: str | bytes | None, offset: str | bytes | None, default_tz: tzinfo) -> datetime | None:
    """EXIF "YYYY:MM:DD HH:MM:SS" as an aware datetime: in the zone of OffsetTimeOriginal
    ("+08:00") when the camera wrote one, else in `default_tz` (the site's zone: cameras keep
    local time). None for a missing, blank ("0000:00:00 00:00:00") or impossible value."""
    if isinstance(value, bytes):
        value = value.decode("ascii", "replace")
    if isinstance(offset, bytes):
        offset = offset.decode("ascii", "replace")
    if not value:
        return None
    match = _EXIF_TIME.match(value.strip("\x00"))
    if match is None:
        return None
    try:
        naive = datetime(*(int(g) for g in match.groups()))
    except ValueError:
        return None
    if naive.year < 1990:
        return None
    zone: tzinfo = default_tz
    off = _OFFSET.match((offset or "").strip("\x00"))
    if off is not None:
        sign = -1 if off.group(1) == "-" else 1
        delta = timedelta(hours=int(off.group(2)), minutes=int(off.group(3)))
        if delta <= timedelta(hours=14):
            zone = timezone(sign * delta)
    return naive.replace(tzinfo=zone)


def time_difference(exif_at: datetime | None, reference_at: datetime) -> timedelta | None:
    """How far the camera's time is from the reference (the reported capture time, else the
    upload time); None without EXIF time."""
    if exif_at is None:
        return None
    return abs(exif_at - reference_at)


def times_disagree(exif_at: datetime | None, reference_at: datetime, tolerance: timedelta = TIME_TOLERANCE) -> bool:
    difference = time_difference(exif_at, reference_at)
    return difference is not None and difference > tolerance
