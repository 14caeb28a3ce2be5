"""A phone complaint end to end in a real browser on a phone-sized screen: hall_staff1 takes it
by keyboard, completes and confirms the record, assesses it and routes it to the power
marketing department; handler1 replies; the KPI page shows it replied on time."""

import re

import pytest

from tests.integration.complaints.conftest import ensure_categories
from tests.integration.customers.factories import CustomerFactory
from utilicase.complaints.models import Complaint
from utilicase.demo.data import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, username: str) -> None:
    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_url(re.compile(r"^http://[^/]+/$"))


def sign_out(page) -> None:
    page.click("form[action='/logout/'] button")
    page.wait_for_url(re.compile(r"/login/"))


def test_phone_complaint_taken_assessed_routed_replied_and_counted(page, org):
    ensure_categories()
    CustomerFactory(office=org["tf-power-city"], account_number="1010000001", name="王建华",
                    contact_phone="13912345678")

    sign_in(page, "hall_staff1")
    page.goto("/complaints/new/")
    # The lookup has the focus: type the account number, Enter picks the match, type, Enter submits.
    assert page.evaluate("document.activeElement.id") == "customer-q"
    # One input event, so one lookup (typed key by key, a late answer to a shorter prefix could
    # replace the matches after the pick).
    page.fill("#customer-q", "1010000001")
    page.wait_for_selector("#customer-matches input[data-first]")
    assert "王建华" in page.locator("#customer-matches").inner_text()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "id_content"
    page.keyboard.type("本月电费比上月高出一倍，怀疑电表有问题，要求核查。")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/complaints/\d+/$"))
    complaint = Complaint.objects.get()
    assert (complaint.channel, complaint.customer.account_number) == ("PHONE", "1010000001")
    assert complaint.number in page.locator("h1").inner_text()
    assert "§6.6(4)" in page.locator("#actions").inner_text()  # routing refused until assessed

    # Each action posts in the background and, done, reloads the case page (done steps leave it).
    page.locator("#action-complete_form button[type=submit]").press("Enter")
    page.wait_for_selector("#action-complete_form", state="detached")
    page.fill("#id_confirm_record_answer", "客户说记录无误。")
    page.locator("#action-confirm_record button[type=submit]").press("Enter")
    page.wait_for_selector("#action-confirm_record", state="detached")
    page.select_option("#id_assess_category", label="计量与电费")
    page.select_option("#id_assess_impact", "MODERATE")
    page.check("#id_assess_is_valid_0")
    page.fill("#id_assess_validity_reason", "电表计量异常，情况属实。")
    page.check("#id_assess_company_at_fault_1")
    page.locator("#action-assess button[type=submit]").press("Enter")
    page.wait_for_selector("text=已完成：分类研判")
    page.select_option("#id_route_unit", label="供电公司营销部")
    page.select_option("#id_route_handler", label="吴俊（供电公司营销部）")
    page.locator("#action-route button[type=submit]").press("Enter")
    page.wait_for_selector("text=已完成：转办")
    assert "吴俊" in page.locator(".facts").inner_text()
    sign_out(page)

    sign_in(page, "handler1")
    page.goto("/complaints/")
    page.click(f"text={complaint.number}")
    page.select_option("#id_reply_method", "PHONE")
    page.fill("#id_reply_content", "已现场校验电表，确认计量偏快并更换，多收电费将在下月退还。")
    page.locator("#action-reply button[type=submit]").press("Enter")
    page.wait_for_selector("text=已完成：答复客户")
    complaint.refresh_from_db()
    assert complaint.status == "REPLIED"

    page.goto("/complaints/kpis/")
    cells = [c.strip() for c in page.locator("tr", has_text="供电公司营销部").locator("td").all_inner_texts()]
    # unit, received, replied, reply rate, replied on time, on-time rate, median hours, overdue now
    assert cells[:6] == ["供电公司营销部", "1", "1", "100.0%", "1", "100.0%"]
    assert cells[7] == "0"


