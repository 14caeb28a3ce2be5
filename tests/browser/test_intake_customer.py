"""Intake in a real browser: picking a customer (by Enter or by a tap) fills the contact name and
phone from the customer record and shows the customer's open complaints; a new search clears the
warning; the clerk may still edit the filled fields."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.test_complaints import sign_in
from tests.integration.customers.factories import CustomerFactory
from utilicase.complaints import services
from utilicase.complaints.models import Channel, Complaint
from utilicase.org.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_picking_a_customer_fills_the_contact_and_warns_of_an_open_complaint(page, org):
    customer = CustomerFactory(office=org["tf-power-city"], account_number="1010000001", name="王建华",
                               contact_phone="13912345678")
    CustomerFactory(office=org["tf-heat-east"], account_number="1010000002", name="石河子市恒源纺织有限公司",
                    contact_phone="0993-2345678")
    now = timezone.now()
    earlier = services.complaint_receive(
        actor=User.objects.get(username="hall_staff1"), channel=Channel.PHONE, customer=customer, contact_name="",
        contact_phone="", content="电费突增。", reception_started_at=now - timedelta(minutes=10),
        reception_ended_at=now - timedelta(minutes=5), now=now - timedelta(minutes=5))

    sign_in(page, "hall_staff1")
    page.goto("/complaints/new/")
    # One input event, so one lookup: typed key by key, the answer to a shorter prefix could arrive
    # after the pick and replace the matches (and the warning) with its own.
    page.fill("#customer-q", "1010000001")
    page.wait_for_selector("#customer-matches input[data-first]")
    page.keyboard.press("Enter")  # picks the first match
    page.wait_for_selector(".complaint-warning")
    assert page.input_value("#id_contact_name") == "王建华"
    assert page.input_value("#id_contact_phone") == "13912345678"
    warning = page.locator(".complaint-warning").inner_text()
    assert earlier.number in warning and "投诉单填写（15分钟）" in warning

    page.fill("#customer-q", "1010000002")
    page.wait_for_selector("#customer-matches:not(:has(.complaint-warning))")
    page.click("text=石河子市恒源纺织有限公司")
    expect(page.locator("#id_contact_phone")).to_have_value("0993-2345678")  # no eval: the CSP forbids it
    assert page.input_value("#id_contact_name") == "石河子市恒源纺织有限公司"
    assert page.locator(".complaint-warning").count() == 0
    page.fill("#id_contact_name", "恒源纺织 刘经理")  # the caller is not the account holder
    page.fill("#id_content", "供热温度不达标。")
    page.press("#id_content", "Enter")
    page.wait_for_url(re.compile(r"/complaints/\d+/$"))
    taken = Complaint.objects.exclude(pk=earlier.pk).get()
    assert (taken.customer.account_number, taken.contact_name, taken.contact_phone) == (
        "1010000002", "恒源纺织 刘经理", "0993-2345678")
