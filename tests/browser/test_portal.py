"""The customer portal in a real browser on a phone-sized screen: a customer signs in with the
code sent to the phone on file, files a complaint online, a handler replies (through the
services), and the customer sees the reply on the complaint's page."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.integration.complaints.conftest import ensure_categories
from tests.integration.customers.factories import CustomerFactory
from tests.integration.portal.conftest import SENT
from utilicase.complaints import services as complaints
from utilicase.complaints.models import Complaint, ComplaintCategory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_customer_files_a_complaint_online_and_sees_the_reply(page, org, example_user, settings):
    settings.UTILICASE_OTP_SENDER = "tests.integration.portal.conftest.CapturingSender"
    SENT.clear()
    ensure_categories()
    customer = CustomerFactory(office=org["tf-power-city"], account_number="1010000001", name="王建华",
                               contact_phone="13912345678")

    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto("/portal/sign-in/")
    page.select_option("#id_enterprise", str(customer.enterprise_id))
    page.fill("#id_account_number", "1010000001")
    page.fill("#id_phone", "139 1234 5678")
    page.click("#portal-send-code")
    page.wait_for_url(re.compile(r"/portal/sign-in/code/$"))
    assert [s["phone"] for s in SENT] == ["13912345678"]
    page.fill("#id_code", SENT[-1]["code"])
    page.click("#portal-verify")
    page.wait_for_url(re.compile(r"/portal/$"))
    assert "王建华" in page.locator("header").inner_text()

    page.click("nav.portal-nav >> text=我要投诉")
    page.fill("#id_content", "小区停电三次，没有提前通知。")
    page.click("#portal-file-complaint")
    page.wait_for_url(re.compile(r"/portal/complaints/TS\d+/$"))
    complaint = Complaint.objects.get()
    assert (complaint.channel, complaint.customer_id) == ("ONLINE", customer.pk)
    assert complaint.number in page.locator("h1").inner_text()
    assert page.locator("#portal-complaint-status").inner_text() == "已受理"
    due = timezone.localtime(complaint.reply_due_at)
    assert page.locator("#portal-complaint-due").inner_text() == f"{due:%Y-%m-%d %H:%M}"
    assert "尚未答复" in page.locator("#portal-reply").inner_text()

    head, handler = example_user("hall_head1"), example_user("handler1")
    now = timezone.now()
    complaints.complaint_assess(actor=head, complaint=complaint, category=ComplaintCategory.objects.first(),
                                impact="MINOR", is_valid=True, validity_reason="计划停电未公告。", company_at_fault=True,
                                apology_text="非常抱歉。", now=now)
    complaints.complaint_route(actor=head, complaint=complaint, unit=org["tf-power-marketing"], handler=handler,
                               now=now + timedelta(seconds=1))
    complaints.complaint_reply(actor=handler, complaint=complaint, method="PHONE",
                               content="已核实，今后计划停电提前三天公告。", now=now + timedelta(seconds=2))

    page.reload()
    assert page.locator("#portal-complaint-status").inner_text() == "已答复"
    reply = page.locator("#portal-reply").inner_text()
    assert "已核实，今后计划停电提前三天公告。" in reply
    assert "计划停电未公告。" not in page.content()  # the assessment stays internal
    assert handler.display_name not in page.content()
    assert violations == []
