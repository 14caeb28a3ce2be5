"""Document pages: a case's list, the draft form, preview, issue, PDF, service with the pad and
photo uploads, correction; 404 out of sight, 403 without a role."""

import base64

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.integration.documents.conftest import RESULT_NOTICE, ink_png, jpeg
from utilicase.documents import services
from utilicase.documents.models import Document, ServiceRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def inspector(client, example_user):
    client.force_login(example_user("inspector1"))
    return client


def data_url(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode()


def test_case_page_lists_documents_and_offers_the_types(inspector, customer):
    page = inspector.get(reverse("documents:case", args=["customers.customer", customer.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "TEST-1010000001" in text and "违约用电或窃电通知书" in text and "本案尚无文书" in text


def test_draft_form_names_missing_fields_and_saves_nothing(inspector, customer):
    url = reverse("documents:new", args=["customers.customer", customer.pk])
    assert inspector.get(url + "?type=result_notice").status_code == 200
    response = inspector.post(url, {"doc_type": "result_notice", "findings": "x"})
    assert response.status_code == 400 and not Document.objects.exists()
    response = inspector.post(url, {"doc_type": "result_notice", "inspection_date": "2026-09-29",
                                    "findings": "x", "rules_broken": "y", "rectification": "z",
                                    "rectification_date": "2026-02-30"})
    assert response.status_code == 400 and "YYYY-MM-DD" in response.content.decode()
    response = inspector.post(url, {"doc_type": "result_notice", **RESULT_NOTICE})
    document = Document.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("documents:detail", args=[document.pk])


def test_draft_preview_issue_pdf_and_signed_service_s2_5_2(inspector, customer):
    inspector.post(reverse("documents:new", args=["customers.customer", customer.pk]),
                   {"doc_type": "result_notice", **RESULT_NOTICE})
    document = Document.objects.get()
    preview = inspector.get(reverse("documents:preview", args=[document.pk]))
    assert preview.status_code == 200 and "草稿" in preview.content.decode()
    inspector.post(reverse("documents:sign", args=[document.pk]), {
        "signer_role": "INSPECTOR", "signer_name": "王建国", "signature": data_url(ink_png())})
    inspector.post(reverse("documents:issue", args=[document.pk]))
    document.refresh_from_db()
    assert document.number == "天富电检〔2026〕第000001号"
    detail = inspector.get(reverse("documents:detail", args=[document.pk])).content.decode()
    assert "天富电检〔2026〕第000001号" in detail and reverse("documents:pdf", args=[document.pk, "customer"]) in detail
    pdf = inspector.get(reverse("documents:pdf", args=[document.pk, "customer"]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert inspector.get(reverse("documents:edit", args=[document.pk])).status_code == 302
    service = reverse("documents:service", args=[document.pk])
    assert inspector.get(service + "?method=SIGNED").status_code == 200
    response = inspector.post(service, {"method": "SIGNED", "signer_name": "熊超"})
    assert response.status_code == 400 and "须有客户签名" in response.content.decode()
    response = inspector.post(service, {"method": "SIGNED", "signer_name": "熊超",
                                        "customer_signature": data_url(ink_png(2))})
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.status == "SERVED"
    record = ServiceRecord.objects.get()
    page = inspector.get(reverse("documents:service_record", args=[document.pk, record.pk])).content.decode()
    assert "客户签收" in page and "熊超" in page


def test_refusal_then_witnesses_with_a_photo_checked_by_content_s2_6_3(inspector, customer, info, example_user, now):
    document = services.document_create(actor=example_user("inspector1"), case=info, doc_type_code="result_notice",
                                        content=RESULT_NOTICE, now=now)
    document = services.document_issue(actor=example_user("inspector1"), document=document, now=now)
    service = reverse("documents:service", args=[document.pk])
    assert inspector.post(service, {"method": "REFUSED", "note": "拒签"}).status_code == 302
    fields = {"method": "LEFT_WITH_WITNESSES", "witness_name_1": "张三", "witness_signature_1": data_url(ink_png(1))}
    exe = SimpleUploadedFile("photo.jpg", b"MZ\x90\x00" + b"\x00" * 300, content_type="image/jpeg")
    response = inspector.post(service, {**fields, "photos": exe})
    assert response.status_code == 400 and "无法识别文件内容" in response.content.decode()
    document.refresh_from_db()
    assert document.status == "ISSUED"
    photo = SimpleUploadedFile("photo.jpg", jpeg(), content_type="image/jpeg")
    assert inspector.post(service, {**fields, "photos": photo}).status_code == 302
    document.refresh_from_db()
    assert document.status == "SERVED"
    proof = ServiceRecord.objects.get(method="LEFT_WITH_WITNESSES").proofs.get()
    response = inspector.get(reverse("documents:proof", args=[document.pk, proof.pk]))
    assert response.status_code == 200 and response.content == jpeg()


def test_correction_from_the_page(inspector, info, example_user, now):
    document = services.document_create(actor=example_user("inspector1"), case=info, doc_type_code="result_notice",
                                        content=RESULT_NOTICE, now=now)
    document = services.document_issue(actor=example_user("inspector1"), document=document, now=now)
    response = inspector.post(reverse("documents:correct", args=[document.pk]), {"reason": "期限写错"})
    correction = Document.objects.get(version=2)
    assert response["Location"] == reverse("documents:edit", args=[correction.pk])


def test_out_of_sight_is_404_and_without_a_role_403(client, customer, info, example_user, now):
    from utilicase.org.models import User

    document = services.document_create(actor=example_user("inspector1"), case=info, doc_type_code="result_notice",
                                        content=RESULT_NOTICE, now=now)
    client.force_login(example_user("handler1"))
    for url in (reverse("documents:detail", args=[document.pk]), reverse("documents:preview", args=[document.pk]),
                reverse("documents:case", args=["customers.customer", customer.pk])):
        assert client.get(url).status_code == 404
    assert client.post(reverse("documents:issue", args=[document.pk])).status_code == 404
    nobody = User.objects.create_user("norole", password="x-long-password-1", unit=example_user("inspector1").unit)
    client.force_login(nobody)
    assert client.post(reverse("documents:issue", args=[document.pk])).status_code == 403
    document.refresh_from_db()
    assert document.status == "DRAFT"


def test_anonymous_is_sent_to_login(client, customer):
    response = client.get(reverse("documents:case", args=["customers.customer", customer.pk]))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_admin_lists_issued_documents_read_only(client, info, example_user, now):
    document = services.document_create(actor=example_user("inspector1"), case=info, doc_type_code="result_notice",
                                        content=RESULT_NOTICE, now=now)
    services.document_issue(actor=example_user("inspector1"), document=document, now=now)
    client.force_login(example_user("admin"))
    page = client.get("/admin/documents/document/")
    assert page.status_code == 200 and "天富电检〔2026〕第000001号" in page.content.decode()
    assert client.get(f"/admin/documents/document/{document.pk}/change/").status_code == 200
    assert client.post(f"/admin/documents/document/{document.pk}/delete/").status_code == 403
    assert "挡鼠板" not in client.get(f"/admin/documents/document/{document.pk}/change/").content.decode()


def test_party_refusal_from_the_page_then_issue_s2_6_2(inspector, info, example_user, now):
    document = services.document_create(actor=example_user("inspector1"), case=info, doc_type_code="transcript",
                                        now=now, content={"interview_at": "2026-09-30 09:00", "place": "客户配电室",
                                                          "interviewer": "王建国", "interviewee": "熊超",
                                                          "record": "问：谁改的接线？答：不清楚。"})
    detail = inspector.get(reverse("documents:detail", args=[document.pk])).content.decode()
    assert 'id="record-party-refusal"' in detail
    inspector.post(reverse("documents:issue", args=[document.pk]))
    document.refresh_from_db()
    assert document.status == "DRAFT"
    refusal = reverse("documents:refusal", args=[document.pk])
    assert inspector.get(refusal).status_code == 200
    fields = {"witness_name_1": "张三", "witness_signature_1": data_url(ink_png(1)),
              "witness_name_2": "李四", "witness_signature_2": data_url(ink_png(2))}
    response = inspector.post(refusal, fields)
    assert response.status_code == 400 and "须有当事人拒签现场的照片" in response.content.decode()
    assert not ServiceRecord.objects.exists()
    photo = SimpleUploadedFile("photo.jpg", jpeg(), content_type="image/jpeg")
    assert inspector.post(refusal, {**fields, "photos": photo}).status_code == 302
    detail = inspector.get(reverse("documents:detail", args=[document.pk])).content.decode()
    assert "张三、李四" in detail
    inspector.post(reverse("documents:issue", args=[document.pk]))
    document.refresh_from_db()
    assert document.status == "ISSUED" and document.number == "天富电录〔2026〕第000001号"
    assert inspector.get(refusal).status_code == 404
