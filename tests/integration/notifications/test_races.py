"""Two sweeps at once on PostgreSQL (SQLite in memory cannot serve parallel connections): each
person is told of each deadline once, and emailed once; the database refuses the duplicate."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection  # noqa: F401 - read by the skipif condition

from tests.integration.inspections.test_races import _race
from utilicase.calendar.services import deadline_open
from utilicase.notifications import services
from utilicase.notifications.models import Kind, Notification

pytestmark = [
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="concurrent connections need a server database"),
    pytest.mark.django_db(transaction=True),
]


def test_two_sweeps_racing_notify_and_email_once(org, example_user, now, settings, monkeypatch):
    settings.NOTIFY_EMAIL = True
    staff = example_user("hall_staff1")
    staff.email = "sun@example.com"
    staff.save(update_fields=["email"])
    deadlines = [deadline_open(kind="complaint.reply", clause="§6.6(8)", target=org["tf-hall"], owner=None,
                               owner_unit=org["tf-hall"], start_at=now, minutes=60 + i, now=now) for i in range(5)]
    late = now + timedelta(hours=3)
    # Both sweeps read "nobody told yet" before either inserts: the insert itself must refuse.
    monkeypatch.setattr(services.Notification.objects, "filter", _no_pre_check(services.Notification.objects.filter))
    results = _race(2, lambda i: services.deadline_reminders_sweep(late))
    assert not [r for r in results if isinstance(r, Exception)], results
    told = Notification.objects.filter(kind=Kind.OVERDUE)
    assert sorted(told.values_list("recipient__username", flat=True)) == sorted(["hall_head1", "hall_staff1"] * 5)
    assert len({(n.recipient_id, n.event_key) for n in told}) == 10
    assert len(mail.outbox) == 5 and {m.to[0] for m in mail.outbox} == {"sun@example.com"}
    assert {d.pk for d in deadlines} == {int(n.event_key.split(":")[1]) for n in told}


def _no_pre_check(filter_):
    """The manager's filter, except that the look-up of notices already held finds none."""
    def filtered(*args, **kwargs):
        if "event_key__in" in kwargs and "recipient_id__in" in kwargs:
            return services.Notification.objects.none()
        return filter_(*args, **kwargs)
    return filtered
