"""Login throttling: too many failures for a username, or from an address, within the window
lock further attempts until the window has passed. Kept in the database, so it holds across
app servers."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q

from utilicase.org.models import LoginFailure


def login_locked(*, username: str, ip: str | None, now: datetime) -> bool:
    since = now - timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)
    limit = settings.LOGIN_FAILURE_LIMIT
    recent = LoginFailure.objects.filter(at__gte=since)
    if recent.filter(username=username.lower()).count() >= limit:
        return True
    # An address gets more room than one username: a hall's staff share one address.
    return bool(ip) and recent.filter(ip=ip).count() >= limit * 4


def login_failure_record(*, username: str, ip: str | None, now: datetime) -> None:
    LoginFailure.objects.create(username=username.lower(), ip=ip, at=now)
    LoginFailure.objects.filter(at__lt=now - timedelta(days=1)).delete()


def login_failures_clear(*, username: str, now: datetime) -> None:
    LoginFailure.objects.filter(Q(username=username.lower())).delete()