def test_a_refused_assessment_keeps_the_typed_text_and_the_case_page_s6_6_3(page, org):
    ensure_categories()
    sign_in(page, "hall_staff1")
    page.goto("/complaints/new/")
    page.fill("#id_contact_name", "李秀英")
    page.fill("#id_contact_phone", "13899001122")
    page.fill("#id_content", "抄表员漏抄，估抄电量偏高。")
    page.locator("#id_content").press("Enter")
    page.wait_for_url(re.compile(r"/complaints/\d+/$"))
    case_url = page.url
    page.locator("#action-complete_form button[type=submit]").press("Enter")
    page.wait_for_selector("#action-complete_form", state="detached")
    page.fill("#id_confirm_record_answer", "客户说记录无误。")
    page.locator("#action-confirm_record button[type=submit]").press("Enter")
    page.wait_for_selector("#action-confirm_record", state="detached")

    page.select_option("#id_assess_category", label="计量与电费")
    page.select_option("#id_assess_impact", "SERIOUS")
    page.check("#id_assess_is_valid_0")
    page.fill("#id_assess_validity_reason", "估抄电量偏高，情况属实。")
    page.check("#id_assess_company_at_fault_0")  # our fault, but no apology recorded
    page.locator("#action-assess button[type=submit]").press("Enter")

    alert = page.locator("#action-assess [role=alert]")
    alert.wait_for()
    assert "§6.6(3)" in alert.inner_text() and "诚恳道歉" in alert.inner_text()
    assert page.url == case_url  # never the action's URL
    assert page.input_value("#id_assess_validity_reason") == "估抄电量偏高，情况属实。"
    assert page.locator("#id_assess_impact option:checked").inner_text().strip() == page.evaluate(
        "document.querySelector('#id_assess_impact option[value=SERIOUS]').textContent").strip()
    assert page.is_checked("#id_assess_company_at_fault_0")
    assert page.locator("h1").count() == 1  # only the block was swapped, not a page inside the page

    page.fill("#id_assess_apology_text", "非常抱歉，我们已批评教育抄表员。")
    page.locator("#action-assess button[type=submit]").press("Enter")
    page.wait_for_selector("text=已完成：分类研判")
    assert page.url == case_url
    complaint = Complaint.objects.get()
    assert (complaint.status, complaint.apology_text) == ("ASSESSED", "非常抱歉，我们已批评教育抄表员。")


def test_closing_asks_first_and_a_refusal_leaves_it_open_s6_6_8(page, org, example_user, now):
    from tests.integration.complaints.conftest import Flow

    ensure_categories()
    complaint = Flow(org, example_user, now).replied()
    sign_in(page, "hall_staff1")
    page.goto(f"/complaints/{complaint.pk}/")
    questions = []
    page.once("dialog", lambda d: (questions.append(d.message), d.dismiss()))
    page.locator("#action-close button[type=submit]").click()
    page.wait_for_timeout(300)
    assert questions == ["办结后不能再答复或修改。确定办结这件投诉吗？"]
    assert Complaint.objects.get().status == "REPLIED"
    page.once("dialog", lambda d: d.accept())
    page.locator("#action-close button[type=submit]").click()
    page.wait_for_selector("text=已完成：办结")
    assert Complaint.objects.get().status == "CLOSED"


def test_without_javascript_closing_needs_the_box_ticked_and_ends_on_the_case_page_s6_6_8(browser, live_server, org,
                                                                                           example_user, now):
    from tests.integration.complaints.conftest import Flow

    ensure_categories()
    complaint = Flow(org, example_user, now).replied()
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto("/login/")
        page.fill("#id_username", "hall_staff1")
        page.fill("#id_password", DEMO_PASSWORD)
        page.click("main button[type=submit]")
        page.wait_for_url(re.compile(r"^http://[^/]+/$"))
        page.goto(f"/complaints/{complaint.pk}/")
        page.click("#action-close button[type=submit]")  # the box is not ticked
        assert "请确认后再提交" in page.locator("#action-close").inner_text()
        assert Complaint.objects.get().status == "REPLIED"
        page.check("#id_close_confirmed")
        page.click("#action-close button[type=submit]")
        page.wait_for_selector("text=已完成：办结")
        assert page.url.endswith(f"/complaints/{complaint.pk}/")
        assert Complaint.objects.get().status == "CLOSED"
    finally:
        context.close()
