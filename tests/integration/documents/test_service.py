"""Service of documents on the customer (§2.5(2), §2.6(3)) and the guards later steps use."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.integration.documents.conftest import RESULT_NOTICE, ink_png, jpeg
from utilicase.audit.models import AuditEvent
from utilicase.blobs.storage import blob_read
from utilicase.core.rules import RuleViolation
from utilicase.documents import services, serving
from utilicase.documents.models import Document, ServiceProof, ServiceRecord, Signature

pytestmark = pytest.mark.django_db


@pytest.fixture
def user(example_user):
    return example_user("inspector1")


@pytest.fixture
def notice(user, info, now):
    document = services.document_create(actor=user, case=info, doc_type_code="result_notice", content=RESULT_NOTICE,
                                        now=now)
    return services.document_issue(actor=user, document=document, now=now)


def serve(user, document, now, method, **kw):
    return serving.service_record(actor=user, document=document, method=method, now=now, **kw)


def test_the_customer_signs_and_the_notice_is_served_s2_5_2(user, notice, now):
    record = serve(user, notice, now, "SIGNED", signer_name="熊超", customer_signature=ink_png())
    notice.refresh_from_db()
    assert (notice.status, notice.served_at) == ("SERVED", now)
    signature = Signature.objects.get(target_type="documents.servicerecord", target_id=str(record.pk))
    assert (signature.signer_role, signature.signer_name, signature.purpose) == ("CUSTOMER", "熊超",
                                                                                 serving.CUSTOMER_PURPOSE)
    assert AuditEvent.objects.get(action="documents.document.served").clause == "§2.5(2)"
    services.require_served(document=notice, clause="§2.5(3)")


def test_signing_requires_a_signature_s2_5_2(user, notice, now):
    with pytest.raises(serving.ServiceInvalid) as exc:
        serve(user, notice, now, "SIGNED", signer_name="熊超")
    assert exc.value.errors == {"customer_signature": "须有客户签名。"}
    with pytest.raises(serving.ServiceInvalid) as exc:
        serve(user, notice, now, "SIGNED", signer_name="熊超", customer_signature=jpeg())
    assert list(exc.value.errors) == ["customer_signature"]
    notice.refresh_from_db()
    assert notice.status == "ISSUED" and not ServiceRecord.objects.exists()


def test_a_refusal_alone_leaves_it_unserved_and_require_served_raises_with_the_clause_s2_5_2(user, notice, now):
    serve(user, notice, now, "REFUSED", note="客户拒绝签字")
    notice.refresh_from_db()
    assert notice.status == "ISSUED"
    with pytest.raises(RuleViolation) as exc:
        services.require_served(document=notice, clause="§2.5(3)")
    assert exc.value.clause == "§2.5(3)" and "尚未送达" in exc.value.message


def test_another_means_before_a_refusal_is_refused_s2_5_2(user, notice, now):
    with pytest.raises(RuleViolation) as exc:
        serve(user, notice, now, "REGISTERED_POST", tracking_number="XA123456789CN", receipts=[jpeg()])
    assert exc.value.clause == "§2.5(2)"


def test_left_with_witnesses_after_refusal_stores_signatures_and_photo_s2_6_3(user, info, now):
    document = services.document_create(actor=user, case=info, doc_type_code="violation_notice", now=now, content={
        "act": "theft", "found_at": "2026-09-29 10:00", "facts": "绕越电表", "legal_basis": "《供电营业规则》第102条",
        "demands": "立即停止窃电"})
    document = services.document_issue(actor=user, document=document, now=now)
    serve(user, document, now, "REFUSED")
    with pytest.raises(serving.ServiceInvalid) as exc:
        serve(user, document, now, "LEFT_WITH_WITNESSES", witness_names=["张三", "李四"],
              witness_signatures=[ink_png()], photos=[jpeg()])
    assert list(exc.value.errors) == ["witness_signatures"]
    photo = SimpleUploadedFile("notice-at-door.jpg", jpeg(), content_type="image/jpeg")
    record = serve(user, document, now, "LEFT_WITH_WITNESSES", witness_names=["张三", "李四"],
                   witness_signatures=[ink_png(1), ink_png(2)], photos=[photo])
    document.refresh_from_db()
    assert document.status == "SERVED" and record.witness_names == ["张三", "李四"]
    assert Signature.objects.filter(target_id=str(record.pk), signer_role="WITNESS").count() == 2
    proof = ServiceProof.objects.get(service=record)
    assert (proof.kind, proof.content_type) == ("PHOTO", "image/jpeg")
    assert blob_read(serving.PROOF_NAMESPACE, proof.sha256) == jpeg()


@pytest.mark.parametrize("method,kw", [
    ("REGISTERED_POST", {"tracking_number": "XA123456789CN", "receipts": ["pdf"]}),
    ("NOTARISED", {"notary_office": "石河子市公证处", "certificates": ["jpeg"]}),
    ("PUBLIC_NOTICE", {"notice_place": "小区公告栏", "notice_start_date": "2026-08-01", "notice_end_date": "2026-09-29",
                       "photos": ["jpeg"]}),
])
def test_each_alternative_means_with_its_proof_serves_s2_5_2(user, notice, now, method, kw):
    from datetime import date

    files = {"pdf": b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n", "jpeg": jpeg()}
    kw = {k: ([files[x] for x in v] if isinstance(v, list) else date.fromisoformat(v) if k.endswith("date") else v)
          for k, v in kw.items()}
    serve(user, notice, now, "REFUSED")
    record = serve(user, notice, now, method, **kw)
    notice.refresh_from_db()
    assert notice.status == "SERVED" and record.method == method and record.proofs.count() == 1


def test_a_renamed_program_is_not_a_photo(user, notice, now):
    serve(user, notice, now, "REFUSED")
    exe = SimpleUploadedFile("photo.jpg", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200,
                             content_type="image/jpeg")
    with pytest.raises(serving.ServiceInvalid) as exc:
        serve(user, notice, now, "LEFT_WITH_WITNESSES", witness_names=["张三"], witness_signatures=[ink_png()],
              photos=[exe])
    assert list(exc.value.errors) == ["photos"] and "无法识别文件内容" in exc.value.errors["photos"]
    notice.refresh_from_db()
    assert notice.status == "ISSUED"
    assert ServiceRecord.objects.filter(method="LEFT_WITH_WITNESSES").count() == 0
    assert not ServiceProof.objects.exists()


def test_a_draft_a_served_and_a_superseded_document_take_no_service(user, info, notice, now):
    draft = services.document_create(actor=user, case=info, doc_type_code="result_notice", content=RESULT_NOTICE,
                                     now=now)
    with pytest.raises(RuleViolation):
        serve(user, draft, now, "SIGNED", signer_name="熊超", customer_signature=ink_png())
    v2 = services.document_correct(actor=user, document=notice, reason="更正", now=now)
    services.document_issue(actor=user, document=v2, now=now)
    with pytest.raises(RuleViolation):
        serve(user, notice, now, "SIGNED", signer_name="熊超", customer_signature=ink_png())


def test_internal_records_are_not_served_s2_6_2(user, info, now):
    document = services.document_create(actor=user, case=info, doc_type_code="survey_record", now=now, content={
        "survey_at": "2026-09-29 10:00", "place": "配电室", "present": "王建国、李海燕、熊超", "findings": "封印被破坏"})
    services.document_sign(actor=user, document=document, signer_role="CUSTOMER", signer_name="熊超", png=ink_png(),
                           now=now)
    document = services.document_issue(actor=user, document=document, now=now)
    with pytest.raises(RuleViolation):
        serve(user, document, now, "SIGNED", signer_name="熊超", customer_signature=ink_png())


def test_require_served_document_blocks_a_later_step_until_service_s1_1(user, info, customer, notice, now):
    with pytest.raises(RuleViolation) as exc:
        services.require_served_document(target=customer, doc_type="violation_notice", clause="§1.1")
    assert exc.value.clause == "§1.1" and "须先签发" in exc.value.message
    with pytest.raises(RuleViolation) as exc:
        services.require_served_document(target=customer, doc_type="result_notice", clause="§2.5(3)")
    assert "尚未送达" in exc.value.message
    serve(user, notice, now, "SIGNED", signer_name="熊超", customer_signature=ink_png())
    services.require_served_document(target=customer, doc_type="result_notice", clause="§2.5(3)")
    # a correction must be served again
    v2 = services.document_correct(actor=user, document=Document.objects.get(pk=notice.pk), reason="更正", now=now)
    services.document_issue(actor=user, document=v2, now=now)
    with pytest.raises(RuleViolation):
        services.require_served_document(target=customer, doc_type="result_notice", clause="§2.5(3)")
