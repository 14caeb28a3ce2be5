"""An important (high-voltage) customer's theft in a real browser, from the inspection's finding
to the restoration of supply (§1.2(2), §1.3, §2.6(3)-(4)): the finding of suspected theft opens
the case; inspector1 records the act stopped, the served notice moves it on, the fees are
calculated (the breakdown names the rule of each line) and charged, and the suspension is
applied for; enterprise_deputy1 reviews it from the inbox, company_deputy1 approves it;
inspector1 suspends on the phone page with the legal basis told, the customer's answer, the 110
call and the report to the superior; once billing records the payment, the correction is
accepted and the liability borne, supply is restored. And the on-site page at a phone's width."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.integration.customers.factories import CustomerFactory, ServicePointFactory
from tests.integration.documents.conftest import ink_png
from tests.integration.inspections.conftest import Flow
from utilicase.billing.selectors import receivables_for
from utilicase.billing.services import payment_record
from utilicase.core.cases import case_for
from utilicase.demo.data import DEMO_PASSWORD
from utilicase.documents.services import document_create, document_issue, document_sign
from utilicase.documents.serving import service_record
from utilicase.enforcement.models import ApplicationStatus, EnforcementCase, Status, Supply
from utilicase.enforcement.selectors import TARGET_TYPE

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
    """Press an action's button; the case page comes back (a full load after HX-Redirect)."""
    with page.expect_navigation():
        page.locator(f"#action-{name} button[type=submit]").click()


@pytest.fixture
def order(org, example_user, settings, tmp_path):
    """A special inspection of an important (high-voltage) customer on suspicion, under way."""
    settings.MEDIA_ROOT = tmp_path / "media"
    customer = CustomerFactory(office=org["tf-power-city"], account_number="1010000009", name="石河子化工厂",
                               address="北三路88号")
    ServicePointFactory(customer=customer, voltage_level="HIGH", customer_class="IMPORTANT")
    flow = Flow(org, example_user, timezone.now() - timedelta(hours=1), customer)
    return flow.inspecting(kind="SPECIAL", planned_date=timezone.localdate())


@pytest.fixture
def case(order, example_user) -> EnforcementCase:
    """The case opened by the inspection's finding of suspected theft."""
    Flow(None, example_user, timezone.now() - timedelta(hours=1), order.customer).finding(
        order, finding_type="SUSPECTED_THEFT", rectify=False, description="表前接线绕越计量装置窃电。")
    return EnforcementCase.objects.get(inspection_order=order)


def serve_violation_notice(case, user) -> None:
    """The violation or theft notice issued and signed for by the customer (documents, step 3)."""
    now = timezone.now()
    _, info = case_for(user, TARGET_TYPE, str(case.pk))
    document = document_create(actor=user, case=info, doc_type_code="violation_notice", now=now, content={
        "act": "theft", "found_at": timezone.localtime(case.discovered_at).strftime("%Y-%m-%d %H:%M"),
        "facts": "表前接线绕越计量装置窃电。", "legal_basis": "《供电营业规则》第一百零二条", "demands": "交纳费用并整改。"})
    document_sign(actor=user, document=document, signer_role="INSPECTOR", signer_name="王建国", png=ink_png(), now=now)
    document = document_issue(actor=user, document=document, now=now)
    service_record(actor=user, document=document, method="SIGNED", signer_name="厂长", customer_signature=ink_png(3),
                   now=now)


