"""GET /api/v1/calendar/due and /api/v1/calendar/years/{year}."""

import pytest

from tests.unit.calendar import notices
from utilicase.calendar.services import holiday_notice_load

pytestmark = pytest.mark.django_db

DUE = "/api/v1/calendar/due"


@pytest.fixture
def api(client, org, example_user):
    client.force_login(example_user("hall_staff1"))
    return client


def test_unauthenticated_is_refused(client, org):
    assert client.get(DUE, {"start": "2026-09-30 10:00", "working_days": 5}).status_code == 401


@pytest.mark.parametrize("params, expected", [
    ({"start": "2026-09-30 10:00", "working_days": 5},
     {"due_date": "2026-10-13", "due_at": "2026-10-14T00:00:00+08:00", "provisional": False}),
    ({"start": "2026-09-30T10:00:00+08:00", "working_days": 10},
     {"due_date": "2026-10-20", "due_at": "2026-10-21T00:00:00+08:00", "provisional": False}),
    ({"start": "2026-09-30 10:00", "minutes": 15}, {"due_at": "2026-09-30T10:15:00+08:00", "provisional": False}),
    ({"start": "2031-03-03", "working_days": 5},
     {"due_date": "2031-03-10", "due_at": "2031-03-11T00:00:00+08:00", "provisional": True}),
    ({"start": "2025-12-30", "working_days": 2},
     {"due_date": "2026-01-04", "due_at": "2026-01-05T00:00:00+08:00", "provisional": False}),
])
def test_due(api, params, expected):
    response = api.get(DUE, params)
    assert response.status_code == 200
    assert response.json() == expected


@pytest.mark.parametrize("params, field", [
    ({"start": "2026-02-30 10:00", "working_days": 5}, "start"),
    ({"start": "yesterday", "working_days": 5}, "start"),
    ({"start": "2026-09-30 10:00", "working_days": -1}, "working_days"),
    ({"start": "2026-09-30 10:00", "minutes": -15}, "minutes"),
    ({"start": "2026-09-30 10:00", "working_days": "five"}, "working_days"),
    ({"start": "2026-09-30 10:00"}, "working_days"),
    ({"start": "2026-09-30 10:00", "working_days": 5, "minutes": 15}, "minutes"),
    ({"working_days": 5}, "start"),
])
def test_bad_input_is_422_naming_the_field(api, params, field):
    response = api.get(DUE, params)
    assert response.status_code == 422
    errors = response.json()["detail"]
    assert any(e["loc"][-1] == field for e in errors), errors


def test_a_library_year(api):
    body = api.get("/api/v1/calendar/years/2026").json()
    assert body["official"] is True and body["source"] == "library" and body["loaded_at"] is None
    assert body["working_days"] == ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20",
                                    "2026-10-10"]
    assert "2026-10-07" in body["rest_days"] and "2026-10-03" not in body["rest_days"]


def test_a_loaded_year_and_a_year_without_data(api, now):
    assert api.get("/api/v1/calendar/years/2027").json() == {
        "year": 2027, "official": False, "source": "law", "working_days": [], "loaded_at": None,
        "rest_days": ["2027-01-01", "2027-02-05", "2027-02-08", "2027-04-05", "2027-06-09", "2027-09-15",
                      "2027-10-01"]}
    holiday_notice_load(actor=None, year=2027, notice_text=notices.NOTICE_2027, now=now)
    body = api.get("/api/v1/calendar/years/2027").json()
    assert body["official"] is True and body["source"] == "notice"
    assert body["working_days"] == ["2027-02-20", "2027-09-26", "2027-10-09"]
    assert api.get(DUE, {"start": "2027-02-04", "working_days": 1}).json()["due_date"] == "2027-02-15"


def test_a_year_out_of_range_is_422(api):
    assert api.get("/api/v1/calendar/years/1800").status_code == 422


@pytest.mark.parametrize("params, field, chinese, english", [
    ({"start": "2026-09-30 10:00"}, "working_days",
     "working_days: 请给出 working_days 或 minutes。", "working_days: give working_days or minutes."),
    ({"start": "2026-09-30 10:00", "working_days": 5, "minutes": 15}, "minutes",
     "minutes: working_days 与 minutes 只能给出一个。", "minutes: give working_days or minutes, not both."),
    ({"start": "next week", "working_days": 5}, "start",
     "start: “next week”不是日期或时间，应形如 2026-09-30 10:00。",
     "start: \"next week\" is not a date or time like 2026-09-30 10:00."),
    ({"start": "2026-02-30 10:00", "working_days": 5}, "start",
     "start: “2026-02-30 10:00”不是有效的日期或时间。", "start: \"2026-02-30 10:00\" is not a valid date or time."),
    ({"start": "1999-12-31 10:00", "working_days": 5}, "start",
     "start: “1999-12-31 10:00”不在2000年至2100年之间。",
     "start: \"1999-12-31 10:00\" is outside the years 2000 to 2100."),
])
def test_the_api_s_own_refusals_speak_the_request_s_language(api, params, field, chinese, english):
    """Chinese by default, English for a client that asks for it (Accept-Language)."""
    for headers, expected in (({}, chinese), ({"HTTP_ACCEPT_LANGUAGE": "en"}, english)):
        response = api.get(DUE, params, **headers)
        assert response.status_code == 422
        assert [(e["loc"][-1], e["msg"]) for e in response.json()["detail"]] == [(field, expected)]
