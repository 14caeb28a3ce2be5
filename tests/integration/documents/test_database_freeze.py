"""Issued documents as the database keeps them (migrations 0003 and 0004), past the models: raw
SQL through a cursor is refused on SQLite and PostgreSQL alike. Test databases hold a marker
table that lets Django's flush delete rows on SQLite; each test here drops it first, as a
production database has none (the test's transaction puts it back)."""

import pytest
from django.db import DatabaseError, connection, transaction

from tests.integration.documents.conftest import RESULT_NOTICE, ink_png
from utilicase.documents import services, serving
from utilicase.documents.models import Document, DocumentCopy, ServiceRecord, Signature

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def production():
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE audit_test_flush_allowed")


@pytest.fixture
def user(example_user):
    return example_user("inspector1")


@pytest.fixture
def served(user, info, now):
    """A served notice (signed for by the customer) and its correction, issued: v1 superseded."""
    draft = services.document_create(actor=user, case=info, doc_type_code="result_notice", content=RESULT_NOTICE,
                                     now=now)
    services.document_sign(actor=user, document=draft, signer_role="INSPECTOR", signer_name="王建国", png=ink_png(),
                           now=now)
    document = services.document_issue(actor=user, document=draft, now=now)
    serving.service_record(actor=user, document=document, method="SIGNED", now=now, signer_name="熊超",
                           customer_signature=ink_png(2))
    return Document.objects.get(pk=document.pk)


def refused(sql: str, params: list) -> None:
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_the_status_is_one_of_the_four(served):
    refused("UPDATE documents_document SET status = %s WHERE id = %s", ["PAID", served.pk])
    refused("INSERT INTO documents_document (target_type, target_id, doc_type, status, version, correction_reason,"
            " content, case_number, utility, issuer_code, issuer_short_name, issuer_name, customer_name,"
            " customer_account, customer_address, number, content_sha256, verify_token, created_at, created_by_id,"
            " updated_at) SELECT target_type, target_id, doc_type, %s, 9, '', content, '', '', issuer_code, '', '',"
            " '', '', '', '', '', '', created_at, created_by_id, updated_at FROM documents_document WHERE id = %s",
            ["draft", served.pk])
    assert Document.objects.count() == 1


@pytest.mark.parametrize("change", [
    "status = 'ISSUED'",
    "status = 'ISSUED', served_at = NULL",
    "served_at = NULL",
    "served_at = %(other)s",
    "status = 'DRAFT', number = '', content_sha256 = ''",
    "status = 'DISCARDED'",
])
def test_a_served_document_never_goes_back_s2_5_2(served, change, now):
    refused(f"UPDATE documents_document SET {change.replace('%(other)s', '%s')} WHERE id = %s",
            [now.replace(year=2020), served.pk] if "%(other)s" in change else [served.pk])
    served.refresh_from_db()
    assert (served.status, served.served_at) == ("SERVED", now)


def test_supersession_is_set_once_when_the_correction_is_issued_and_never_changed(served, user, now):
    later = now.replace(day=29)
    correction = services.document_correct(actor=user, document=served, reason="期限写错", now=now)
    services.document_issue(actor=user, document=correction, now=later)
    served.refresh_from_db()
    assert served.superseded_at == later
    refused("UPDATE documents_document SET superseded_at = NULL WHERE id = %s", [served.pk])
    refused("UPDATE documents_document SET superseded_at = %s WHERE id = %s", [now, served.pk])
    served.refresh_from_db()
    assert served.superseded_at == later


def test_an_issued_document_and_a_discarded_draft_never_change_status(user, info, now):
    issued = services.document_issue(actor=user, document=services.document_create(
        actor=user, case=info, doc_type_code="result_notice", content=RESULT_NOTICE, now=now), now=now)
    discarded = services.document_discard(actor=user, document=services.document_create(
        actor=user, case=info, doc_type_code="result_notice", content=RESULT_NOTICE, now=now), now=now)
    refused("UPDATE documents_document SET status = 'DRAFT', number = '', content_sha256 = '' WHERE id = %s",
            [issued.pk])
    refused("UPDATE documents_document SET status = 'DRAFT' WHERE id = %s", [discarded.pk])
    refused("DELETE FROM documents_document WHERE id = %s", [issued.pk])
    assert list(Document.objects.order_by("id").values_list("status", flat=True)) == ["ISSUED", "DISCARDED"]


@pytest.mark.parametrize("statement", [
    "UPDATE documents_signature SET signer_name = '伪造' WHERE id IN (SELECT id FROM documents_signature)",
    "UPDATE documents_signature SET image_sha256 = '0' WHERE id IN (SELECT id FROM documents_signature)",
    "DELETE FROM documents_signature",
    "UPDATE documents_documentcopy SET pdf_sha256 = '0'",
    "DELETE FROM documents_documentcopy",
    "UPDATE documents_servicerecord SET signer_name = '伪造'",
    "DELETE FROM documents_servicerecord",
])
def test_signatures_copies_and_service_records_are_append_only(served, statement):
    counts = (Signature.objects.count(), DocumentCopy.objects.count(), ServiceRecord.objects.count())
    assert counts == (2, 2, 1)  # the inspector's and the customer's signatures
    refused(statement, [])
    assert (Signature.objects.count(), DocumentCopy.objects.count(), ServiceRecord.objects.count()) == counts
    assert set(Signature.objects.values_list("signer_name", flat=True)) == {"王建国", "熊超"}
    assert ServiceRecord.objects.get().signer_name == "熊超"
    assert all(len(c.pdf_sha256) == 64 for c in DocumentCopy.objects.all())


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="SQLite has no TRUNCATE")
@pytest.mark.parametrize("table", ["documents_document", "documents_signature", "documents_documentcopy",
                                   "documents_servicerecord", "documents_serviceproof"])
def test_postgresql_refuses_truncating_the_documents_tables(served, table):
    refused(f"TRUNCATE {table} CASCADE", [])
    assert (Document.objects.count(), Signature.objects.count(), DocumentCopy.objects.count(),
            ServiceRecord.objects.count()) == (1, 2, 2, 1)
