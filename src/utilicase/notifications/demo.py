"""Demo notifications: the sweep's deadline warnings for the demo cases as they stand (the
approvals awaiting a deputy were notified when the demo's applications were submitted)."""

from datetime import datetime

from utilicase.notifications.models import Notification
from utilicase.notifications.services import deadline_reminders_sweep


def make_demo_notifications(*, now: datetime) -> int:
    deadline_reminders_sweep(now)
    return Notification.objects.count()
