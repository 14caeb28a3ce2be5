"""Which documents a complaint may issue, and who may issue them, as a table: every (document
type x role) cell on a complaint routed to the power company's marketing department, through the
pages and through the API. The table is written out here, not derived from the code under test.

    OK        the draft is made (page: to the draft; API: 201)
    case §…   refused: a complaint does not issue this type (page: back to the case's documents
              with the clause; API: 409 with the clause)
    role §…   refused: the role does not write this type
    404       the role does not see the complaint (page and API: 404, nothing said about it)
"""

import re

import pytest
from django.urls import reverse

from tests.integration.complaints.conftest import Flow, ensure_categories
from utilicase.complaints.cases import complaint_form_content
from utilicase.complaints.models import Complaint
from utilicase.documents.models import Document
from utilicase.org.services import token_create

pytestmark = pytest.mark.django_db

OK, NF = "OK", 404
USERS = ("hall_staff1", "hall_head1", "handler1", "enterprise_deputy1", "company_deputy1",
         "office_head1", "inspector1", "field_worker1", "discipline1", "admin")
TABLE = {
    #                         hall_staff1      hall_head1       handler1         enterprise_deputy1 company_deputy1
    #                         office_head1, inspector1, field_worker1, discipline1, admin
    "complaint_form":         (OK,             OK,              "role §6.5(i)",  "role §6.5(i)",  "role §6.5(i)",
                               NF, NF, NF, NF, NF),
    "suspension_notice":      ("case §1.1",    "case §1.1",     "case §1.1",     "case §1.1",     "case §1.1",
                               NF, NF, NF, NF, NF),
    "inspection_order":       ("case §2.4(3)", "case §2.4(3)",  "case §2.4(3)",  "case §2.4(3)",  "case §2.4(3)",
                               NF, NF, NF, NF, NF),
    "result_notice":          ("case §2.5(2)", "case §2.5(2)",  "case §2.5(2)",  "case §2.5(2)",  "case §2.5(2)",
                               NF, NF, NF, NF, NF),
    "violation_notice":       ("case §2.6(3)", "case §2.6(3)",  "case §2.6(3)",  "case §2.6(3)",  "case §2.6(3)",
                               NF, NF, NF, NF, NF),
    "survey_record":          ("case §2.6(2)", "case §2.6(2)",  "case §2.6(2)",  "case §2.6(2)",  "case §2.6(2)",
                               NF, NF, NF, NF, NF),
    "transcript":             ("case §2.6(2)", "case §2.6(2)",  "case §2.6(2)",  "case §2.6(2)",  "case §2.6(2)",
                               NF, NF, NF, NF, NF),
    "accident_report":        ("case §2.7(4)", "case §2.7(4)",  "case §2.7(4)",  "case §2.7(4)",  "case §2.7(4)",
                               NF, NF, NF, NF, NF),
    "accident_result_notice": ("case §2.7(6)", "case §2.7(6)",  "case §2.7(6)",  "case §2.7(6)",  "case §2.7(6)",
                               NF, NF, NF, NF, NF),
    "restoration_notice":     ("case §2.6(4)", "case §2.6(4)",  "case §2.6(4)",  "case §2.6(4)",  "case §2.6(4)",
                               NF, NF, NF, NF, NF),
    "field_work_order":       ("case §4.4(5)", "case §4.4(5)",  "case §4.4(5)",  "case §4.4(5)",  "case §4.4(5)",
                               NF, NF, NF, NF, NF),
}
ROLE_WORDS = "您的岗位"  # how a refusal for the role begins; any other is the case's


def _kind(clause: str, message: str) -> str:
    return f"{'role' if message.startswith(ROLE_WORDS) else 'case'} {clause}"


