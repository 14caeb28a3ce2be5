"""Migration 0008 (§6.6(6)): written-channel complaints taken before the rule lose their open
15-minute form deadline (met now, detached); visits and calls keep theirs. The test runs the
function the migration calls, on the current models (the migration touches no field that has
changed since)."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps

from utilicase.calendar.models import Deadline
from utilicase.calendar.services import deadline_open
from utilicase.complaints.models import Channel, Complaint

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module("utilicase.complaints.migrations.0008_close_written_form_deadlines")


def with_old_form_deadline(flow, example_user, channel: str) -> Complaint:
    """A complaint as the old intake left it: a 15-minute form deadline whatever the channel."""
    c = flow.receive(channel=channel)
    if c.form_deadline_id is None:
        c.form_deadline = deadline_open(kind="complaint.form", clause="§6.6(6)", target=c,
                                        owner=example_user("hall_staff1"), owner_unit=c.hall,
                                        start_at=c.reception_ended_at, minutes=15, now=c.reception_ended_at)
        c.save(update_fields=["form_deadline"])
    return Complaint.objects.get(pk=c.pk)


def test_written_complaints_lose_their_open_form_deadline_s6_6_6(flow, example_user, now):
    letter = with_old_form_deadline(flow, example_user, Channel.LETTER)
    book = with_old_form_deadline(flow, example_user, Channel.OPINION_BOOK)
    visit = with_old_form_deadline(flow, example_user, Channel.VISIT)
    assert Complaint.objects.get(pk=letter.pk).next_due_at == letter.reception_ended_at + timedelta(minutes=15)
    run_at = now + timedelta(days=1)

    assert MIGRATION.close_written_form_deadlines(apps, run_at) == 2

    for c in (letter, book):
        old = Deadline.objects.get(pk=c.form_deadline_id)
        assert old.met_at == run_at
        after = Complaint.objects.get(pk=c.pk)
        assert after.form_deadline_id is None
        assert after.next_due_at == Deadline.objects.get(pk=c.reply_deadline_id).due_at
    kept = Complaint.objects.get(pk=visit.pk)
    assert kept.form_deadline_id == visit.form_deadline_id
    assert Deadline.objects.get(pk=visit.form_deadline_id).met_at is None
    assert kept.next_due_at == visit.reception_ended_at + timedelta(minutes=15)


def test_it_runs_twice_without_change_s6_6_6(flow, example_user, now):
    with_old_form_deadline(flow, example_user, Channel.ONLINE)
    assert MIGRATION.close_written_form_deadlines(apps, now) == 1
    assert MIGRATION.close_written_form_deadlines(apps, now + timedelta(hours=1)) == 0
    assert Deadline.objects.get(kind="complaint.form").met_at == now
