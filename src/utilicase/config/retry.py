"""Retrying a whole transaction that PostgreSQL aborted to break a deadlock (40P01) or a
serialization failure (40001). Either says "nothing of yours was written, try again": the
transaction is rolled back, so running the same atomic function once more is safe.

Only the outermost transaction can be retried: inside an outer atomic block the error goes up
unchanged (the outer block is aborted too, and its owner retries it, if anyone does)."""

import functools
import random
import time

from django.db import OperationalError, transaction

RETRYABLE_SQLSTATES = frozenset({"40P01", "40001"})  # deadlock_detected, serialization_failure
ATTEMPTS = 3


def is_retryable(error: BaseException) -> bool:
    """A deadlock or serialization failure, as Django wraps psycopg's error."""
    cause = error.__cause__ if isinstance(error, OperationalError) else None
    return getattr(cause, "sqlstate", None) in RETRYABLE_SQLSTATES


def retried_on_deadlock(func=None, *, attempts: int = ATTEMPTS, using: str | None = None):
    """Runs the decorated function in a transaction (as `transaction.atomic` does; a savepoint
    inside an outer one): when the database breaks a deadlock or a serialization conflict by
    aborting it, the whole function runs again in a new transaction, at most `attempts` times in
    all, after a short random pause."""

    def decorate(f):
        atomic = transaction.atomic(using=using)(f)

        @functools.wraps(f)
        def run(*args, **kwargs):
            for attempt in range(1, attempts + 1):
                try:
                    return atomic(*args, **kwargs)
                except OperationalError as error:
                    if (attempt == attempts or not is_retryable(error)
                            or transaction.get_connection(using).in_atomic_block):
                        raise
                time.sleep(random.uniform(0.01, 0.05) * attempt)  # the other side finishes first
            raise AssertionError("unreachable")

        return run

    return decorate(func) if func is not None else decorate
