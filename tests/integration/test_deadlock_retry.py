"""A real deadlock on PostgreSQL: two transactions lock two rows in opposite orders. The
database aborts one of them (40P01); without a retry that one fails, with `retried_on_deadlock`
it runs again and both succeed. Inside an outer transaction nothing is retried."""

import threading

import pytest
from django.db import OperationalError, connection, transaction

from tests.integration.inspections.test_races import _race
from utilicase.config.retry import is_retryable, retried_on_deadlock
from utilicase.org.models import Unit


def _crossing(first: str, second: str, barrier: threading.Barrier, runs: list[str]):
    """Locks `first`, waits until the other side has locked its first, then updates `second`."""
    runs.append(first)
    Unit.objects.select_for_update().get(code=first)
    if len(runs) <= 2:  # only the first round meets at the barrier; a retry goes straight on
        barrier.wait(timeout=30)
    Unit.objects.filter(code=second).update(name=f"{second} by {first}")
    return first


PAIRS = [("tf-power", "tf-heat"), ("tf-heat", "tf-power")]


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="a deadlock needs two server connections")
@pytest.mark.django_db(transaction=True)
def test_without_a_retry_the_deadlock_victim_fails(org):
    barrier, runs = threading.Barrier(2), []
    crossing = transaction.atomic(_crossing)
    results = _race(2, lambda i: crossing(*PAIRS[i], barrier, runs))
    failed = [r for r in results if isinstance(r, Exception)]
    assert len(failed) == 1 and isinstance(failed[0], OperationalError), results
    assert failed[0].__cause__.sqlstate == "40P01" and is_retryable(failed[0])
    assert len(runs) == 2


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="a deadlock needs two server connections")
@pytest.mark.django_db(transaction=True)
def test_the_deadlock_victim_is_retried_and_both_succeed(org):
    barrier, runs = threading.Barrier(2), []
    crossing = retried_on_deadlock(_crossing)
    results = _race(2, lambda i: crossing(*PAIRS[i], barrier, runs))
    assert sorted(results) == ["tf-heat", "tf-power"]
    assert len(runs) == 3  # the victim ran twice
    names = dict(Unit.objects.filter(code__in=["tf-power", "tf-heat"]).values_list("code", "name"))
    assert names == {"tf-power": "tf-power by tf-heat", "tf-heat": "tf-heat by tf-power"}


@pytest.mark.django_db
def test_only_deadlocks_and_serialization_failures_are_retried_and_never_inside_a_transaction():
    class Cause(Exception):
        def __init__(self, sqlstate):
            self.sqlstate = sqlstate

    def wrapped(sqlstate):
        error = OperationalError("aborted")
        error.__cause__ = Cause(sqlstate)
        return error

    assert is_retryable(wrapped("40P01")) and is_retryable(wrapped("40001"))
    assert not is_retryable(wrapped("57014")) and not is_retryable(OperationalError("database is locked"))
    calls = []

    @retried_on_deadlock
    def always_deadlocked():
        calls.append(1)
        raise wrapped("40P01")

    with pytest.raises(OperationalError):
        always_deadlocked()  # the test's own transaction is open: no retry
    assert len(calls) == 1
    assert connection.in_atomic_block


@pytest.mark.django_db(transaction=True)  # no outer transaction: the decorator's is the outermost
def test_a_transaction_deadlocked_every_time_is_tried_three_times_then_fails():
    calls = []

    @retried_on_deadlock
    def always_deadlocked():
        calls.append(1)
        error = OperationalError("deadlock detected")
        error.__cause__ = type("Cause", (Exception,), {"sqlstate": "40P01"})()
        raise error

    with pytest.raises(OperationalError, match="deadlock detected"):
        always_deadlocked()
    assert len(calls) == 3
