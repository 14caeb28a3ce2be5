"""Compliance by clause, the pure part: each obligation's outcome at the boundaries, the rate, and
the order of clause ids."""

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from utilicase.compliance.domain import outcomes

DUE = datetime(2026, 9, 10, 0, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
SECOND = timedelta(seconds=1)


def test_met_strictly_before_due_is_complied_at_due_is_late():
    assert outcomes.deadline_outcome(due_at=DUE, met_at=DUE - SECOND, now=DUE) == outcomes.COMPLIED
    assert outcomes.deadline_outcome(due_at=DUE, met_at=DUE, now=DUE) == outcomes.LATE


def test_open_is_pending_before_due_and_overdue_from_due():
    assert outcomes.deadline_outcome(due_at=DUE, met_at=None, now=DUE - SECOND) == outcomes.PENDING
    assert outcomes.deadline_outcome(due_at=DUE, met_at=None, now=DUE) == outcomes.OVERDUE


def test_a_reply_rate_counts_a_late_reply_and_misses_an_unanswered_one():
    assert outcomes.replied_outcome(due_at=DUE, met_at=DUE + SECOND, now=DUE) == outcomes.COMPLIED
    assert outcomes.replied_outcome(due_at=DUE, met_at=None, now=DUE) == outcomes.MISSING
    assert outcomes.replied_outcome(due_at=DUE, met_at=None, now=DUE - SECOND) == outcomes.PENDING


def test_rate_is_complied_over_judged_half_up_to_one_decimal():
    assert outcomes.rate(0, 0) is None
    assert outcomes.rate(2, 1) == Decimal("66.7")
    assert outcomes.rate(1, 2) == Decimal("33.3")
    assert outcomes.rate(1, 7) == Decimal("12.5")
    assert outcomes.rate(5, 0) == Decimal("100.0")


def test_clauses_sort_by_their_numbers():
    clauses = ["§6.7(iii)(7)", "§2.10", "§1.2(2)", "§6.6(6)", "§2.4(3)", "§1.2(1)", ""]
    assert sorted(clauses, key=outcomes.clause_sort_key) == [
        "§1.2(1)", "§1.2(2)", "§2.4(3)", "§2.10", "§6.6(6)", "§6.7(iii)(7)", ""]
