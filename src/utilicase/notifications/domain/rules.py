"""When a deadline warning is due, and what each event is called (no Django here)."""

from datetime import datetime, timedelta

MIN_LEAD_HOURS = 1
MAX_LEAD_HOURS = 720  # 30 days


def in_lead_time(*, due_at: datetime, now: datetime, lead_hours: int) -> bool:
    """An open deadline is approaching from `lead_hours` before it ends until it ends
    (at `due_at` it is overdue, not approaching)."""
    return now < due_at <= now + timedelta(hours=lead_hours)


def deadline_event(deadline_id: int, what: str) -> str:
    """The event key of a deadline's warning, overdue notice or escalation: one per deadline."""
    return f"deadline:{deadline_id}:{what}"


def worth_warning(*, start_at: datetime, due_at: datetime, lead_hours: int) -> bool:
    """A limit no longer than the lead time (the 15-minute form of §6.6(6), say) gets no
    warning: it is within its lead time from the moment it is opened."""
    return due_at - start_at > timedelta(hours=lead_hours)