def test_an_important_customer_s_theft_from_the_finding_to_restoration(page, order, example_user):
    page.on("dialog", lambda dialog: dialog.accept())
    today = timezone.localdate()

    sign_in(page, "inspector1")
    page.goto(f"/inspections/{order.pk}/site/")  # the finding, on the inspection's phone page
    page.click("#actions summary >> text=记录检查发现的问题")
    page.select_option("#id_finding_finding_type", "SUSPECTED_THEFT")
    page.fill("#id_finding_description", "表前接线绕越计量装置窃电。")
    page.locator("#action-finding button[type=submit]").click()
    page.wait_for_selector("#finding-1")
    case = EnforcementCase.objects.get(inspection_order=order)
    assert (case.kind, case.customer_class, case.status) == ("THEFT", "IMPORTANT", Status.DISCOVERED)

    page.goto("/enforcement/")
    assert case.number in page.locator("#worklist").inner_text()  # my open cases
    page.click(f"#worklist >> text={case.number}")
    page.wait_for_url(re.compile(rf"/enforcement/{case.pk}/$"))
    assert case.inspection_order.number in page.locator("#inspection-order").inner_text()
    assert "§2.6(3)" in page.locator("#refused-serve_notice").inner_text()
    page.fill("#id_stop_method", "拆除绕越接线，封存计量装置。")
    step(page, "stop")
    serve_violation_notice(case, example_user("inspector1"))
    page.reload()
    step(page, "serve_notice")

    page.select_option("#id_calculate_customer_type", "power")
    page.fill("#id_calculate_act_date", (today - timedelta(days=30)).isoformat())
    page.fill("#id_calculate_capacity_kw", "10")
    page.fill("#id_calculate_days", "30")
    page.fill("#id_calculate_hours_per_day", "12")
    page.fill("#id_calculate_price_yuan_per_kwh", "0.5")
    step(page, "calculate")
    lines = page.locator("#fee-lines").inner_text()
    assert "Art.102" in lines and "1800.00" in lines and "5400.00" in lines
    assert page.locator("#fee-total").inner_text() == "7200.00"
    page.fill("#id_charge_due_date", (today + timedelta(days=15)).isoformat())
    step(page, "charge")
    assert page.locator("#balance").inner_text() == "7200.00"
    assert "§1.2(2)" in page.locator("#refused-suspend").inner_text()  # not before the approvals
    page.fill("#id_apply_reason", "窃电属实，申请对该重要客户停电。")
    step(page, "apply")
    sign_out(page)

    sign_in(page, "enterprise_deputy1")
    page.goto("/enforcement/")
    page.click(f"#worklist >> text={case.number}")  # the inbox: applications to review
    page.fill("#id_review_comment", "同意，报股份公司批准。")
    step(page, "review")
    sign_out(page)

    sign_in(page, "company_deputy1")
    page.goto("/enforcement/")
    page.click(f"#worklist >> text={case.number}")
    page.fill("#id_approve_comment", "批准停电。")
    step(page, "approve")
    assert case.applications.get().status == ApplicationStatus.APPROVED
    sign_out(page)

    sign_in(page, "inspector1")
    page.goto(f"/enforcement/{case.pk}/site/")
    page.select_option("#id_suspend_legal_basis", "GB-2024 theft")
    page.check("#action-suspend input[value='OBSTRUCTED']")
    page.fill("#id_suspend_response_note", "客户阻挠，经解释无效。")
    at = timezone.localtime().strftime("%Y-%m-%dT%H:%M")  # this minute: the 110 call and the report
    page.fill("#id_suspend_police_called_at", at)
    page.fill("#id_suspend_superior_reported_at", at)
    page.fill("#id_suspend_superior_name", "张志强")
    step(page, "suspend")
    assert page.url.endswith(f"/enforcement/{case.pk}/site/")
    suspension = case.suspensions.get()
    assert (suspension.path, suspension.customer_response, suspension.superior_name) == (
        "APPROVED", "OBSTRUCTED", "张志强")
    assert suspension.police_called_at is not None

    page.goto(f"/enforcement/{case.pk}/")
    assert "§2.6(4)" in page.locator("#refused-restore").inner_text()  # fees unpaid
    for receivable in receivables_for(TARGET_TYPE, str(case.pk)):  # the billing system's payment
        payment_record(actor=example_user("inspector1"), receivable=receivable, amount=receivable.amount,
                       receipt_number=f"SK{receivable.pk:06d}", paid_at=timezone.now(), source="BILLING_API",
                       now=timezone.now())
    page.reload()
    assert page.locator("#balance").inner_text() == "0.00"
    page.fill("#id_correct_note", "绕越接线已拆除，计量装置更换。")
    step(page, "correct")
    page.fill("#id_liability_note", "客户已交清费用并签字承担责任。")
    step(page, "liability")
    step(page, "restore")

    case = EnforcementCase.objects.get(pk=case.pk)
    assert (case.status, case.supply) == (Status.PAID, Supply.RESTORED)
    assert "已恢复供电" in page.locator("#case-supply").inner_text()


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_on_site_suspension_page_fits_a_phone(browser, live_server, case, tmp_path, language):
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport={"width": 375, "height": 812},
                                  device_scale_factor=2, is_mobile=True, has_touch=True)
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        sign_in(page, "inspector1")
        page.goto(f"/enforcement/{case.pk}/site/")
        page.wait_for_selector("#action-stop")
        assert page.locator("html").get_attribute("lang") == language
        widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert widths[0] <= widths[1] == 375
        button = page.locator("#action-stop button[type=submit]").bounding_box()
        assert button["height"] >= 48 and button["width"] >= 300
    finally:
        context.close()
