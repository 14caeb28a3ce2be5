"""Printing in a real browser: a case page and a work list printed to PDF by chromium (the print
stylesheet applies) and read back with pdftotext: A4 paper whatever the printer asked, the case's
facts and the list's rows on it, and none of the navigation, the forms or the buttons."""

import re
import subprocess

import pytest

from tests.integration.customers.factories import CustomerFactory
from tests.integration.inspections.conftest import Flow
from utilicase.demo.data import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, username: str) -> None:
    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_url(re.compile(r"^http://[^/]+/$"))


def printed(page, tmp_path, name: str) -> tuple[str, str]:
    """The page printed on Letter paper unless its stylesheet says otherwise: (text, pdfinfo)."""
    path = tmp_path / f"{name}.pdf"
    page.pdf(path=str(path), format="Letter", prefer_css_page_size=True, print_background=False)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True).stdout
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True).stdout
    return text, info


def test_a_case_page_and_a_list_print_on_a4_without_the_screen_controls(page, org, example_user, now, tmp_path):
    first = CustomerFactory(office=org["tf-power-city"], account_number="1010000001", name="王建华")
    second = CustomerFactory(office=org["tf-power-city"], account_number="1010000002", name="北湖宾馆")
    flow = Flow(org, example_user, now, first)
    order = flow.order()
    other = flow.order(customer=second)
    sign_in(page, "inspector1")
    page.set_viewport_size({"width": 1280, "height": 900})  # the print button is for a desk's screen, not a phone's

    page.goto(f"/inspections/{order.pk}/")
    assert page.locator("button[data-print]").first.is_visible()
    text, info = printed(page, tmp_path, "case")
    assert re.search(r"Page size:\s+59[45]\.\d+ x 841\.\d+ pts \(A4\)", info), info
    assert order.number in text and "王建华" in text and "检查用电安全及计量装置" in text
    for screen_only in ("退出", "修改密码", "打印", "English"):
        assert screen_only not in text, screen_only

    page.goto("/inspections/?list=all")
    text, info = printed(page, tmp_path, "list")
    assert "(A4)" in info
    assert order.number in text and other.number in text and "北湖宾馆" in text and "工作单" in text
    for screen_only in ("导出 Excel", "导出 CSV", "打印", "退出"):
        assert screen_only not in text, screen_only
