"""The public verification page the QR code opens: exists, latest version, hashes match, and no
personal data for an anonymous visitor."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from tests.integration.documents.conftest import RESULT_NOTICE
from utilicase.blobs.storage import blob_key, blob_storage
from utilicase.documents import services
from utilicase.documents.rendering import verify_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(example_user, info, now):
    user = example_user("inspector1")
    document = services.document_create(actor=user, case=info, doc_type_code="result_notice", content=RESULT_NOTICE,
                                        now=now)
    return services.document_issue(actor=user, document=document, now=now)


def path_of(document) -> str:
    return verify_url(document.verify_token).removeprefix("https://utilicase.example.cn")


def test_the_qr_url_verifies_an_intact_latest_document_without_personal_data(client, issued):
    response = client.get(path_of(issued))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="check-exists" data-result="found"' in page
    assert 'id="check-latest" data-result="latest"' in page
    assert 'id="check-content" data-result="match"' in page
    assert page.count('data-result="match"') == 3  # content + both copies
    assert "天富电检〔2026〕第000001号" in page and "检查结果通知单" in page
    for private in ("熊超", "1010000001", "北三路", "挡鼠板", "TEST-1010000001"):
        assert private not in page
    assert reverse("documents:detail", args=[issued.pk]) not in page


def test_a_signed_in_user_who_sees_the_case_gets_the_link(client, issued, example_user):
    client.force_login(example_user("inspector1"))
    assert reverse("documents:detail", args=[issued.pk]) in client.get(path_of(issued)).content.decode()
    client.force_login(example_user("handler1"))  # does not see this customer's case
    assert reverse("documents:detail", args=[issued.pk]) not in client.get(path_of(issued)).content.decode()


def test_a_superseded_version_says_it_is_not_the_latest(client, issued, example_user, info, now):
    user = example_user("inspector1")
    v2 = services.document_correct(actor=user, document=issued, reason="期限写错", now=now)
    v2 = services.document_issue(actor=user, document=v2, now=now)
    page = client.get(path_of(issued)).content.decode()
    assert 'id="check-latest" data-result="superseded"' in page
    assert "天富电检〔2026〕第000001号（第2版）" in page
    assert 'data-result="latest"' in client.get(path_of(v2)).content.decode()
    assert issued.verify_token != v2.verify_token


def test_a_tampered_stored_pdf_is_reported_as_hash_mismatch(client, issued):
    kept = issued.copies.get(kind="KEPT")
    key, storage = blob_key(services.DOCUMENT_NAMESPACE, kept.pdf_sha256), blob_storage()
    with storage.open(key, "rb") as f:
        altered = f.read().replace(b"%%EOF", b"%%EOF\n% altered")
    storage.delete(key)
    assert storage.save(key, ContentFile(altered)) == key
    page = client.get(path_of(issued)).content.decode()
    assert 'data-result="mismatch"' in page and "存档PDF与签发时记录的哈希值不符" in page
    assert 'id="check-content" data-result="match"' in page  # the record itself is intact
    client.force_login(issued.created_by)
    response = client.get(reverse("documents:pdf", args=[issued.pk, "kept"]))
    assert response.status_code == 409


def test_a_missing_stored_pdf_is_reported(client, issued):
    blob_storage().delete(blob_key(services.DOCUMENT_NAMESPACE, issued.copies.get(kind="CUSTOMER").pdf_sha256))
    assert 'data-result="missing"' in client.get(path_of(issued)).content.decode()


def test_an_unknown_token_says_no_such_document(client):
    response = client.get("/documents/verify/not-a-real-token-at-all/")
    assert response.status_code == 404
    assert 'data-result="missing"' in response.content.decode()


def test_a_draft_has_no_verification(client, example_user, info, now):
    document = services.document_create(actor=example_user("inspector1"), case=info, doc_type_code="result_notice",
                                        content=RESULT_NOTICE, now=now)
    assert document.verify_token == ""


def test_starting_a_correction_changes_neither_the_page_nor_the_api(client, issued, example_user, now):
    user = example_user("inspector1")
    services.document_correct(actor=user, document=issued, reason="期限写错", now=now)
    page = client.get(path_of(issued)).content.decode()
    assert 'id="check-latest" data-result="latest"' in page
    assert "已被更正为" not in page
    client.force_login(user)
    body = client.get(f"/api/v1/documents/{issued.pk}").json()
    assert (body["superseded"], body["superseded_by"]) == (False, None)


def test_issuing_the_correction_makes_page_and_api_name_the_new_number(client, issued, example_user, now):
    user = example_user("inspector1")
    v2 = services.document_issue(actor=user, document=services.document_correct(
        actor=user, document=issued, reason="期限写错", now=now), now=now)
    services.document_correct(actor=user, document=v2, reason="再次更正", now=now)  # a v3 draft says nothing yet
    page = client.get(path_of(issued)).content.decode()
    assert 'id="check-latest" data-result="superseded"' in page
    assert "已被更正为 天富电检〔2026〕第000001号（第2版）。" in page
    client.force_login(user)
    body = client.get(f"/api/v1/documents/{issued.pk}").json()
    assert body["superseded"] is True
    assert body["superseded_by"] == {"id": v2.pk, "version": 2, "number": "天富电检〔2026〕第000001号（第2版）",
                                     "status": "ISSUED", "superseded": False}
