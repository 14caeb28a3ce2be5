"""A report taken at the counter and confirmed: from then on the hall staff who took it and the
hall head get the 404 page, while discipline inspection reads it (§6.7(iii)(1-6))."""

import re

import pytest

from utilicase.demo.data import DEMO_PASSWORD
from utilicase.org.models import User
from utilicase.whistleblowing import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SECRET = "举报营业厅收费员私收现金不开票据"


def _login(page, username: str) -> None:
    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("#login-submit")
    page.wait_for_url(re.compile(r"^http://[^/]+/$"))


def _logout(page) -> None:
    page.goto("/")  # the 404 page has no navigation
    page.get_by_role("button", name="退出").click()
    page.wait_for_url(re.compile(r"/login/"))


def test_confirmed_report_is_for_discipline_only(page, org):
    _login(page, "hall_staff1")
    page.get_by_role("link", name="举报", exact=True).first.click()
    page.click("#report-new")
    page.get_by_label("来电").check()
    page.fill("#id_content", SECRET)
    page.keyboard.press("Tab")
    page.click("#intake-save")
    code = page.locator("#claim-code").inner_text()
    assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){3}", code)
    page.get_by_role("link", name=re.compile(r"打开 JB2026\d{8}")).click()
    url = page.url
    number = page.locator("h1").inner_text().split()[0]
    assert re.fullmatch(r"JB2026\d{8}", number)
    assert SECRET not in page.content()  # the front line never reads the content back
    page.once("dialog", lambda d: d.accept())  # confirming cannot be undone: the browser asks first
    page.click("#action-confirm button[type=submit]")
    page.wait_for_url(re.compile(r"/reports/$"))
    assert "只有纪检监察部门可以查看" in page.content()
    assert number not in page.locator("main").inner_text()
    response = page.goto(url)
    assert response.status == 404 and "页面不存在" in page.content() and SECRET not in page.content()
    _logout(page)

    _login(page, "discipline1")
    page.goto(url)
    assert number in page.locator("h1").inner_text()
    assert SECRET in page.content()
    assert "举报答复" in page.content()
    _logout(page)

    _login(page, "hall_head1")
    page.goto("/reports/")
    assert number not in page.locator("main").inner_text()
    response = page.goto(url)
    assert response.status == 404 and SECRET not in page.content()


def test_claim_page_on_a_phone_without_login(page, org):
    page.goto("/reports/claim/")
    page.fill("#id_code", "0000-0000-0000-0000")
    page.click("#claim-submit")
    assert "没有找到" in page.locator("[role=alert]").inner_text()


def test_reporter_sets_a_claim_secret_then_the_code_alone_shows_nothing(page, org, now):
    staff = User.objects.get(username="hall_staff1")
    _, code = services.report_receive(actor=staff, channel="PHONE", received_at=now, content=SECRET,
                                      claim_code_wanted=True, now=now)
    page.goto("/reports/claim/")
    page.fill("#id_code", code)
    page.click("#claim-submit")
    assert "已受理" in page.locator("#claim-answer").inner_text()
    page.fill("#secret_new_secret", "only-mine-2026")
    page.fill("#secret_new_secret_again", "only-mine-2026")
    page.click("#claim-secret-submit")
    assert "查询密码已设置" in page.locator("#claim-answer").inner_text()
    page.fill("#id_code", code)  # the clerk, who knows the code alone
    page.click("#claim-submit")
    assert "请输入正确的查询密码" in page.locator("[role=alert]").inner_text()
    assert page.locator("#claim-answer").count() == 0
    page.fill("#id_code", code)
    page.fill("#id_secret", "only-mine-2026")
    page.click("#claim-submit")
    assert "已受理" in page.locator("#claim-answer").inner_text()
