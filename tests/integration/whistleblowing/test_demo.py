from datetime import timedelta

import pytest

from utilicase.calendar.services import deadlines_sweep
from utilicase.whistleblowing.demo import make_demo_reports
from utilicase.whistleblowing.domain.numbers import report_number_valid
from utilicase.whistleblowing.models import ReportReply

pytestmark = pytest.mark.django_db


def test_demo_reports_in_every_state(org, now):
    reports = make_demo_reports(now=now)
    assert [r.status for r in reports] == ["RECEIVED", "NOT_A_REPORT", "WITH_DISCIPLINE", "INVESTIGATING",
                                           "REPLIED", "WITH_DISCIPLINE"]
    assert all(report_number_valid(r.number) and r.number.startswith("JB2026") for r in reports)
    assert ReportReply.objects.get().feedback_method == "CLAIM_PAGE"
    assert deadlines_sweep(now=now + timedelta(minutes=1)) == 1  # the three-week-old one
    reports[-1].refresh_from_db()
    assert reports[-1].escalated_at is not None
