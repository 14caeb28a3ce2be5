"""How one obligation ended, and the rate of a clause: pure, no Django.

An obligation with a time limit is complied with when done strictly before its due instant
(core.workdays.met_in_time), late when done at or after it, overdue when still open at or past
it, and pending (neither complied nor an exception yet) when still open before it. The rate of
a clause is complied / (complied + exceptions): pending cases are subject to the clause but
not yet judged."""

from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

COMPLIED, PENDING = "complied", "pending"
LATE, OVERDUE, REFUSED, MISSING = "late", "overdue", "refused", "missing"
EXCEPTION_REASONS = (LATE, OVERDUE, REFUSED, MISSING)


def deadline_outcome(*, due_at: datetime, met_at: datetime | None, now: datetime) -> str:
    if met_at is not None:
        return COMPLIED if met_at < due_at else LATE
    return OVERDUE if due_at <= now else PENDING


def replied_outcome(*, due_at: datetime, met_at: datetime | None, now: datetime) -> str:
    """For a reply rate (§6.6(8), §6.7(iii)(7)): replied at all counts, late or not."""
    if met_at is not None:
        return COMPLIED
    return MISSING if due_at <= now else PENDING


def rate(complied: int, exceptions: int) -> Decimal | None:
    """The percentage complied, to one decimal, half up; None when nothing was judged."""
    judged = complied + exceptions
    if judged == 0:
        return None
    return (Decimal(100) * complied / judged).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def clause_sort_key(clause: str) -> tuple:
    """§1.2(1) < §1.2(2) < §2.4(3) < §2.10 < §6.6(6) < §6.7(iii)(7): by the numbers in order."""
    parts: list[int] = []
    number = ""
    for ch in clause:
        if ch.isdigit():
            number += ch
        elif number:
            parts.append(int(number))
            number = ""
    if number:
        parts.append(int(number))
    return tuple(parts) or (10_000,)
