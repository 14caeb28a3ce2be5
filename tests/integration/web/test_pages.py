import pytest
from django.urls import reverse

from utilicase.demo.data import DEMO_PASSWORD, STAFF

pytestmark = pytest.mark.django_db


def test_anonymous_home_redirects_to_login(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize(("username", "full_name", "role"), [(u, n, r) for u, n, r, _, _ in STAFF])
def test_every_role_has_a_home_page(client, org, username, full_name, role):
    client.force_login(org["tianfu"].staff.model.objects.get(username=username))
    page = client.get(reverse("home")).content.decode()
    assert full_name in page
    assert str(role.label) in page  # the role in Chinese
    assert "暂无待办期限" in page


def test_pages_are_chinese_by_default_and_english_on_request(client, org):
    client.post(reverse("login"), {"username": "inspector1", "password": DEMO_PASSWORD})
    zh = client.get(reverse("home")).content.decode()
    assert '<html lang="zh-hans">' in zh and "我的待办期限" in zh
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    en = client.get(reverse("home")).content.decode()
    assert '<html lang="en">' in en
    assert "My open deadlines" in en and "Inspector" in en


def test_assets_are_served_locally(client, org):
    client.force_login(org["tianfu"].staff.model.objects.get(username="inspector1"))
    page = client.get(reverse("home")).content.decode()
    assert "http://" not in page.replace("http://testserver", "") and "https://" not in page
    assert "/static/vendor/htmx-2.0.11.min.js" in page


def test_home_lists_no_unit_deadline_of_a_case_the_user_may_not_open(as_user, org, now):
    """A deadline nobody owns is listed to its unit's staff; one on a case a member may not open
    (an office's field worker and a complaint of the hall's) is not listed to them."""
    from datetime import timedelta

    from tests.integration.customers.factories import CustomerFactory
    from utilicase.calendar.services import deadline_open
    from utilicase.complaints import services as complaint_services
    from utilicase.org.models import User

    customer = CustomerFactory(office=org["tf-power-city"])
    complaint = complaint_services.complaint_receive(
        actor=User.objects.get(username="hall_staff1"), channel="PHONE", customer=customer, contact_name="",
        contact_phone="", content="电表走字异常。", reception_started_at=now - timedelta(minutes=5),
        reception_ended_at=now, now=now)
    deadline_open(kind="test.office", clause="", target=complaint, owner=None,
                  owner_unit=org["tf-power-city"], start_at=now, working_days=5, now=now)
    assert complaint.number not in as_user("field_worker1").get("/").content.decode()
    assert as_user("field_worker1").get(f"/complaints/{complaint.pk}/").status_code == 404
