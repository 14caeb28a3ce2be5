"""An accident investigation in a real browser (§2.7): inspector1 takes the customer's report,
finds the case first in the work list, arrives with identity shown and the customer's witness,
tries an entry where an inspector operated the customer's equipment (refused in its form, with
the clause, what was typed kept), records the cause and ends the investigation: the 5-working-day
report deadline appears on the case page. Then the cause is confirmed removed and supply restored,
the four don't-let-go items are recorded one by one (§2.7(4)), the customer signs the accident
report on the pad, the report is filed (its deadline met), and the office head closes the case."""

import re

import pytest
from django.utils import timezone

from tests.browser.test_inspections import sign_in, sign_out, sign_pad, step
from tests.integration.customers.factories import CustomerFactory
from tests.integration.documents.conftest import ink_png
from utilicase.accidents.cases import DOCUMENTS
from utilicase.accidents.models import AccidentCase, Status
from utilicase.calendar.models import Deadline
from utilicase.core.cases import case_for
from utilicase.documents.models import Document
from utilicase.documents.services import document_create, document_issue, document_sign

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def issue_report(case, user) -> Document:
    """The accident report drafted from the case (its four items), signed by the inspector and
    issued (documents, step 3); the customer signs for it in the browser."""
    now = timezone.now()
    _, info = case_for(user, "accidents.accidentcase", str(case.pk))
    document = document_create(actor=user, case=info, doc_type_code="accident_report", now=now,
                               content=DOCUMENTS["accident_report"].prefill(AccidentCase.objects.get(pk=case.pk)))
    document_sign(actor=user, document=document, signer_role="INSPECTOR", signer_name="王建国", png=ink_png(), now=now)
    return document_issue(actor=user, document=document, now=now)


def submit(page, name: str) -> None:
    """Press an action's button whose form may stay (a full load after htmx's redirect)."""
    with page.expect_navigation():
        page.locator(f"#action-{name} button[type=submit]").click()
    page.wait_for_selector(".messages")


@pytest.fixture
def customer(org):
    return CustomerFactory(office=org["tf-power-city"], account_number="1010000001", name="王建华",
                           contact_phone="13912345678")


def test_an_accident_from_the_report_to_the_closing(page, customer, example_user):
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

    # the cause removed, supply restored (§2.7(2))
    page.fill("#id_cause_removed_note", "客户已更换电缆终端头，试验合格。")
    step(page, "cause_removed")
    step(page, "restore")
    assert "恢复供电时间" in page.locator("body").inner_text()

    # the four don't-let-go items, each with its record (§2.7(4)): the form offers the open ones
    records = ["电缆绝缘老化击穿，已查清。", "客户电工班长已按制度处理。", "更换电缆，加装防潮措施。", "客户组织电工学习。"]
    for i, record in enumerate(records):
        assert page.locator("#id_item_item option").count() == 4 - i
        page.fill("#id_item_record", record)
        submit(page, "item")
    assert page.locator("#action-item").count() == 0

    # the customer signs the accident report on the pad; then the report is filed
    report = issue_report(case, example_user("inspector1"))
    page.goto(f"/documents/{report.pk}/")
    page.click("#record-service")
    sign_pad(page, "#pad-customer_signature")
    page.click("#save-service")
    page.wait_for_url(re.compile(r"/documents/\d+/$"))
    assert page.locator("#doc-status").inner_text() == "已送达"
    page.goto(f"/accidents/{case.pk}/")
    page.fill("#id_file_report_countermeasures", "定期巡视电缆头，配电室加装除湿机。")
    step(page, "file_report")
    assert page.locator("#case-status").inner_text() == "调查报告已完成"
    case.refresh_from_db()
    assert case.report_number == report.number
    assert Deadline.objects.get(target_type="accidents.accidentcase", target_id=str(case.pk)).met_at is not None

    # the office head closes it; the page asks first
    sign_out(page)
    sign_in(page, "office_head1")
    page.goto(f"/accidents/{case.pk}/")
    page.once("dialog", lambda dialog: dialog.accept())
    page.fill("#id_close_note", "四不放过已落实。")
    step(page, "close")
    assert page.locator("#case-status").inner_text() == "已结案"
    case.refresh_from_db()
    assert (case.status, case.closing_note) == (Status.CLOSED, "四不放过已落实。")
