"""A routine inspection end to end in a real browser: office_head1 makes the month's plan for a
customer with two inspectors, generates the order, submits and approves it; inspector1 finds it
in today's list, books the appointment, prepares, and on the phone page arrives with both
inspectors and their certificates shown, starts the inspection, photographs the defect with the
camera input, has the customer sign, records the finding with a rectification, and leaves; back
on the order page the records are archived, the re-inspection accepts the rectification, and the
inspection is closed (§2.4, §2.5). And the on-site page at a phone's width: no sideways scroll."""

import re

import pytest
from django.utils import timezone

from tests.integration.customers.factories import CustomerFactory
from tests.integration.evidence.helpers import jpeg
from tests.integration.inspections.conftest import Flow
from utilicase.demo.data import DEMO_PASSWORD
from utilicase.inspections.models import InspectionOrder, RectificationStatus, Status

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


def step(page, name: str) -> None:
    """Press an action's button and wait for the page to come back without that form."""
    page.locator(f"#action-{name} button[type=submit]").click()
    page.wait_for_selector(f"#action-{name}", state="detached")


def sign_pad(page, canvas: str) -> None:
    page.wait_for_selector(f"{canvas}[data-ready]")  # the pad's deferred script has bound it
    page.locator(canvas).scroll_into_view_if_needed()
    box = page.locator(canvas).bounding_box()
    x, y = box["x"], box["y"]
    page.mouse.move(x + 20, y + box["height"] * 0.7)
    page.mouse.down()
    for i in range(1, 12):
        page.mouse.move(x + 20 + i * (box["width"] - 40) / 11, y + box["height"] * (0.3 if i % 2 else 0.7), steps=3)
    page.mouse.up()


@pytest.fixture
def customer(org, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return CustomerFactory(office=org["tf-power-city"], account_number="1010000001", name="王建华",
                           contact_phone="13912345678")


def test_a_routine_inspection_from_the_plan_to_the_accepted_rectification(page, customer, example_user):
    today = timezone.localdate()
    page.on("dialog", lambda dialog: dialog.accept())  # the close step asks first

    sign_in(page, "office_head1")
    page.goto("/inspections/plans/")
    page.click("#plan-new")
    page.select_option("#id_office", label="城区供电营业所")
    page.select_option("#id_utility", "POWER")
    page.fill("#id_month", f"{today:%Y-%m}")
    page.click("#plan-save")
    page.wait_for_url(re.compile(r"/inspections/plans/\d+/$"))
    page.fill("#id_entry_account_number", "1010000001")
    page.fill("#id_entry_planned_date", today.isoformat())
    for username in ("inspector1", "inspector2"):
        page.check(f"#plan-entry input[value='{example_user(username).pk}']")
    page.click("#entry-add")
    page.wait_for_selector("text=已将客户 王建华 列入计划。")
    page.click("#generate")
    page.wait_for_selector("text=已生成 1 张检查工作单。")
    order = InspectionOrder.objects.get()
    page.click(f"#entries >> text={order.number}")
    page.wait_for_url(re.compile(rf"/inspections/{order.pk}/$"))
    step(page, "submit")
    step(page, "approve")
    assert InspectionOrder.objects.get().status == Status.APPROVED
    sign_out(page)

    sign_in(page, "inspector1")
    page.goto("/inspections/")
    assert order.number in page.locator("#worklist").inner_text()  # today's inspections
    page.click(f"#worklist >> text={order.number}")
    page.fill("#id_appoint_appointment_at", f"{today.isoformat()}T15:00")
    page.fill("#id_appoint_contact", "王建华（户主）")
    step(page, "appoint")
    step(page, "prepare")

    page.click("#on-site")
    page.wait_for_url(re.compile(rf"/inspections/{order.pk}/site/$"))
    for username in ("inspector1", "inspector2"):
        page.check(f"#action-arrive input[value='{example_user(username).pk}']")
    page.check("#id_arrive_certificates_shown")
    step(page, "arrive")
    assert page.url.endswith(f"/inspections/{order.pk}/site/")
    step(page, "inspect")

    # The photo from the camera input goes to the evidence register of the order.
    page.set_input_files("#site-photo", files=[{"name": "earth.jpg", "mimeType": "image/jpeg", "buffer": jpeg()}])
    page.fill("#site-description", "配电箱接地线锈蚀断开")
    page.click("#site-evidence button[type=submit]")
    page.wait_for_url(re.compile(r"/evidence/items/\d+/$"))
    page.goto(f"/inspections/{order.pk}/site/")
    page.fill("#site-signer", "王建华")
    sign_pad(page, "#pad-signature")
    page.click("#site-signature button[type=submit]")
    page.wait_for_selector("text=客户已签字确认证据登记。")

    page.goto(f"/inspections/{order.pk}/site/")
    page.click("#actions summary >> text=记录检查发现的问题")
    page.select_option("#id_finding_finding_type", "SAFETY_DEFECT")
    page.fill("#id_finding_description", "配电箱接地线锈蚀断开。")
    page.fill("#id_finding_evidence_numbers", "1")
    page.check("#id_finding_rectification_required")
    page.fill("#id_finding_requirement", "更换接地线并重新测试接地电阻。")
    page.fill("#id_finding_due_date", today.isoformat())
    page.locator("#action-finding button[type=submit]").click()
    page.wait_for_selector("#finding-1")
    step(page, "leave")

    page.goto(f"/inspections/{order.pk}/")
    step(page, "archive")
    assert "§2.5(3)" in page.locator("#refused-close").inner_text()  # the loop is still open
    page.click("#finding-1 summary >> text=复查验收")
    page.check("#id_reinspect_1_result_1")
    page.fill("#id_reinspect_1_inspected_on", today.isoformat())
    page.locator("#finding-1-reinspect button[type=submit]").click()
    page.wait_for_selector("#rectification-1:has-text('已验收')")
    step(page, "close")

    order = InspectionOrder.objects.get()
    finding = order.findings.get()
    assert (order.status, finding.evidence_numbers, finding.rectification.status) == (
        Status.CLOSED, [1], RectificationStatus.ACCEPTED)
    assert "已结束" in page.locator("#order-status").inner_text()


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_on_site_page_fits_a_phone_without_sideways_scrolling(browser, live_server, org, example_user, customer,
                                                                 now, tmp_path, language):
    flow = Flow(org, example_user, now, customer)
    order = flow.inspecting()
    flow.finding(order, description="配电箱接地线锈蚀断开，柜门无法关闭，存在触电风险。" * 3)
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport={"width": 375, "height": 812},
                                  device_scale_factor=2, is_mobile=True, has_touch=True)
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        sign_in(page, "inspector1")
        page.goto(f"/inspections/{order.pk}/site/")
        page.wait_for_selector("#action-leave")
        assert page.locator("html").get_attribute("lang") == language
        shot = tmp_path / f"site-375-{language}.png"
        page.click("#finding-1 summary")  # an open form must fit too
        page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 10_000
        widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert widths[0] <= widths[1] == 375
        # the stage buttons are big enough to press with a thumb
        button = page.locator("#action-leave button[type=submit]").bounding_box()
        assert button["height"] >= 48 and button["width"] >= 300
        assert page.locator("#site-photo").get_attribute("capture") == "environment"
    finally:
        context.close()
