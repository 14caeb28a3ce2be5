"""Error pages in the site's layout and language. A 404 carries nothing that changes between
requests, so that a record one may not see answers byte for byte like a missing one (§6.7(iii))."""

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.views.defaults import server_error

pytestmark = pytest.mark.django_db


def test_not_found_is_a_page_of_the_site_in_chinese(client, example_user):
    client.force_login(example_user("inspector1"))
    response = client.get("/no-such-page/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "<h1>页面不存在</h1>" in page and 'href="/complaints/"' in page and "王建国" in page
    assert "csrf" not in page.lower() and "/no-such-page/" not in page


def test_not_found_is_in_english_when_english_is_chosen(client, example_user):
    client.force_login(example_user("inspector1"))
    client.cookies["django_language"] = "en"
    page = client.get("/no-such-page/").content.decode()
    assert '<html lang="en">' in page and "<h1>Page not found</h1>" in page


def test_two_missing_records_answer_the_same_bytes_s6_7_iii_1_6(client, example_user):
    client.force_login(example_user("hall_staff1"))
    first, second = client.get("/complaints/999001/"), client.get("/complaints/999002/")
    assert (first.status_code, second.status_code) == (404, 404)
    assert first.content == second.content


def test_forbidden_is_a_page_of_the_site(client, example_user):
    client.force_login(example_user("inspector1"))
    response = client.get(reverse("complaints:new"))
    assert response.status_code == 403
    assert "<h1>无权操作</h1>" in response.content.decode()


def test_server_error_renders_without_database_or_request_context(rf, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = server_error(rf.get("/"))
    page = response.content.decode()
    assert response.status_code == 500
    assert "<h1>系统出错</h1>" in page and "/static/utilicase/site.css" in page and 'href="/"' in page


def test_favicon_is_linked_and_served_locally(client, example_user):
    client.force_login(example_user("inspector1"))
    assert '<link rel="icon" href="/static/utilicase/favicon.svg"' in client.get("/").content.decode()
    response = client.get("/favicon.ico")
    assert (response.status_code, response["Location"]) == (301, "/static/utilicase/favicon.svg")
    assert finders.find("utilicase/favicon.svg")


def test_a_post_without_its_csrf_token_is_told_to_submit_again_in_the_site_layout(db):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(reverse("login"), {"username": "x", "password": "y"})
    page = response.content.decode()
    assert response.status_code == 403
    assert "<h1>请重新提交</h1>" in page and "/static/utilicase/site.css" in page
