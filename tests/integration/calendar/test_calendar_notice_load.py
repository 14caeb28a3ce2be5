"""Loading a State Council notice: it replaces the package's data for its year, makes the year
official, recomputes open deadlines that depended on it, and is audited."""

from datetime import date, datetime

import pytest

from tests.unit.calendar import notices
from utilicase.audit.models import AuditEvent
from utilicase.calendar.models import Deadline, HolidayNotice
from utilicase.calendar.selectors import work_calendar, year_info
from utilicase.calendar.services import (
    deadline_meet,
    deadline_open,
    deadlines_recompute_provisional,
    holiday_notice_load,
)
from utilicase.core.workdays import SHANGHAI, NoticeParseError

pytestmark = pytest.mark.django_db


def _open(org, start: datetime, n: int, now: datetime, **kw) -> Deadline:
    return deadline_open(kind="complaint.reply", clause="§6.6(8)", target=org["tf-hall"], owner=None,
                         owner_unit=org["tf-hall"], start_at=start, working_days=n, now=now, **kw)


def test_loading_a_year_without_data_makes_it_official(org, example_user, now):
    assert year_info(year=2027).official is False
    notice = holiday_notice_load(actor=example_user("admin"), year=2027, notice_text=notices.NOTICE_2027, now=now)
    info = year_info(year=2027)
    assert info.official is True and info.source == "notice"
    assert date(2027, 2, 8) in info.rest_days
    assert info.working_days == [date(2027, 2, 20), date(2027, 9, 26), date(2027, 10, 9)]
    assert notice.loaded_by == example_user("admin") and notice.loaded_at == now
    assert "2027-02-13" in notice.rest_days  # weekends of the period are stored as the notice says
    event = AuditEvent.objects.get(action="calendar.notice.loaded")
    assert event.target_type == "workcalendar.holidaynotice" and event.target_id == str(notice.pk)
    assert event.actor_name == "系统管理员"
    assert event.before["source"] == "law" and event.after["source"] == "notice"
    assert "2027-02-08" in event.after["rest_days"]


def test_loading_recomputes_open_provisional_deadlines(org, example_user, now):
    start = datetime(2027, 2, 4, 10, 0, tzinfo=SHANGHAI)  # Thursday before the 2027 Spring Festival
    deadline = _open(org, start, 5, now)
    met = _open(org, start, 5, now)
    deadline_meet(deadline=met, now=now)
    # Provisional: the eve 2/5 and day 3 2/8 are statutory holidays; the swaps are not known yet.
    assert (deadline.due_date, deadline.provisional) == (date(2027, 2, 15), True)

    holiday_notice_load(actor=example_user("admin"), year=2027, notice_text=notices.NOTICE_2027, now=now)

    deadline.refresh_from_db()
    # 2/5-2/13 off: 2/15, 16, 17, 18, 19.
    assert (deadline.due_date, deadline.provisional) == (date(2027, 2, 19), False)
    assert deadline.due_at == datetime(2027, 2, 20, 0, 0, tzinfo=SHANGHAI)
    met.refresh_from_db()
    assert (met.due_date, met.provisional) == (date(2027, 2, 15), True)  # a met deadline stays as it was
    event = AuditEvent.objects.get(action="calendar.deadline.recomputed")
    assert event.target_id == str(deadline.pk) and event.clause == "§6.6(8)"
    assert event.before["due_date"] == "2027-02-15" and event.after["due_date"] == "2027-02-19"


def test_a_deadline_still_crossing_a_year_without_data_stays_provisional(org, example_user, now):
    deadline = _open(org, datetime(2027, 12, 29, 9, 0, tzinfo=SHANGHAI), 5, now)
    holiday_notice_load(actor=example_user("admin"), year=2027, notice_text=notices.NOTICE_2027, now=now)
    deadline.refresh_from_db()
    assert deadline.provisional is True  # 2028 has no data yet
    assert deadline.due_date == date(2028, 1, 5)


def test_loading_a_year_replaces_the_package_data_and_moves_deadlines_in_it(org, example_user, now):
    before = _open(org, now, 5, now)
    assert before.due_date == date(2026, 10, 13)
    text = "一、国庆节：10月1日（周四）至8日（周四）放假调休，共8天。9月27日（周日）上班。"
    holiday_notice_load(actor=example_user("admin"), year=2026, notice_text=text, now=now)
    calendar = work_calendar()
    assert calendar.is_working_day(date(2026, 10, 10)) is False  # the package's swapped Saturday is gone
    assert calendar.is_working_day(date(2026, 2, 16)) is True
    before.refresh_from_db()
    assert before.due_date == date(2026, 10, 15)  # 10/9, 12, 13, 14, 15
    assert year_info(year=2026).source == "notice"


def test_loading_the_same_year_again_replaces_the_notice(org, example_user, now):
    holiday_notice_load(actor=None, year=2027, notice_text=notices.NOTICE_2027, now=now)
    text = "一、元旦：1月1日（周五）放假，共1天。"
    holiday_notice_load(actor=example_user("admin"), year=2027, notice_text=text, now=now)
    assert HolidayNotice.objects.count() == 1
    notice = HolidayNotice.objects.get()
    assert notice.rest_days == ["2027-01-01"] and notice.working_days == []
    assert work_calendar().is_working_day(date(2027, 2, 8)) is True
    assert AuditEvent.objects.filter(action="calendar.notice.loaded").count() == 2


def test_bad_text_loads_nothing(org, example_user, now):
    with pytest.raises(NoticeParseError) as info:
        holiday_notice_load(actor=example_user("admin"), year=2027, notice_text="一、元旦：放假。", now=now)
    assert info.value.line_no == 1
    assert not HolidayNotice.objects.exists()
    assert not AuditEvent.objects.filter(action="calendar.notice.loaded").exists()


def test_a_notice_written_by_another_process_is_seen(org, now):
    assert work_calendar().is_working_day(date(2027, 2, 9)) is True
    HolidayNotice.objects.create(year=2027, rest_days=["2027-02-09"], working_days=[], notice_text="-",
                                 loaded_at=now)
    assert work_calendar().is_working_day(date(2027, 2, 9)) is False


def test_recompute_provisional_after_a_notice_row_appears(org, now):
    deadline = _open(org, datetime(2027, 2, 4, 10, 0, tzinfo=SHANGHAI), 1, now)
    firm = _open(org, now, 1, now)
    assert deadline.due_date == date(2027, 2, 9)  # the eve 2/5 and 2/8 are statutory holidays
    # A (made-up) notice giving only 2/5 off: the statutory days it does not list are working days.
    HolidayNotice.objects.create(year=2027, rest_days=["2027-02-05"], working_days=[], notice_text="-",
                                 loaded_at=now)
    assert deadlines_recompute_provisional(now=now) == 1
    deadline.refresh_from_db()
    assert (deadline.due_date, deadline.provisional) == (date(2027, 2, 8), False)
    firm.refresh_from_db()
    assert firm.due_date == date(2026, 10, 8)
    assert AuditEvent.objects.filter(action="calendar.deadline.recomputed").count() == 1
