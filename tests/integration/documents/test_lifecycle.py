"""A document's life: draft → issued (number, frozen content, PDFs stored by hash) → served;
corrections as new versions; discarded drafts leave no gap in the numbers."""

import hashlib

import pytest
from django.db import DatabaseError, transaction

from tests.integration.documents.conftest import RESULT_NOTICE, ink_png
from utilicase.audit.models import AuditEvent
from utilicase.blobs.storage import blob_read
from utilicase.core.rules import RuleViolation
from utilicase.documents import services
from utilicase.documents.models import Document, DocumentImmutable, DocumentStatus
from utilicase.documents.selectors import document_versions

pytestmark = pytest.mark.django_db


def draft(user, info, now, content=RESULT_NOTICE, code="result_notice"):
    return services.document_create(actor=user, case=info, doc_type_code=code, content=content, now=now)


def test_a_draft_has_no_number_and_its_content_is_checked(example_user, info, now):
    with pytest.raises(services.DocumentInvalid) as exc:
        draft(example_user("inspector1"), info, now, content={"findings": "x"})
    assert "content.rectification_date" in exc.value.errors
    assert not Document.objects.exists()
    document = draft(example_user("inspector1"), info, now)
    assert (document.status, document.number, document.customer_name) == ("DRAFT", "", "熊超")


def test_issue_numbers_by_type_issuer_and_year_and_stores_each_copy_by_hash_s2_5_2(example_user, info, now):
    user = example_user("inspector1")
    first = services.document_issue(actor=user, document=draft(user, info, now), now=now)
    second = services.document_issue(actor=user, document=draft(user, info, now), now=now)
    assert first.number == "天富电检〔2026〕第000001号"
    assert second.number == "天富电检〔2026〕第000002号"
    copies = {c.kind: c for c in first.copies.all()}
    assert set(copies) == {"KEPT", "CUSTOMER"}
    for copy in copies.values():
        pdf = blob_read(services.DOCUMENT_NAMESPACE, copy.pdf_sha256)
        assert pdf.startswith(b"%PDF-") and hashlib.sha256(pdf).hexdigest() == copy.pdf_sha256
    assert copies["KEPT"].pdf_sha256 != copies["CUSTOMER"].pdf_sha256
    event = AuditEvent.objects.filter(action="documents.document.issued", target_id=str(first.pk)).get()
    assert event.clause == "§2.5(2)" and event.after["copies"]["KEPT"] == copies["KEPT"].pdf_sha256


def test_a_single_copy_type_has_one_pdf_and_its_own_sequence_s2_6_2(example_user, info, now):
    user = example_user("inspector1")
    services.document_issue(actor=user, document=draft(user, info, now), now=now)
    transcript = draft(user, info, now, code="transcript", content={
        "interview_at": "2026-09-30 09:00", "place": "客户配电室", "interviewer": "王建国", "interviewee": "熊超",
        "record": "问：电表接线是谁改动的？答：不清楚。"})
    services.document_sign(actor=user, document=transcript, signer_role="CUSTOMER", signer_name="熊超", png=ink_png(),
                           now=now)
    transcript = services.document_issue(actor=user, document=transcript, now=now)
    assert transcript.number == "天富电录〔2026〕第000001号"
    assert [c.kind for c in transcript.copies.all()] == ["SINGLE"]


def test_a_configured_number_format_is_used(example_user, info, now, settings):
    settings.DOCUMENT_NUMBER_FORMATS = {"result_notice": "{issuer}{word}字〔{year}〕{seq:04d}号"}
    user = example_user("inspector1")
    document = services.document_issue(actor=user, document=draft(user, info, now), now=now)
    assert document.number == "天富电检字〔2026〕0001号"


def test_a_discarded_draft_leaves_no_gap(example_user, info, now):
    user = example_user("inspector1")
    services.document_discard(actor=user, document=draft(user, info, now), reason="写错客户", now=now)
    issued = services.document_issue(actor=user, document=draft(user, info, now), now=now)
    assert issued.number.endswith("第000001号")
    with pytest.raises(RuleViolation):
        services.document_discard(actor=user, document=issued, now=now)


def test_an_issued_document_refuses_edits_in_service_model_and_database_s2_5_2(example_user, info, now):
    user = example_user("inspector1")
    document = services.document_issue(actor=user, document=draft(user, info, now), now=now)
    content_sha, pdfs = document.content_sha256, sorted(c.pdf_sha256 for c in document.copies.all())
    with pytest.raises(RuleViolation) as exc:
        services.document_edit(actor=user, document=document, content={**RESULT_NOTICE, "findings": "改过"}, now=now)
    assert exc.value.clause == "§2.5(2)"
    with pytest.raises(RuleViolation):
        services.document_sign(actor=user, document=document, signer_role="CUSTOMER", signer_name="熊超",
                               png=ink_png(), now=now)
    document.content = {**RESULT_NOTICE, "findings": "改过"}
    with pytest.raises(DocumentImmutable):
        document.save()
    with pytest.raises(DocumentImmutable):
        Document.objects.filter(pk=document.pk).update(number="天富电检〔2026〕第000999号")
    with pytest.raises(DocumentImmutable):
        document.delete()
    with pytest.raises(DatabaseError), transaction.atomic():  # the trigger, past the model
        from django.db import connection
        with connection.cursor() as cursor:
            cursor.execute("UPDATE documents_document SET number = %s WHERE id = %s", ["伪造", document.pk])
    document.refresh_from_db()
    assert document.content == RESULT_NOTICE and document.number == "天富电检〔2026〕第000001号"
    assert document.content_sha256 == content_sha
    assert sorted(c.pdf_sha256 for c in document.copies.all()) == pdfs


