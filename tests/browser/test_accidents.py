"""An accident investigation in a real browser (§2.7): inspector1 takes the customer's report,
finds the case first in the work list, arrives with identity shown and the customer's witness,
tries an entry where an inspector operated the customer's equipment (refused in its form, with
the clause, what was typed kept), records the cause and ends the investigation: the 5-working-day
report deadline appears on the case page."""

import re

import pytest
from django.utils import timezone

from tests.browser.test_inspections import sign_in, step
from tests.integration.customers.factories import CustomerFactory
from utilicase.accidents.models import AccidentCase, Status

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def customer(org):
    return CustomerFactory(office=org["tf-power-city"], account_number="1010000001", name="王建华",
                           contact_phone="13912345678")


def test_an_accident_from_the_report_to_the_end_of_the_investigation(page, customer, example_user):
    now = timezone.localtime().replace(second=0, microsecond=0)
    sign_in(page, "inspector1")
    page.goto("/accidents/")
    page.click("#case-new")
    page.fill("#id_account_number", "1010000001")
    page.fill("#id_reported_at", f"{now:%Y-%m-%dT%H:%M}")
    page.fill("#id_description", "开关柜冒烟跳闸。")
    page.check(f"#case-new-form input[value='{example_user('inspector2').pk}']")
    page.click("#case-new-submit")
    page.wait_for_url(re.compile(r"/accidents/\d+/$"))
    case = AccidentCase.objects.get()

    page.goto("/accidents/")
    assert page.locator("#worklist a").first.inner_text() == case.number
    page.click(f"text={case.number}")
    page.fill("#id_arrive_dispatched_at", f"{now:%Y-%m-%dT%H:%M}")
    page.fill("#id_arrive_arrived_at", f"{now:%Y-%m-%dT%H:%M}")
    page.check("#id_arrive_identity_shown")
    page.fill("#id_arrive_witness_name", "李见证")
    step(page, "arrive")
    assert page.locator("#case-status").inner_text() == "已到达现场"

    page.click("#actions summary:has-text('登记调查记录')")
    page.fill("#id_entry_at", f"{now:%Y-%m-%dT%H:%M}")
    page.fill("#id_entry_text", "检查员拉开了进线开关。")
    page.check("#id_entry_inspector_operated_equipment")
    page.locator("#action-entry button[type=submit]").click()
    alert = page.locator("#action-entry [role=alert]")
    alert.wait_for()
    assert "检查人员不得操作客户设备" in alert.inner_text() and "§2.7(1)" in alert.inner_text()
    assert page.input_value("#id_entry_text") == "检查员拉开了进线开关。"
    assert page.url.endswith(f"/accidents/{case.pk}/")

    page.fill("#id_cause_cause", "电缆绝缘老化击穿。")
    page.locator("#action-cause button[type=submit]").click()  # the cause stays editable: its form stays
    page.wait_for_selector("text=已完成：记录事故原因。")
    step(page, "end")
    assert page.locator("#case-status").inner_text() == "调查已结束"
    assert "事故调查报告期限" in page.locator("#deadlines").inner_text()
    case.refresh_from_db()
    assert (case.status, case.witness_name, case.entries.count()) == (Status.INVESTIGATED, "李见证", 0)
