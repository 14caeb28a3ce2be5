"""A case timeline gathers the events of every record attached to the case; whistleblower reports'
events (the report's, its exports', its deadlines') must never come in that way (§6.7(iii)(1-6)),
even from a context that attaches the wrong records."""

from datetime import timedelta

import pytest
from django.db.models import Value

from tests.integration.whistleblowing.conftest import SECRETS
from utilicase.audit import timeline
from utilicase.audit.models import AuditEvent
from utilicase.audit.timeline import Attached, Link, case_timeline
from utilicase.calendar.models import Deadline
from utilicase.complaints import services as complaints
from utilicase.whistleblowing import services
from utilicase.whistleblowing.models import Report
from utilicase.whistleblowing.selectors import TARGET_TYPE as REPORT

pytestmark = pytest.mark.django_db

COMPLAINT = "complaints.complaint"


@pytest.fixture
def complaint(example_user, now):
    return complaints.complaint_receive(
        actor=example_user("hall_staff1"), channel="PHONE", contact_name="李秀英", contact_phone="13899001122",
        content="电费突增。", reception_started_at=now - timedelta(minutes=10), reception_ended_at=now, now=now)


def _leaky(target_type: str, target_id: str) -> list[Attached]:
    """A faulty context: it attaches every report and every report deadline to any case."""
    return [
        Attached(Report.objects.all(), Value(""), lambda ref: Link(None, "report")),
        Attached(Deadline.objects.filter(target_type=REPORT), "kind", lambda ref: Link(None, "deadline")),
    ]


def _confidential(events) -> list[str]:
    report_deadlines = {str(pk) for pk in Deadline.objects.filter(target_type=REPORT).values_list("pk", flat=True)}
    return [e.action for e in events if e.target_type == REPORT or e.action.startswith("whistleblowing.")
            or (e.target_type == "workcalendar.deadline" and e.target_id in report_deadlines)]


def test_a_case_timeline_never_shows_report_events_even_when_they_are_attached_s6_7_iii_1_6(
        monkeypatch, full_report, complaint, example_user, now):
    services.reports_exported(actor=example_user("discipline1"), count=1, now=now)
    monkeypatch.setattr(timeline, "_LISTERS", [*timeline._LISTERS, _leaky])
    events = case_timeline(target_type=COMPLAINT, target_id=str(complaint.pk))
    assert _confidential(events) == []
    assert [e.action for e in events] == [
        "calendar.deadline.opened", "calendar.deadline.opened", "complaints.complaint.received"]
    # The report's events exist, and the faulty context did attach them.
    assert len(_confidential(AuditEvent.objects.all())) >= 8
    assert [a.records.count() for a in _leaky(COMPLAINT, str(complaint.pk))] == [1, 1]


def test_the_complaint_page_shows_nothing_of_a_report_attached_by_mistake_s6_7_iii_1_6(
        monkeypatch, client, full_report, complaint, example_user):
    monkeypatch.setattr(timeline, "_LISTERS", [*timeline._LISTERS, _leaky])
    client.force_login(example_user("hall_staff1"))
    page = client.get(f"/complaints/{complaint.pk}/").content.decode()
    assert "举报" not in page[page.index('<ol class="timeline">'):]
    for secret in SECRETS:
        assert secret not in page
