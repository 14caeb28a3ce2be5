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
