import re

import pytest

from utilicase.demo.data import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_inspector_signs_in_on_a_phone_and_switches_to_english(page, org):
    page.goto("/")
    assert re.search(r"/login/", page.url)
    page.fill("#id_username", "inspector1")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("#login-submit")
    page.wait_for_url(re.compile(r"^http://[^/]+/$"))
    assert page.locator("h1").inner_text() == "王建国"
    assert "城区供电营业所" in page.content()
    assert "我的待办期限" in page.content()
    page.click("button[name=language][value=en]")
    page.wait_for_selector("text=My open deadlines")
    assert page.locator("html").get_attribute("lang") == "en"


def test_wrong_password_shows_the_error(page, org):
    page.goto("/login/")
    page.fill("#id_username", "inspector1")
    page.fill("#id_password", "not-the-password")
    page.click("#login-submit")
    assert "用户名或密码不正确" in page.locator("[role=alert]").inner_text()
