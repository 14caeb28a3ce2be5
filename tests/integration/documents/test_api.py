"""The documents API: list by case, draft, get, edit, sign, issue, service, correction, PDF;
bad input 422 naming the field, refused rules 409 with the clause, invisible 404."""

import base64

import pytest

from tests.integration.documents.conftest import RESULT_NOTICE, ink_png, jpeg
from utilicase.documents.models import Document
from utilicase.org.services import token_create

pytestmark = pytest.mark.django_db
BASE = "/api/v1/documents"


@pytest.fixture
def api(client, example_user, now):
    def as_user(username: str):
        _, token = token_create(actor=None, user=example_user(username), now=now)
        client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {token}"
        return client
    return as_user


def data_url(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode()


def create(client, customer, content=RESULT_NOTICE, doc_type="result_notice"):
    return client.post(BASE, {"target_type": "customers.customer", "target_id": str(customer.pk),
                              "doc_type": doc_type, "content": content}, content_type="application/json")


def test_draft_issue_serve_and_download_through_the_api_s2_5_2(api, customer):
    client = api("inspector1")
    response = create(client, customer)
    assert response.status_code == 201
    body = response.json()
    assert (body["status"], body["number"], body["title"], body["customer_name"]) == ("DRAFT", "", "检查结果通知单",
                                                                                      "熊超")
    doc_id = body["id"]
    signed = client.post(f"{BASE}/{doc_id}/signatures", {"signer_role": "INSPECTOR", "signer_name": "王建国",
                                                         "image": data_url(ink_png())}, content_type="application/json")
    assert signed.status_code == 201 and signed.json()["signer_name"] == "王建国"
    issued = client.post(f"{BASE}/{doc_id}/issue")
    assert issued.status_code == 200
    body = issued.json()
    assert body["number"] == "天富电检〔2026〕第000001号" and body["status"] == "ISSUED"
    assert body["verify_url"].startswith("https://utilicase.example.cn/documents/verify/")
    assert {c["kind"] for c in body["copies"]} == {"KEPT", "CUSTOMER"}
    pdf = client.get(f"{BASE}/{doc_id}/pdf?copy=CUSTOMER")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF-")
    import hashlib
    assert hashlib.sha256(pdf.content).hexdigest() == next(c["pdf_sha256"] for c in body["copies"]
                                                           if c["kind"] == "CUSTOMER")
    english = client.get(f"{BASE}/{doc_id}/pdf?copy=KEPT&lang=en")
    assert english.status_code == 200 and english.content.startswith(b"%PDF-")

    served = client.post(f"{BASE}/{doc_id}/service", {"method": "SIGNED", "signer_name": "熊超",
                                                      "customer_signature": data_url(ink_png(3))})
    assert served.status_code == 201, served.content
    assert served.json()["serves"] is True and served.json()["signatures"][0]["signer_role"] == "CUSTOMER"
    got = client.get(f"{BASE}/{doc_id}").json()
    assert got["status"] == "SERVED" and got["service_records"][0]["method"] == "SIGNED"
    listed = client.get(f"{BASE}?target_type=customers.customer&target_id={customer.pk}").json()
    assert [d["id"] for d in listed["items"]] == [doc_id]


def test_missing_content_fields_are_named_422(api, customer):
    response = create(api("inspector1"), customer, content={"findings": "x", "colour": "red"})
    assert response.status_code == 422
    locs = {tuple(e["loc"]) for e in response.json()["detail"]}
    assert ("body", "content", "rectification_date") in locs and ("body", "content", "colour") in locs
    assert not Document.objects.exists()


def test_unknown_type_is_422(api, customer):
    assert create(api("inspector1"), customer, doc_type="love_letter").status_code == 422


def test_editing_an_issued_document_is_409_with_the_clause(api, customer):
    client = api("inspector1")
    doc_id = create(client, customer).json()["id"]
    assert client.patch(f"{BASE}/{doc_id}", {"content": {**RESULT_NOTICE, "findings": "新"}},
                        content_type="application/json").status_code == 200
    client.post(f"{BASE}/{doc_id}/issue")
    response = client.patch(f"{BASE}/{doc_id}", {"content": RESULT_NOTICE}, content_type="application/json")
    assert response.status_code == 409 and response.json()["clause"] == "§2.5(2)"


def test_service_without_signature_is_422_and_other_means_before_refusal_409(api, customer):
    client = api("inspector1")
    doc_id = create(client, customer).json()["id"]
    client.post(f"{BASE}/{doc_id}/issue")
    response = client.post(f"{BASE}/{doc_id}/service", {"method": "SIGNED", "signer_name": "熊超"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "customer_signature"]
    response = client.post(f"{BASE}/{doc_id}/service", {"method": "NOTARISED", "notary_office": "石河子市公证处",
                                                        "certificates": _file("cert.jpg", jpeg())})
    assert response.status_code == 409 and response.json()["clause"] == "§2.5(2)"
    assert client.post(f"{BASE}/{doc_id}/service", {"method": "REFUSED"}).status_code == 201
    response = client.post(f"{BASE}/{doc_id}/service", {
        "method": "LEFT_WITH_WITNESSES", "witness_names": ["张三", "李四"],
        "witness_signatures": [data_url(ink_png(1)), data_url(ink_png(2))],
        "photos": _file("photo.jpg", b"MZ\x90\x00" + b"\x00" * 100)})
    assert response.status_code == 422 and response.json()["detail"][0]["loc"] == ["body", "photos"]
    response = client.post(f"{BASE}/{doc_id}/service", {
        "method": "LEFT_WITH_WITNESSES", "witness_names": ["张三", "李四"],
        "witness_signatures": [data_url(ink_png(1)), data_url(ink_png(2))], "photos": _file("photo.jpg", jpeg())})
    assert response.status_code == 201, response.content
    assert response.json()["witness_names"] == ["张三", "李四"] and len(response.json()["signatures"]) == 2
    assert client.get(f"{BASE}/{doc_id}").json()["status"] == "SERVED"


def _file(name, data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


def test_correction_through_the_api(api, customer):
    client = api("inspector1")
    doc_id = create(client, customer).json()["id"]
    client.post(f"{BASE}/{doc_id}/issue")
    assert client.post(f"{BASE}/{doc_id}/correction", {"reason": ""}, content_type="application/json"
                       ).status_code == 422
    response = client.post(f"{BASE}/{doc_id}/correction", {"reason": "期限写错"}, content_type="application/json")
    assert response.status_code == 201
    v2 = response.json()
    assert (v2["version"], v2["replaces_id"], v2["status"]) == (2, doc_id, "DRAFT")
    issued = client.post(f"{BASE}/{v2['id']}/issue").json()
    assert issued["number"] == "天富电检〔2026〕第000001号（第2版）"
    old = client.get(f"{BASE}/{doc_id}").json()
    assert old["superseded"] is True and [v["version"] for v in old["versions"]] == [1, 2]


def test_a_case_out_of_sight_is_404(api, customer):
    client = api("inspector1")
    doc_id = create(client, customer).json()["id"]
    other = api("handler1")
    assert other.get(f"{BASE}/{doc_id}").status_code == 404
    assert other.get(f"{BASE}?target_type=customers.customer&target_id={customer.pk}").status_code == 404
    assert create(other, customer).status_code == 404
    assert other.post(f"{BASE}/{doc_id}/issue").status_code == 404
    assert other.get(f"{BASE}?target_type=no.such&target_id=1").status_code == 404


def test_pdf_of_a_draft_is_409(api, customer):
    client = api("inspector1")
    doc_id = create(client, customer).json()["id"]
    assert client.get(f"{BASE}/{doc_id}/pdf").status_code == 409


def test_nul_in_content_is_422_not_a_server_error(api, customer):
    response = create(api("inspector1"), customer, content={**RESULT_NOTICE, "findings": "a\u0000b"})
    assert response.status_code == 422


def test_transcript_issues_after_the_party_signs_or_a_witnessed_refusal_through_the_api_s2_6_2(api, customer):
    client = api("inspector1")
    content = {"interview_at": "2026-09-30 09:00", "place": "客户配电室", "interviewer": "王建国",
               "interviewee": "熊超", "record": "问：电表接线是谁改动的？答：不清楚。"}
    doc_id = create(client, customer, content=content, doc_type="transcript").json()["id"]
    response = client.post(f"{BASE}/{doc_id}/issue")
    assert response.status_code == 409 and response.json()["clause"] == "§2.6(2)"
    response = client.post(f"{BASE}/{doc_id}/refusal", {
        "witness_names": ["张三"], "witness_signatures": [data_url(ink_png(1))], "photos": _file("photo.jpg", jpeg())})
    assert response.status_code == 422 and response.json()["detail"][0]["loc"] == ["body", "witness_names"]
    response = client.post(f"{BASE}/{doc_id}/refusal", {
        "witness_names": ["张三", "李四"], "witness_signatures": [data_url(ink_png(1)), data_url(ink_png(2))],
        "photos": _file("photo.jpg", jpeg())})
    assert response.status_code == 201, response.content
    assert response.json()["method"] == "REFUSED" and response.json()["witness_names"] == ["张三", "李四"]
    issued = client.post(f"{BASE}/{doc_id}/issue")
    assert issued.status_code == 200 and issued.json()["status"] == "ISSUED"
    notice_id = create(client, customer).json()["id"]
    response = client.post(f"{BASE}/{doc_id}/refusal", {
        "witness_names": ["张三", "李四"], "witness_signatures": [data_url(ink_png(1)), data_url(ink_png(2))],
        "photos": _file("photo.jpg", jpeg())})
    assert response.status_code == 409
    response = client.post(f"{BASE}/{notice_id}/refusal", {
        "witness_names": ["张三", "李四"], "witness_signatures": [data_url(ink_png(1)), data_url(ink_png(2))],
        "photos": _file("photo.jpg", jpeg())})
    assert response.status_code == 409 and response.json()["clause"] == "§2.6(2)"
