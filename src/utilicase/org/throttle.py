"""Throttling of guesses: too many failures for a username, or from an address, within the
window lock further attempts until the window has passed. Kept in the database, so it holds
across app servers.

Counting and recording are one atomic step, and an attempt is recorded as a failure *before*
the password is checked (a success takes it back). So parallel attempts cannot all pass the
count before any of them is recorded: with a limit of 5, exactly 5 attempts reach the password
check however many arrive at once. The claim page's throttle (whistleblowing) works the same
way with `throttle_lock`."""

import hashlib
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction

from utilicase.org.models import LoginFailure

KEEP = timedelta(days=1)


def throttle_lock(*keys: str) -> None:
    """Inside a transaction: waits until no other transaction holds any of these keys, and
    holds them until this one ends. On PostgreSQL a transaction-scoped advisory lock per key;
    SQLite runs every transaction as BEGIN IMMEDIATE (settings), which already serializes all
    writers."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise RuntimeError("throttle_lock must be called inside transaction.atomic()")
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for key in sorted(set(keys)):  # one order for everyone: no deadlock
            lock_id = int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big", signed=True)
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [lock_id])


def login_locked(*, username: str, ip: str | None, now: datetime) -> bool:
    since = now - timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)
    limit = settings.LOGIN_FAILURE_LIMIT
    recent = LoginFailure.objects.filter(at__gte=since)
    if recent.filter(username=username.lower()).count() >= limit:
        return True
    # An address gets more room than one username: a hall's staff share one address.
    return bool(ip) and recent.filter(ip=ip).count() >= limit * 4


def login_attempt_begin(*, username: str, ip: str | None, now: datetime) -> bool:
    """False while the username or address is locked out (nothing is recorded, the password
    must not be checked). Otherwise the attempt is recorded as a failure and True returned;
    `login_failures_clear` takes it back when the password is right."""
    username = username.lower()
    with transaction.atomic():
        throttle_lock(f"login:user:{username}", f"login:ip:{ip or ''}")
        if login_locked(username=username, ip=ip, now=now):
            return False
        LoginFailure.objects.filter(at__lt=now - KEEP).delete()
        LoginFailure.objects.create(username=username, ip=ip, at=now)
    return True


def login_failures_clear(*, username: str, now: datetime) -> None:
    LoginFailure.objects.filter(username=username.lower()).delete()
