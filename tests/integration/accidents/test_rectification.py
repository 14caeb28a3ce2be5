"""The result notice's rectification deadline (§2.7(6)) as a calendar deadline
`accident.rectification`: to 24:00 Asia/Shanghai of the chosen day, owned by the business office
(on its staff's home page, overdue once passed), met by the re-inspection or ended by the
customer's refusal; the case's next due time follows it."""

from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse

from utilicase.accidents import services
from utilicase.accidents.models import AccidentCase, Status
from utilicase.audit.models import AuditEvent
from utilicase.calendar.models import Deadline
from utilicase.core.workdays import SHANGHAI

pytestmark = pytest.mark.django_db
TARGET = "accidents.accidentcase"
KIND = "accident.rectification"


def _rectification(case) -> Deadline:
    return Deadline.objects.get(target_type=TARGET, target_id=str(case.pk), kind=KIND)


def test_notice_opens_the_rectification_deadline_to_the_end_of_the_chosen_day_s2_7_6(flow, customer, org):
    case = flow.noticed(customer, due=date(2026, 10, 20))
    deadline = _rectification(case)
    assert deadline.due_at == datetime(2026, 10, 21, 0, 0, tzinfo=SHANGHAI)
    assert (deadline.clause, deadline.owner_id, deadline.owner_unit_id, deadline.met_at) == \
        ("§2.7(6)", None, org["tf-power-city"].pk, None)
    fresh = AccidentCase.objects.get(pk=case.pk)
    assert fresh.rectification_deadline_id == deadline.pk
    # the report deadline was met: the rectification is the case's next due time
    assert fresh.next_due_at == deadline.due_at


def test_notice_at_odd_seconds_still_ends_at_midnight_s2_7_6(flow, customer, now):
    case = flow.reported(customer)
    flow.issue(case, "accident_result_notice", content={"rectification_date": "2026-09-30"})
    services.case_issue_notice(actor=flow.user("inspector1"), case=case, rectification_date=date(2026, 9, 30),
                               now=now + timedelta(minutes=7, seconds=42, microseconds=5))
    assert _rectification(case).due_at == datetime(2026, 10, 1, 0, 0, tzinfo=SHANGHAI)


def test_rectification_date_more_than_a_year_ahead_is_refused_by_field(flow, customer, now):
    case = flow.reported(customer)
    flow.issue(case, "accident_result_notice", content={"rectification_date": "2027-12-31"})
    with pytest.raises(services.AccidentInvalid) as exc:
        services.case_issue_notice(actor=flow.user("inspector1"), case=case, rectification_date=date(2027, 12, 31),
                                   now=now)
    assert list(exc.value.errors) == ["rectification_date"]
    assert not Deadline.objects.filter(kind=KIND).exists()


def test_reinspection_in_time_meets_the_deadline_s2_7_6(flow, customer, now):
    case = flow.noticed(customer, due=date(2026, 10, 20))
    at = datetime(2026, 10, 20, 23, 59, tzinfo=SHANGHAI)
    case = services.case_reinspect(actor=flow.user("inspector1"), case=case, note="已整改。", now=at)
    assert _rectification(case).met_at == at
    assert AccidentCase.objects.get(pk=case.pk).next_due_at is None
    assert AuditEvent.objects.get(action="accidents.case.reinspected").after["late"] is False
    met = AuditEvent.objects.get(action="calendar.deadline.met", target_id=str(_rectification(case).pk))
    assert met.after["late"] is False


def test_late_reinspection_is_recorded_late_s2_7_6(flow, customer, now):
    case = flow.noticed(customer, due=date(2026, 10, 20))
    at = datetime(2026, 10, 21, 0, 0, tzinfo=SHANGHAI)  # 24:00 of the day itself is late
    services.case_reinspect(actor=flow.user("inspector1"), case=case, note="逾期整改完毕。", now=at)
    assert _rectification(case).met_at == at
    assert AuditEvent.objects.get(action="accidents.case.reinspected").after["late"] is True
    met = AuditEvent.objects.get(action="calendar.deadline.met", target_id=str(_rectification(case).pk))
    assert met.after["late"] is True


def test_refusal_ends_the_deadline_and_referral_follows_s2_7_6(flow, customer, now):
    case = flow.noticed(customer, due=date(2026, 10, 20))
    at = datetime(2026, 10, 18, 9, 0, tzinfo=SHANGHAI)
    services.case_record_refusal(actor=flow.user("inspector1"), case=case, note="客户拒绝整改。", now=at)
    assert _rectification(case).met_at == at
    assert AccidentCase.objects.get(pk=case.pk).next_due_at is None
    case = services.case_refer(actor=flow.user("inspector1"), case=case, note="报公司管理部门。",
                               now=at + timedelta(days=1))
    assert case.status == Status.REFERRED and _rectification(case).met_at == at


def test_office_staff_see_the_rectification_on_their_home_page_then_overdue(flow, customer, as_user, monkeypatch):
    case = flow.noticed(customer, due=date(2026, 10, 20))
    monkeypatch.setattr("django.utils.timezone.now", lambda: datetime(2026, 10, 15, 9, 0, tzinfo=SHANGHAI))
    page = as_user("inspector2").get(reverse("home")).content.decode()
    row = next(r for r in page.split("<tr") if case.number in r)
    assert "事故整改期限" in row and "§2.7(6)" in row and "2026-10-21 00:00" in row and "已超期" not in row
    monkeypatch.setattr("django.utils.timezone.now", lambda: datetime(2026, 10, 21, 0, 1, tzinfo=SHANGHAI))
    page = as_user("inspector2").get(reverse("home")).content.decode()
    row = next(r for r in page.split("<tr") if case.number in r)
    assert 'class="overdue"' in row and "已超期" in row
    worklist = as_user("inspector2").get(reverse("accidents:worklist")).content.decode()
    listed = next(r for r in worklist.split("<tr") if case.number in r)
    assert "overdue" in listed and "整改" in listed
