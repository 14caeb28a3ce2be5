"""The reply limit of 10 working days from acceptance (§6.7(iii)(7)) and the escalation of an
overdue report by the sweep."""

import io
import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.urls import reverse

from utilicase.audit.models import AuditEvent
from utilicase.calendar.models import Deadline
from utilicase.calendar.services import deadlines_sweep
from utilicase.whistleblowing import services
from utilicase.whistleblowing.selectors import ReportFilters, report_kpis, report_list

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")


def test_received_2026_09_30_is_due_2026_10_20_at_24_00_s6_7_iii_7(take, now):
    report, _ = take(confirm=True)
    deadline = Deadline.objects.get(kind="report.reply", target_id=str(report.pk))
    assert now == datetime(2026, 9, 30, 10, 0, tzinfo=SH)
    assert deadline.due_date.isoformat() == "2026-10-20"
    assert deadline.due_at == datetime(2026, 10, 21, 0, 0, tzinfo=SH)
    assert deadline.provisional is False


def test_the_limit_agrees_with_utilicase_calendar_due_s6_7_iii_7(take, now):
    report, _ = take(confirm=True)
    out = io.StringIO()
    call_command("calendar", "due", "--start", "2026-09-30 10:00", "--working-days", "10", stdout=out)
    expected = json.loads(out.getvalue())
    deadline = Deadline.objects.get(kind="report.reply", target_id=str(report.pk))
    assert expected["due_date"] == deadline.due_date.isoformat() == "2026-10-20"
    assert datetime.fromisoformat(expected["due_at"]) == deadline.due_at


def test_a_late_confirmation_does_not_move_the_limit_s6_7_iii_7(take, example_user, now):
    report, _ = take()
    services.report_confirm(actor=example_user("hall_staff1"), report=report, now=now + timedelta(days=5))
    assert Deadline.objects.get(target_id=str(report.pk)).due_date.isoformat() == "2026-10-20"


def test_the_limit_is_on_the_discipline_units_home_page(client, take, example_user):
    report, _ = take(confirm=True)
    client.force_login(example_user("discipline1"))
    page = client.get(reverse("home")).content.decode()
    assert "举报答复" in page and reverse("whistleblowing:detail", args=[report.number]) in page
    client.force_login(example_user("hall_staff1"))
    assert "举报答复" not in client.get(reverse("home")).content.decode()


def test_overdue_report_is_escalated_once_and_kept_on_top_s6_7_iii_7(take, example_user, now):
    old, _ = take(confirm=True, received_at=now - timedelta(days=30))
    fresh, _ = take(confirm=True)
    late = now + timedelta(hours=1)
    assert deadlines_sweep(now=late) == 1
    old.refresh_from_db()
    assert old.escalated_at == late
    event = AuditEvent.objects.get(action="whistleblowing.report.escalated")
    assert (event.clause, event.target_id, event.after["discipline_unit"]) == ("§6.7(iii)(7)", str(old.pk), "tf-discipline")
    assert deadlines_sweep(now=late + timedelta(hours=1)) == 0
    assert AuditEvent.objects.filter(action="whistleblowing.report.escalated").count() == 1
    rows = list(report_list(user=example_user("discipline1"), filters=ReportFilters(), now=late))
    assert [r.pk for r in rows] == [old.pk, fresh.pk]
    assert rows[0].is_overdue and not rows[1].is_overdue


def test_escalation_handler_marks_nothing_twice(take, now):
    report, _ = take(confirm=True, received_at=now - timedelta(days=30))
    deadline = Deadline.objects.get(target_id=str(report.pk))
    from django.db import transaction

    with transaction.atomic():
        services.report_escalate(deadline, now)
        services.report_escalate(deadline, now + timedelta(hours=1))
    report.refresh_from_db()
    assert report.escalated_at == now
    assert AuditEvent.objects.filter(action="whistleblowing.report.escalated").count() == 1


def test_a_replied_report_is_not_escalated(full_report, now):
    assert deadlines_sweep(now=now + timedelta(days=60)) == 0
    full_report.refresh_from_db()
    assert full_report.escalated_at is None


TICK = timedelta(microseconds=1)


@pytest.mark.parametrize(("offset", "late"), [(-TICK, False), (timedelta(0), True)])
def test_reply_at_due_at_is_late_one_microsecond_before_on_time_s6_7_iii_7(take, example_user, now, offset, late):
    discipline = example_user("discipline1")
    report, _ = take(confirm=True)
    due = Deadline.objects.get(target_id=str(report.pk)).due_at
    at = due + offset
    services.report_investigate(actor=discipline, report=report, now=now)
    services.report_note_add(actor=discipline, report=report, text="调查", now=now)
    services.report_reply(actor=discipline, report=report, outcome="结果", feedback_method="PHONE",
                          feedback_content="反馈", feedback_at=at, now=at)
    assert AuditEvent.objects.get(action="whistleblowing.report.replied").after["late"] is late
    assert AuditEvent.objects.get(action="calendar.deadline.met").after["late"] is late
    k = report_kpis(user=discipline, month_date=now.date(), now=at)
    assert (k.received, k.replied, k.replied_on_time) == (1, 1, 0 if late else 1)


def test_an_open_report_is_overdue_and_escalated_from_due_at_on_s6_7_iii_7(take, example_user, now):
    report, _ = take(confirm=True)
    due = Deadline.objects.get(target_id=str(report.pk)).due_at
    discipline = example_user("discipline1")
    assert [r.is_overdue for r in report_list(user=discipline, now=due - TICK)] == [False]
    assert report_kpis(user=discipline, month_date=now.date(), now=due - TICK).overdue_now == 0
    assert deadlines_sweep(now=due - TICK) == 0
    assert [r.is_overdue for r in report_list(user=discipline, now=due)] == [True]
    assert report_kpis(user=discipline, month_date=now.date(), now=due).overdue_now == 1
    assert deadlines_sweep(now=due) == 1
