"""A metering order end to end in a real browser at a phone's width: field_worker1 opens the
order, books the appointment with the phone script on screen (§4.4(1)), ticks the checklists
before leaving and before work (§4.4(2), (4)), arrives within the slot (§4.4(3)), declares no
meals or lodging (§4.4(6)), records the finish, has the customer sign on the pad and completes
the order (§4.4(5)); then makes the rating QR code, and the customer, not signed in, rates the
service on a phone once: the link then says it was used. No page breaks the CSP, none scrolls
sideways."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.browser.test_inspections import sign_in, sign_pad
from tests.integration.customers.factories import CustomerFactory
from utilicase.fieldwork.models import FieldWorkOrder, RatingVia, Status

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def customer(org):
    return CustomerFactory(office=org["tf-power-city"], account_number="1010000001", name="王建华",
                           contact_phone="13912345678", address="城区解放路 12 号")


def phone(browser, live_server, violations):
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport={"width": 375, "height": 812},
                                  is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("dialog", lambda dialog: dialog.accept())  # finishing asks first
    return context, page


def act(page, name: str) -> None:
    """Press an action's button; the order page comes back (a full load after htmx's redirect)."""
    with page.expect_navigation():
        page.locator(f"#action-{name} button[type=submit]").click()
    page.wait_for_selector(".messages")


def fits(page) -> None:
    widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1], page.url


def test_a_metering_order_from_the_appointment_to_the_customer_s_rating(browser, live_server, customer,
                                                                        example_user):
    violations: list[str] = []
    context, page = phone(browser, live_server, violations)
    try:
        sign_in(page, "field_worker1")
        page.goto("/field/")
        page.click("#order-new")
        page.select_option("#id_kind", "METERING")
        page.fill("#id_account_number", "1010000001")
        page.fill("#id_description", "更换损坏的电能表。")
        page.check(f"#order-form input[value='{example_user('field_worker1').pk}']")
        page.click("#order-save")
        page.wait_for_url(re.compile(r"/field/\d+/$"))
        order = FieldWorkOrder.objects.get()
        fits(page)

        assert "王建华" in page.locator("#phone-script").inner_text()
        start = timezone.localtime() - timedelta(minutes=10)
        page.fill("#id_appoint_slot_start", f"{start:%Y-%m-%dT%H:%M}")
        page.fill("#id_appoint_slot_end", f"{start + timedelta(hours=2):%Y-%m-%dT%H:%M}")
        page.check("#id_appoint_address_confirmed")
        page.fill("#id_appoint_preparation", "请清理电表箱周围杂物。")
        act(page, "appoint")
        page.goto("/field/")
        assert order.number in page.locator("#worklist").inner_text()  # today's, by slot
        page.click(f"#worklist >> text={order.number}")

        for box in page.locator("#action-depart input[type=checkbox]").all():
            box.check()
        act(page, "depart")
        act(page, "arrive")
        for box in page.locator("#action-start_work input[type=checkbox]").all():
            box.check()
        act(page, "start_work")
        act(page, "declare_meals")
        page.fill("#id_finish_facts_work_done", "已更换电能表并校验。")
        page.fill("#id_finish_facts_safety_reminder", "请勿自行打开电表箱。")
        act(page, "finish_facts")
        page.fill("#id_confirm_signer_name", "王建华")
        sign_pad(page, "#pad-signature")
        act(page, "confirm")
        fits(page)
        act(page, "finish")
        assert "已完工" in page.locator("#order-status").inner_text()

        with page.expect_navigation():
            page.click("#rating-link-form button")
        assert page.locator("#rating-qr svg").count() == 1
        url = page.locator("#rating-url").inner_text()
    finally:
        context.close()

    customer_context, customer_page = phone(browser, live_server, violations)
    try:
        customer_page.goto(url)
        assert order.number in customer_page.locator("#rating").inner_text()
        fits(customer_page)
        customer_page.check("#id_rating_0")  # 5 points, first
        customer_page.fill("#id_comment", "师傅很准时。")
        customer_page.click("#rating-form button[type=submit]")
        customer_page.wait_for_selector("#rating-result[data-result='thanks']")
        customer_page.goto(url)
        assert customer_page.locator("#rating-result").get_attribute("data-result") == "gone"
    finally:
        customer_context.close()

    order.refresh_from_db()
    assert (order.status, order.rating, order.rating_comment, order.rating_via, order.minutes_late,
            order.confirmed_by_name) == (Status.COMPLETED, 5, "师傅很准时。", RatingVia.LINK, 0, "王建华")
    assert not violations, violations