# Issuing a draft of the complaint: (document type, user) -> outcome.
ISSUE_TABLE = {
    ("complaint_form", "hall_staff1"): OK,
    ("complaint_form", "hall_head1"): OK,
    ("complaint_form", "handler1"): "role §6.5(i)",
    ("complaint_form", "enterprise_deputy1"): "role §6.5(i)",
    ("complaint_form", "company_deputy1"): "role §6.5(i)",
    ("complaint_form", "inspector1"): NF,
    # Drafts left on a complaint from before this rule (the suspension notice of the incident):
    ("suspension_notice", "hall_staff1"): "case §1.1",
    ("suspension_notice", "hall_head1"): "case §1.1",
    # an enterprise deputy approves (issues) inspection orders, but not on a complaint
    ("inspection_order", "enterprise_deputy1"): "case §2.4(3)",
}
SUSPENSION = {"reason": "欠费", "legal_basis": "供电营业规则", "scope": "FULL", "planned_at": "2026-10-08 09:00"}


@pytest.fixture
def complaint(org, example_user, now) -> Complaint:
    ensure_categories()
    return Flow(org, example_user, now).routed()


def _content(complaint: Complaint) -> dict[str, str]:
    return {**complaint_form_content(complaint), "handling": "转营销部核查。"}


def _page_outcome(client, complaint, code: str):
    url = reverse("documents:new", args=["complaints.complaint", complaint.pk])
    case_page = reverse("documents:case", args=["complaints.complaint", complaint.pk])
    form = client.get(f"{url}?type={code}", follow=True)  # rendering the page takes its messages
    before = Document.objects.count()
    response = client.post(url, {"doc_type": code, **_content(complaint)}, follow=True)
    if response.status_code == 404:
        return NF if form.status_code == 404 else f"GET {form.status_code}, POST 404"
    landed = response.redirect_chain[-1][0] if response.redirect_chain else None
    if landed == case_page:
        told = re.findall(r'<li class="error">([^<]*)（(§[^）<]+)）</li>', response.content.decode())
        if form.redirect_chain[-1][0] != case_page or Document.objects.count() != before or len(told) != 1:
            return f"refused, but GET {form.redirect_chain}, told {told}"
        return _kind(told[0][1], told[0][0])
    document = Document.objects.order_by("-pk").first()
    if form.redirect_chain == [] and document and landed == reverse("documents:detail", args=[document.pk]):
        return OK if document.doc_type == code else f"made {document.doc_type}"
    return f"GET {form.status_code}, POST {response.status_code} {response.redirect_chain}"


def _api_outcome(client, complaint, code: str):
    response = client.post("/api/v1/documents", {"target_type": "complaints.complaint", "target_id": str(complaint.pk),
                                                 "doc_type": code, "content": _content(complaint)},
                           content_type="application/json")
    if response.status_code == 201:
        return OK if response.json()["doc_type"] == code else f"201 {response.json()['doc_type']}"
    if response.status_code == 409:
        return _kind(response.json()["clause"], response.json()["detail"])
    return NF if response.status_code == 404 else response.status_code


@pytest.mark.parametrize("column", range(len(USERS)), ids=USERS)
def test_each_role_drafts_on_a_complaint_what_the_table_says_in_pages_s6_5_i(client, complaint, example_user, column):
    client.force_login(example_user(USERS[column]))
    got = {code: _page_outcome(client, complaint, code) for code in TABLE}
    assert got == {code: row[column] for code, row in TABLE.items()}


@pytest.mark.parametrize("column", range(len(USERS)), ids=USERS)
def test_each_role_drafts_on_a_complaint_what_the_table_says_in_the_api_s6_5_i(client, complaint, example_user, now,
                                                                               column):
    _, token = token_create(actor=None, user=example_user(USERS[column]), now=now)
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    got = {code: _api_outcome(client, complaint, code) for code in TABLE}
    assert got == {code: row[column] for code, row in TABLE.items()}


@pytest.mark.parametrize("column", range(len(USERS)), ids=USERS)
def test_the_case_page_offers_exactly_the_types_the_table_allows_with_none_chosen(client, complaint, example_user,
                                                                                   column):
    client.force_login(example_user(USERS[column]))
    page = client.get(reverse("documents:case", args=["complaints.complaint", complaint.pk]))
    allowed = [code for code, row in TABLE.items() if row[column] == OK]
    if TABLE["complaint_form"][column] == NF:
        assert page.status_code == 404
        return
    text = page.content.decode()
    offered = re.findall(r'<option value="(\w+)">', text)
    assert offered == allowed
    if allowed:
        assert '<option value="" selected disabled>' in text
    else:
        assert 'id="no-document-types"' in text and 'id="new-document"' not in text


