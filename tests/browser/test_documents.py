"""A result notice end to end in a real browser on a phone-sized screen: inspector1 drafts it,
issues it (after confirming: issuing is irreversible), opens its PDF, and records its service
with the customer drawing a signature on the pad (§2.5(2)); the page then shows it served."""

import re

import pytest

from tests.integration.customers.factories import CustomerFactory
from tests.integration.documents.conftest import EVERY_TYPE, RESULT_NOTICE, TARGET_TYPE, _load, case_info
from utilicase.core import cases
from utilicase.demo.data import DEMO_PASSWORD
from utilicase.documents.models import Document, Signature

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def customer(org, monkeypatch, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(cases, "CASE_TYPES", dict(cases.CASE_TYPES))
    cases.register_case_type(TARGET_TYPE, load=_load, info=case_info, documents=EVERY_TYPE)
    return CustomerFactory(office=org["tf-power-city"], account_number="1010000001", name="熊超",
                           address="石河子市北三路12小区3栋2单元401")


def test_draft_issue_open_pdf_and_serve_with_a_drawn_signature_s2_5_2(page, customer):
    page.goto("/login/")
    page.fill("#id_username", "inspector1")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("#login-submit")
    page.wait_for_url(re.compile(r"^http://[^/]+/$"))

    page.goto(f"/documents/case/{TARGET_TYPE}/{customer.pk}/")
    page.select_option("#id_type", "result_notice")
    page.click("#new-document")
    for name, value in RESULT_NOTICE.items():
        page.fill(f"#id_{name}", value)
    page.click("#save-draft")
    page.wait_for_url(re.compile(r"/documents/\d+/$"))
    assert page.locator("#doc-status").inner_text() == "草稿"

    dialogs = []
    page.once("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.click("#issue")
    page.wait_for_timeout(300)
    assert "不能再修改或撤回" in dialogs[0]
    assert Document.objects.get().status == "DRAFT"  # cancelled: nothing issued

    page.once("dialog", lambda d: d.accept())
    with page.expect_request(re.compile(r"/issue/$")):
        page.click("#issue")
        page.wait_for_selector("#issue-progress.htmx-request", state="visible")
    page.wait_for_selector("#copies")
    assert page.locator("#doc-number").inner_text() == "天富电检〔2026〕第000001号"
    href = page.locator("#pdf-customer").get_attribute("href")
    pdf = page.request.get(href)
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF-")

    page.click("#record-service")
    page.wait_for_selector("#pad-customer_signature[data-ready]")  # the pad's deferred script has bound it
    assert page.locator("#id_signer_name").input_value() == "熊超"
    box = page.locator("#pad-customer_signature").bounding_box()
    page.mouse.move(box["x"] + 30, box["y"] + box["height"] * 0.7)
    page.mouse.down()
    for i, (dx, dy) in enumerate([(0.2, 0.2), (0.35, 0.8), (0.5, 0.25), (0.7, 0.75), (0.9, 0.3)]):
        page.mouse.move(box["x"] + box["width"] * dx, box["y"] + box["height"] * dy, steps=8 + i)
    page.mouse.up()
    assert page.locator("#input-customer_signature").input_value().startswith("data:image/png;base64,")
    page.click("#save-service")
    page.wait_for_url(re.compile(r"/documents/\d+/$"))
    assert page.locator("#doc-status").inner_text() == "已送达"
    document = Document.objects.get()
    assert document.status == "SERVED"
    signature = Signature.objects.get(target_type="documents.servicerecord")
    assert (signature.signer_role, signature.signer_name) == ("CUSTOMER", "熊超")
