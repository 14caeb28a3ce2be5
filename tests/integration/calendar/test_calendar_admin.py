"""The admin: pasting a notice goes through the service; notices and deadlines are read-only."""

import pytest

from tests.unit.calendar import notices
from utilicase.audit.models import AuditEvent
from utilicase.calendar.models import HolidayNotice
from utilicase.calendar.services import deadline_open, holiday_notice_load

pytestmark = pytest.mark.django_db

ADD = "/admin/workcalendar/holidaynotice/add/"


@pytest.fixture
def admin_client(client, org, example_user):
    admin = example_user("admin")
    assert admin.is_superuser
    client.force_login(admin)
    return client


def test_pasting_a_notice_loads_it_through_the_service(admin_client, example_user):
    response = admin_client.post(ADD, {"year": 2027, "notice_text": notices.NOTICE_2027})
    assert response.status_code == 302
    notice = HolidayNotice.objects.get(year=2027)
    assert notice.loaded_by == example_user("admin")
    assert AuditEvent.objects.filter(action="calendar.notice.loaded", target_id=str(notice.pk)).count() == 1
    page = admin_client.get(f"/admin/workcalendar/holidaynotice/{notice.pk}/change/").content.decode()
    assert "2027-02-20 (周六)" in page and "2027-02-08 (周一)" in page
    assert 'name="notice_text"' not in page  # read-only


def test_pasting_a_year_again_replaces_it(admin_client, now):
    holiday_notice_load(actor=None, year=2027, notice_text=notices.NOTICE_2027, now=now)
    response = admin_client.post(ADD, {"year": 2027, "notice_text": "一、元旦：1月1日（周五）放假，共1天。"})
    assert response.status_code == 302
    assert HolidayNotice.objects.get().rest_days == ["2027-01-01"]


def test_bad_text_is_shown_with_its_line(admin_client):
    response = admin_client.post(ADD, {"year": 2027, "notice_text": "通知\n一、元旦：1月1日（周四）放假。"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "第2行" in page and "周四" in page
    assert not HolidayNotice.objects.exists()


def test_notices_cannot_be_deleted_and_deadlines_not_edited(admin_client, org, now):
    notice = holiday_notice_load(actor=None, year=2027, notice_text=notices.NOTICE_2027, now=now)
    assert admin_client.post(f"/admin/workcalendar/holidaynotice/{notice.pk}/delete/").status_code == 403
    deadline = deadline_open(kind="x", clause="", target=org["tf-hall"], owner=None, owner_unit=None, start_at=now,
                             minutes=15, now=now)
    assert admin_client.get("/admin/workcalendar/deadline/add/").status_code == 403
    page = admin_client.get(f"/admin/workcalendar/deadline/{deadline.pk}/change/")
    assert page.status_code == 200 and 'name="due_at"' not in page.content.decode()
    assert admin_client.get("/admin/workcalendar/deadline/").status_code == 200