def test_a_draft_is_edited_with_the_changed_fields_audited(example_user, info, now):
    user = example_user("inspector1")
    document = draft(user, info, now)
    services.document_edit(actor=user, document=document, content={**RESULT_NOTICE, "findings": "电缆沟盖板缺失。"},
                           now=now)
    document.refresh_from_db()
    assert document.content["findings"] == "电缆沟盖板缺失。"
    assert AuditEvent.objects.get(action="documents.document.edited").after == {"changed": ["findings"]}


def test_a_correction_is_a_new_version_and_the_old_one_stays_readable_and_superseded(example_user, info, now):
    user = example_user("inspector1")
    v1 = services.document_issue(actor=user, document=draft(user, info, now), now=now)
    v2 = services.document_correct(actor=user, document=v1, reason="整改期限写错", now=now)
    assert (v2.status, v2.version, v2.replaces_id, v2.number) == ("DRAFT", 2, v1.pk, "")
    with pytest.raises(RuleViolation):  # one correction at a time
        services.document_correct(actor=user, document=v1, reason="again", now=now)
    v1.refresh_from_db()
    assert v1.superseded_at is None  # only when the correction is issued
    services.document_edit(actor=user, document=v2, content={**RESULT_NOTICE, "rectification_date": "2026-10-31"},
                           now=now)
    v2 = services.document_issue(actor=user, document=v2, now=now)
    v1.refresh_from_db()
    assert v2.number_display == "天富电检〔2026〕第000001号（第2版）"
    assert v1.is_superseded and v1.status == DocumentStatus.ISSUED and v1.content == RESULT_NOTICE
    assert [d.pk for d in document_versions(v1)] == [v1.pk, v2.pk]
    assert blob_read(services.DOCUMENT_NAMESPACE, v1.copies.first().pdf_sha256).startswith(b"%PDF-")
    with pytest.raises(RuleViolation):
        services.document_correct(actor=user, document=v1, reason="old", now=now)
    v3 = services.document_correct(actor=user, document=v2, reason="再次更正", now=now)
    assert v3.version == 3
    # a next notice still gets the next number: the correction took none
    other = services.document_issue(actor=user, document=draft(user, info, now), now=now)
    assert other.number.endswith("第000002号")


def test_a_correction_needs_a_reason(example_user, info, now):
    user = example_user("inspector1")
    v1 = services.document_issue(actor=user, document=draft(user, info, now), now=now)
    with pytest.raises(services.DocumentInvalid) as exc:
        services.document_correct(actor=user, document=v1, reason="  ", now=now)
    assert list(exc.value.errors) == ["reason"]


def test_signatures_before_issue_are_part_of_the_issued_content_hash(example_user, info, now):
    user = example_user("inspector1")
    document = draft(user, info, now)
    services.document_sign(actor=user, document=document, signer_role="CUSTOMER", signer_name="熊超",
                           png=ink_png(), now=now)
    document = services.document_issue(actor=user, document=document, now=now)
    record = services.issued_record(document, list(document_signatures_of(document)))
    assert record["signatures"][0]["name"] == "熊超"
    from utilicase.documents.domain.digest import record_sha256
    assert record_sha256(record) == document.content_sha256


def document_signatures_of(document):
    from utilicase.documents.rendering import document_signatures

    return document_signatures(document)


def test_the_heat_case_has_its_own_issuer_and_utility_word_s2_6_3(org, heat_customer, now):
    from tests.integration.documents.conftest import case_info
    from utilicase.org.services import staff_create

    info = case_info(heat_customer)
    user = staff_create(actor=None, username="heat_inspector", full_name="马骏", role="inspector",
                        unit=org["tf-heat-east"], password="x-heat-2026", now=now)
    document = services.document_create(actor=user, case=info, doc_type_code="violation_notice", now=now, content={
        "act": "theft", "found_at": "2026-09-29 10:00", "facts": "私接供热管道", "legal_basis": "供热条例",
        "demands": "立即停止"})
    document = services.document_issue(actor=user, document=document, now=now)
    assert document.title() == "违约用热或窃热通知书"
    assert document.number == "天富热违〔2026〕第000001号"
