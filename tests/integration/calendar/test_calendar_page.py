"""The /calendar/due/ page."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_login_required(client, org):
    response = client.get(reverse("calendar:due"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_the_form_is_offered(client, org, example_user):
    client.force_login(example_user("hall_staff1"))
    page = client.get(reverse("calendar:due")).content.decode()
    assert 'name="start"' in page and 'name="working_days"' in page
    assert "24:00前" not in page


def test_the_due_date_is_shown_as_24_00_of_the_last_day(client, org, example_user):
    client.force_login(example_user("hall_staff1"))
    page = client.get(reverse("calendar:due"), {"start": "2026-09-30 10:00", "working_days": 5}).content.decode()
    assert "2026-10-13 24:00前" in page
    assert "暂定" not in page


def test_a_provisional_result_is_marked(client, org, example_user):
    client.force_login(example_user("hall_staff1"))
    page = client.get(reverse("calendar:due"), {"start": "2031-03-03 09:00", "working_days": 5}).content.decode()
    assert "2031-03-10 24:00前" in page and "（暂定）" in page


@pytest.mark.parametrize("params", [{"start": "2026-02-30", "working_days": 5},
                                    {"start": "2026-09-30 10:00", "working_days": -2},
                                    {"start": "9999-12-31", "working_days": 5}])
def test_bad_input_is_shown_on_the_form(client, org, example_user, params):
    client.force_login(example_user("hall_staff1"))
    response = client.get(reverse("calendar:due"), params)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="error"' in page and "24:00前" not in page
