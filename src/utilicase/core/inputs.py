"""Checks of the values people type into a case, shared by the case types' services: pure (no
Django); each answers why a value cannot be taken, as a marked message the caller translates
(`utilicase.core.i18n.translated`), or None when it can."""

from datetime import datetime, timedelta

from utilicase.core.i18n import Message, gettext_noop
from utilicase.core.workdays import EARLIEST_YEAR, LATEST_YEAR, supported_instant


def given_time_refusal(value: datetime | None, *, now: datetime, required: bool = True,
                       tolerance: timedelta = timedelta(0)) -> str | None:
    """Why a time a user gives for something that has happened cannot be recorded: it must carry
    its time zone, lie no later than `now` (a device's clock may run `tolerance` ahead of the
    server's), and fall in a supported year as read in Asia/Shanghai. No time is refused only
    when it is `required`."""
    if value is None:
        return gettext_noop("必填。") if required else None
    if value.utcoffset() is None:
        return gettext_noop("须注明时区。")
    if value > now + tolerance:
        return gettext_noop("不能晚于现在。")
    if not supported_instant(value):
        return Message(gettext_noop("年份须在 %(a)d 至 %(b)d 之间。"), a=EARLIEST_YEAR, b=LATEST_YEAR)
    return None