def _draft(complaint: Complaint, code: str, example_user, now) -> Document:
    """A draft as the hall staff make it; a type a complaint does not issue is written straight
    into the table, as such drafts were made before the rule."""
    if code == "complaint_form":
        from utilicase.complaints.cases import info
        from utilicase.documents.services import document_create

        return document_create(actor=example_user("hall_staff1"), case=info(complaint), doc_type_code=code,
                               content=_content(complaint), now=now)
    return Document.objects.create(target_type="complaints.complaint", target_id=str(complaint.pk), doc_type=code,
                                   content=SUSPENSION if code == "suspension_notice" else {}, issuer_code="tf-hall",
                                   created_at=now, created_by=example_user("hall_staff1"), updated_at=now)


def _issued_on_page(client, document: Document):
    response = client.post(reverse("documents:issue", args=[document.pk]), follow=True)
    if response.status_code == 404:
        return NF
    text = response.content.decode()
    told = re.findall(r'<li class="error">([^<]*)（(§[^）<]+)）</li>', text)
    document.refresh_from_db()
    if told and document.status == "DRAFT":
        return _kind(told[0][1], told[0][0])
    return OK if document.status == "ISSUED" and '<li class="success">' in text else f"{document.status} {told}"


def _issued_in_api(client, document: Document):
    response = client.post(f"/api/v1/documents/{document.pk}/issue")
    if response.status_code == 200:
        return OK if response.json()["status"] == "ISSUED" else response.json()["status"]
    if response.status_code == 409:
        return _kind(response.json()["clause"], response.json()["detail"])
    return NF if response.status_code == 404 else response.status_code


@pytest.mark.parametrize(("code", "username"), list(ISSUE_TABLE), ids=[f"{c}-{u}" for c, u in ISSUE_TABLE])
def test_who_issues_which_draft_of_a_complaint_as_the_table_says_in_pages_and_api_s6_5_i_s1_1(
        client, complaint, example_user, now, code, username):
    client.force_login(example_user(username))
    on_page = _issued_on_page(client, _draft(complaint, code, example_user, now))
    _, token = token_create(actor=None, user=example_user(username), now=now)
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    client.logout()
    in_api = _issued_in_api(client, _draft(complaint, code, example_user, now))
    assert (on_page, in_api) == (ISSUE_TABLE[code, username], ISSUE_TABLE[code, username])


def test_a_suspension_notice_left_on_a_complaint_is_discarded_not_issued_s1_1(client, complaint, example_user, now):
    draft = _draft(complaint, "suspension_notice", example_user, now)
    client.force_login(example_user("hall_staff1"))
    detail = client.get(reverse("documents:detail", args=[draft.pk])).content.decode()
    assert 'id="discard"' in detail and 'id="issue"' not in detail and 'id="edit-draft"' not in detail
    response = client.post(reverse("documents:discard", args=[draft.pk]))
    draft.refresh_from_db()
    assert response.status_code == 302 and draft.status == "DISCARDED"


@pytest.mark.parametrize("column", range(len(USERS)), ids=USERS)
def test_the_api_lists_exactly_the_types_the_table_allows_filled_from_the_complaint(client, complaint, example_user,
                                                                                    now, column):
    _, token = token_create(actor=None, user=example_user(USERS[column]), now=now)
    response = client.get("/api/v1/documents/types", {"target_type": "complaints.complaint",
                                                      "target_id": str(complaint.pk)},
                          HTTP_AUTHORIZATION=f"Bearer {token}")
    if TABLE["complaint_form"][column] == NF:
        assert response.status_code == 404
        return
    allowed = [code for code, row in TABLE.items() if row[column] == OK]
    assert [t["doc_type"] for t in response.json()] == allowed
    for offered in response.json():
        assert offered["content"]["complaint"] == complaint.content and offered["content"]["channel"] == "PHONE"
