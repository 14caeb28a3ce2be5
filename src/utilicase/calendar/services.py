"""Writes of the calendar: loading a State Council notice, and opening, meeting and
recomputing deadlines. Each runs in one transaction and records what it changed in the audit
chain in that transaction."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.db.models.base import Model

from utilicase.audit.services import audit_record
from utilicase.calendar.models import Deadline, HolidayNotice
from utilicase.calendar.selectors import overdue_q, work_calendar, year_info
from utilicase.core import clauses
from utilicase.core.workdays import SHANGHAI, WorkCalendar, met_in_time, parse_notice

MAX_WORKING_DAYS = 3650
MAX_MINUTES = 60 * 24 * 366


class DeadlineError(ValueError):
    """A deadline that cannot be opened as asked (a programming error of the caller)."""


# Who keeps a copy of its records' next due time (a case's `next_due_at`, which its work list
# is ordered by): target_type -> handler(target_ids). Called in the transaction of every change
# that opens, meets or moves a deadline of that target type.
DUE_LISTENERS: dict[str, Callable[[list[str]], None]] = {}


def register_due_listener(target_type: str, handler: Callable[[list[str]], None]) -> None:
    DUE_LISTENERS[target_type] = handler


# The targets whose deadlines changed inside `due_batch()`, told to their listeners at its end.
_due_pending: ContextVar[dict[str, set[str]] | None] = ContextVar("due_pending", default=None)


def _due_changed(deadlines) -> None:
    pending = _due_pending.get()
    targets: dict[str, set[str]] = {} if pending is None else pending
    for deadline in deadlines:
        targets.setdefault(deadline.target_type, set()).add(deadline.target_id)
    if pending is None:
        _tell_listeners(targets)


def _tell_listeners(targets: dict[str, set[str]]) -> None:
    for target_type, ids in targets.items():
        if target_type in DUE_LISTENERS:
            DUE_LISTENERS[target_type](sorted(ids))


@contextmanager
def due_batch() -> Iterator[None]:
    """Tell the due listeners once, when the block ends, about every deadline opened, met or
    moved inside it (a service opening two deadlines of a case updates the case's copy of its
    next due time once). Nested blocks join the outer one; nothing is told when the block raises."""
    if _due_pending.get() is not None:
        yield
        return
    targets: dict[str, set[str]] = {}
    token = _due_pending.set(targets)
    try:
        yield
    finally:
        _due_pending.reset(token)
    _tell_listeners(targets)


def _deadline_state(deadline: Deadline) -> dict[str, Any]:
    return {
        "due_at": deadline.due_at.isoformat(),
        "due_date": deadline.due_date.isoformat() if deadline.due_date else None,
        "provisional": deadline.provisional,
    }


def deadline_open(
    *,
    kind: str,
    clause: str,
    target: Model,
    owner=None,
    owner_unit=None,
    start_at: datetime,
    working_days: int | None = None,
    minutes: int | None = None,
    now: datetime,
    actor=None,
    calendar: WorkCalendar | None = None,
) -> Deadline:
    """Open an obligation with a time limit from `start_at`: either N working days (the day of
    `start_at` is not counted; the limit ends at 24:00 Asia/Shanghai of the Nth working day,
    provisional when a year on the way has no official data) or N minutes. `calendar`: the
    calendar in force as the caller read it in this transaction (`work_calendar()`), so that a
    service opening several deadlines reads the loaded notices once."""
    if (working_days is None) == (minutes is None):
        raise DeadlineError("give exactly one of working_days and minutes")
    if start_at.tzinfo is None:
        raise DeadlineError("start_at must be timezone-aware")
    if clause:
        clauses.get(clause)
    if not kind:
        raise DeadlineError("kind is required")
    if target.pk is None:
        raise DeadlineError("the target must be saved first")
    if calendar is None:
        calendar = work_calendar()
    if working_days is not None:
        if not 0 <= working_days <= MAX_WORKING_DAYS:
            raise DeadlineError(f"working_days must be between 0 and {MAX_WORKING_DAYS}")
        due = calendar.due_in_working_days(start_at, working_days)
    else:
        if not 0 <= minutes <= MAX_MINUTES:
            raise DeadlineError(f"minutes must be between 0 and {MAX_MINUTES}")
        due = calendar.due_in_minutes(start_at, minutes)
    deadline = Deadline(
        kind=kind, clause=clause, target_type=target._meta.label_lower, target_id=str(target.pk),
        owner=owner, owner_unit=owner_unit, start_at=start_at, working_days=working_days, minutes=minutes,
        due_at=due.due_at, due_date=due.due_date, provisional=due.provisional, created_at=now,
    )
    # Refusals come above, before the transaction; no savepoint inside the caller's transaction
    # (a database error here ends the caller's transaction too).
    with transaction.atomic(savepoint=False):
        deadline.save(force_insert=True)
        _due_changed([deadline])
        audit_record(actor=actor, action="calendar.deadline.opened", target=deadline, clause=clause, now=now, after={
            "kind": kind, "target": f"{deadline.target_type}#{deadline.target_id}",
            "owner": owner.pk if owner else None, "owner_unit": owner_unit.pk if owner_unit else None,
            "start_at": start_at.isoformat(), "working_days": working_days, "minutes": minutes,
            **_deadline_state(deadline),
        })
    return deadline


@transaction.atomic
def deadline_meet(*, deadline: Deadline, now: datetime, actor=None) -> Deadline:
    """Record that the obligation was met at `now`. A late meeting is recorded (and marked late
    in the audit event), never refused; meeting a met deadline again changes nothing."""
    locked = Deadline.objects.select_for_update().get(pk=deadline.pk)
    if locked.met_at is not None:
        return locked
    locked.met_at = now
    locked.save(update_fields=["met_at"])
    _due_changed([locked])
    audit_record(actor=actor, action="calendar.deadline.met", target=locked, clause=locked.clause, now=now,
                 before={"met_at": None},
                 after={"met_at": now.isoformat(), "due_at": locked.due_at.isoformat(), "late": not met_in_time(now, locked.due_at)})
    return locked


def _recompute(queryset, *, actor, now: datetime, reason: str) -> int:
    """Recompute the due time of open working-day deadlines with the calendar in force; each
    one that moves gets an audit event. Returns how many were recomputed."""
    calendar = work_calendar()
    count = 0
    moved = []
    for deadline in queryset.filter(met_at__isnull=True, working_days__isnull=False).select_for_update().order_by("id"):
        count += 1
        due = calendar.due_in_working_days(deadline.start_at, deadline.working_days)
        if (deadline.due_at, deadline.due_date, deadline.provisional) == (due.due_at, due.due_date, due.provisional):
            continue
        before = _deadline_state(deadline)
        deadline.due_at, deadline.due_date, deadline.provisional = due.due_at, due.due_date, due.provisional
        deadline.save(update_fields=["due_at", "due_date", "provisional"])
        moved.append(deadline)
        audit_record(actor=actor, action="calendar.deadline.recomputed", target=deadline, clause=deadline.clause,
                     before=before, after={**_deadline_state(deadline), "reason": reason}, now=now)
    _due_changed(moved)
    return count


@transaction.atomic
def deadlines_recompute_provisional(*, now: datetime, actor=None) -> int:
    """Recompute every open provisional working-day deadline with the calendar in force (after a
    year's notice became known). Returns how many were recomputed; each that moved is audited."""
    return _recompute(Deadline.objects.filter(provisional=True), actor=actor, now=now,
                      reason="calendar.deadlines.recompute_provisional")


@transaction.atomic
def holiday_notice_load(*, actor, year: int, notice_text: str, now: datetime) -> HolidayNotice:
    """Load (or replace) a year's State Council notice. The year becomes official with exactly
    the notice's rest days and swapped working days, replacing the `holidays` package's data
    for it. Open deadlines are recomputed: every provisional one, and those whose span touches
    the notice's days (a replaced year may move them). Raises NoticeParseError (a ValueError
    naming the line) for text that cannot be read."""
    if not 1900 <= year <= 2100:
        raise ValueError("year must be between 1900 and 2100")
    days = parse_notice(year, notice_text)
    previous = year_info(year=year)
    notice = HolidayNotice.objects.select_for_update().filter(year=year).first()
    rest = [d.isoformat() for d in days.rest_days]
    work = [d.isoformat() for d in days.working_days]
    if notice is None:
        notice = HolidayNotice(year=year, rest_days=rest, working_days=work, notice_text=notice_text,
                               loaded_by=actor, loaded_at=now)
        notice.save(force_insert=True)
    else:
        notice.rest_days, notice.working_days, notice.notice_text = rest, work, notice_text
        notice.loaded_by, notice.loaded_at = actor, now
        notice.save(update_fields=["rest_days", "working_days", "notice_text", "loaded_by", "loaded_at"])
    current = year_info(year=year)
    audit_record(
        actor=actor, action="calendar.notice.loaded", target=notice, now=now,
        before={"source": previous.source, "official": previous.official,
                "rest_days": [d.isoformat() for d in previous.rest_days],
                "working_days": [d.isoformat() for d in previous.working_days]},
        after={"source": current.source, "official": current.official,
               "rest_days": [d.isoformat() for d in current.rest_days],
               "working_days": [d.isoformat() for d in current.working_days],
               "notice_rest_days": rest, "notice_working_days": work},
    )
    first = min([*days.rest_days, *days.working_days])
    touched = Q(start_at__lt=datetime(year + 1, 1, 1, tzinfo=SHANGHAI), due_date__gte=date(first.year, 1, 1))
    _recompute(Deadline.objects.filter(Q(provisional=True) | touched), actor=actor, now=now,
               reason=f"calendar.notice.loaded {year}")
    return notice


@transaction.atomic
def deadline_reassign(*, deadline: Deadline, owner=None, owner_unit=None, actor=None, now: datetime) -> Deadline:
    """Hand an open obligation to another owner (a complaint routed to a department, say).
    The limit itself does not move."""
    locked = Deadline.objects.select_for_update().get(pk=deadline.pk)
    if locked.met_at is not None:
        raise DeadlineError("a met deadline has no owner to change")
    before = {"owner": locked.owner_id, "owner_unit": locked.owner_unit_id}
    locked.owner, locked.owner_unit = owner, owner_unit
    locked.save(update_fields=["owner", "owner_unit"])
    audit_record(actor=actor, action="calendar.deadline.reassigned", target=locked, clause=locked.clause, now=now,
                 before=before, after={"owner": locked.owner_id, "owner_unit": locked.owner_unit_id})
    return locked


# What happens when an open deadline of a kind runs out: kind -> handler(deadline, now).
# Case types register theirs in AppConfig.ready(); the sweep calls each at most once per deadline.
ESCALATIONS: dict[str, Callable[[Deadline, datetime], None]] = {}


def register_escalation(kind: str, handler: Callable[[Deadline, datetime], None]) -> None:
    ESCALATIONS[kind] = handler


def deadlines_sweep(*, now: datetime) -> int:
    """Escalate every overdue, unmet, not yet escalated deadline whose kind has a handler, each
    in its own transaction. Idempotent: a second run escalates nothing already escalated.
    Returns how many were escalated."""
    count = 0
    due = Deadline.objects.filter(overdue_q("due_at", now), met_at__isnull=True, escalated_at__isnull=True,
                                  kind__in=list(ESCALATIONS)).order_by("due_at").values_list("pk", flat=True)
    for pk in list(due):
        with transaction.atomic():
            deadline = Deadline.objects.select_for_update().get(pk=pk)
            if deadline.met_at is not None or deadline.escalated_at is not None:
                continue  # met or escalated by someone else since the list was read
            ESCALATIONS[deadline.kind](deadline, now)
            deadline.escalated_at = now
            deadline.save(update_fields=["escalated_at"])
            audit_record(actor=None, action="calendar.deadline.escalated", target=deadline, clause=deadline.clause,
                         after={"kind": deadline.kind, "due_at": deadline.due_at.isoformat()}, now=now)
            count += 1
    return count


# What else the sweep does with the deadlines after escalating them (the notifications of
# deadlines approaching and overdue): step(now) -> how many notices it sent. Registered in
# AppConfig.ready() of a package above the calendar, so the calendar imports none of them.
REMINDER_STEPS: list[Callable[[datetime], int]] = []


def register_reminder_step(step: Callable[[datetime], int]) -> None:
    if step not in REMINDER_STEPS:
        REMINDER_STEPS.append(step)


def reminders_sweep(*, now: datetime) -> int:
    """Run each registered reminder step; returns how many notices they sent in all."""
    return sum(step(now) for step in REMINDER_STEPS)
