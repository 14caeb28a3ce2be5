"""Instants outside the years the system supports (2000 to 2100, read in Asia/Shanghai) are
refused naming the field: in the API, in the services behind the forms, and in the calendar
command; never numbered in another year or answered in local mean time (+08:05:43)."""

from datetime import datetime, timedelta, timezone

import pytest
from django.core.management import execute_from_command_line

from utilicase.complaints.models import Complaint
from utilicase.complaints.services import ComplaintInvalid, complaint_receive
from utilicase.core.workdays import parse_start

PLUS_14 = timezone(timedelta(hours=14))
COMPLAINT = {"channel": "PHONE", "contact_name": "李秀英", "contact_phone": "13899001122", "content": "电费突增。"}


@pytest.mark.parametrize("text", ["0001-01-01", "1999-12-31 23:59", "2000-01-01T00:00+14:00", "2101-01-01",
                                  "9999-12-31T23:59-12:00"])
def test_parse_start_refuses_years_outside_2000_to_2100(text):
    with pytest.raises(ValueError, match="不在2000年至2100年之间"):
        parse_start(text)


def test_parse_start_takes_the_first_and_last_supported_instants():
    assert parse_start("2000-01-01").isoformat() == "2000-01-01T00:00:00+08:00"
    assert parse_start("2100-12-31T23:59").isoformat() == "2100-12-31T23:59:00+08:00"


def test_calendar_due_with_a_start_in_year_1_exits_with_an_error(capsys):
    with pytest.raises(SystemExit) as exit_:
        execute_from_command_line(["utilicase", "calendar", "due", "--start", "0001-01-01", "--working-days", "1",
                                   "--lang", "en"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "--start" in err and "outside the years 2000 to 2100" in err


@pytest.mark.django_db
def test_the_calendar_api_refuses_such_a_start_naming_it(client, example_user):
    client.force_login(example_user("hall_staff1"))
    response = client.get("/api/v1/calendar/due", {"start": "0001-01-01", "working_days": 1})
    assert response.status_code == 422
    assert "start" in response.json()["detail"][0]["loc"]


@pytest.mark.django_db
def test_a_complaint_received_in_1999_shanghai_time_is_422_naming_the_field(client, example_user, now):
    client.force_login(example_user("hall_staff1"))
    response = client.post("/api/v1/complaints", {**COMPLAINT, "reception_started_at": "2000-01-01T00:00+14:00",
                                                  "reception_ended_at": "2026-09-30T10:00+08:00"},
                           content_type="application/json")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "payload", "reception_started_at"]
    assert not Complaint.objects.exists()


@pytest.mark.django_db
def test_the_intake_service_behind_the_form_refuses_it_naming_the_field(example_user, now):
    with pytest.raises(ComplaintInvalid) as refused:
        complaint_receive(actor=example_user("hall_staff1"), **COMPLAINT, now=now,
                         reception_started_at=datetime(2000, 1, 1, tzinfo=PLUS_14), reception_ended_at=now)
    assert list(refused.value.errors) == ["reception_started_at"]
