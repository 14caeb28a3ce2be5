"""What a case type declares for its documents: the content it fills in (a complaint's form), and
the case's precondition, checked in the service and shown by what the page offers."""

import re
from dataclasses import replace

import pytest
from django.urls import reverse

from tests.integration.complaints.conftest import Flow, ensure_categories
from tests.integration.documents.conftest import EVERY_TYPE, RESULT_NOTICE, TARGET_TYPE
from utilicase.complaints.models import Channel
from utilicase.core import cases
from utilicase.core.cases import CaseDocument
from utilicase.core.rules import RuleViolation
from utilicase.documents import services
from utilicase.documents.domain.catalogue import doc_type
from utilicase.documents.models import Document

pytestmark = pytest.mark.django_db


def test_the_complaint_forms_channels_are_the_complaints_channels_s6_5_i():
    channel = doc_type("complaint_form").get_field("channel")
    assert channel.kind == "choice"
    assert [(code, zh) for code, zh, _ in channel.choices] == [(c.value, str(c.label)) for c in Channel]


def test_the_complaint_form_is_filled_from_the_complaint_s6_5_ii_7(client, org, example_user, now):
    ensure_categories()
    complaint = Flow(org, example_user, now).receive(channel=Channel.OPINION_BOOK, content="营业厅排队时间过长。",
                                                     contact_name="李秀英", contact_phone="13899001122")
    client.force_login(example_user("hall_staff1"))
    page = client.get(reverse("documents:new", args=["complaints.complaint", complaint.pk]) + "?type=complaint_form")
    text = page.content.decode()
    assert page.status_code == 200
    assert 'name="received_at" value="2026-09-30T09:50"' in text  # reception began 10 minutes before 10:00
    assert re.search(r'<option value="OPINION_BOOK" selected>意见簿</option>', text)
    assert 'name="complainant" value="李秀英"' in text and 'name="contact" value="13899001122"' in text
    assert re.search(r'<textarea name="complaint"[^>]*>\s*营业厅排队时间过长。</textarea>', text)
    assert re.search(r'<textarea name="handling"[^>]*>\s*</textarea>', text)  # the handling is the staff's


def test_the_complaint_form_refuses_a_channel_that_is_not_one_of_the_choices_s6_5_i(client, org, example_user, now):
    ensure_categories()
    complaint = Flow(org, example_user, now).receive()
    client.force_login(example_user("hall_staff1"))
    response = client.post(reverse("documents:new", args=["complaints.complaint", complaint.pk]), {
        "doc_type": "complaint_form", "received_at": "2026-09-30T09:50", "channel": "来电", "complainant": "李秀英",
        "complaint": "电费突增。"})
    assert response.status_code == 400 and not Document.objects.exists()


@pytest.fixture
def awaiting_approval(customer, monkeypatch):
    """The tests' case type with a precondition on the result notice: the case is not ready."""
    def not_ready(case):
        return RuleViolation("§2.5(2)", "检查尚未结束，不能开具检查结果通知单。")

    terms = {**EVERY_TYPE, "result_notice": CaseDocument(precondition=not_ready)}
    monkeypatch.setitem(cases.CASE_TYPES, TARGET_TYPE, replace(cases.CASE_TYPES[TARGET_TYPE], documents=terms))
    return customer


def test_a_type_whose_precondition_fails_is_not_offered_and_is_refused_s2_5_2(client, awaiting_approval,
                                                                             example_user, info, now):
    client.force_login(example_user("inspector1"))
    page = client.get(reverse("documents:case", args=[TARGET_TYPE, awaiting_approval.pk])).content.decode()
    offered = re.findall(r'<option value="(\w+)">', page)
    assert "result_notice" not in offered and "violation_notice" in offered
    with pytest.raises(RuleViolation) as refused:
        services.document_create(actor=example_user("inspector1"), case=info, doc_type_code="result_notice",
                                 content=RESULT_NOTICE, now=now)
    assert refused.value.clause == "§2.5(2)" and not Document.objects.exists()


def test_the_precondition_is_checked_again_at_issue_but_not_for_a_correction_s2_5_2(customer, example_user, info,
                                                                                   monkeypatch, now):
    user = example_user("inspector1")
    draft = services.document_create(actor=user, case=info, doc_type_code="result_notice", content=RESULT_NOTICE,
                                      now=now)
    issued = services.document_issue(actor=user, document=draft, now=now)
    correction = services.document_correct(actor=user, document=issued, reason="整改期限写错。", now=now)
    second = services.document_create(actor=user, case=info, doc_type_code="result_notice", content=RESULT_NOTICE,
                                      now=now)

    def not_ready(case):
        return RuleViolation("§2.5(2)", "检查尚未结束，不能开具检查结果通知单。")

    terms = {**EVERY_TYPE, "result_notice": CaseDocument(precondition=not_ready)}
    monkeypatch.setitem(cases.CASE_TYPES, TARGET_TYPE, replace(cases.CASE_TYPES[TARGET_TYPE], documents=terms))
    with pytest.raises(RuleViolation) as refused:
        services.document_issue(actor=user, document=second, now=now)
    assert refused.value.clause == "§2.5(2)"
    second.refresh_from_db()
    assert second.status == "DRAFT" and second.number == ""
    assert services.document_issue(actor=user, document=correction, now=now).version == 2


def test_the_issue_button_asks_for_confirmation_and_shows_progress_without_inline_script(client, customer,
                                                                                         example_user, info, now):
    draft = services.document_create(actor=example_user("inspector1"), case=info, doc_type_code="result_notice",
                                     content=RESULT_NOTICE, now=now)
    client.force_login(example_user("inspector1"))
    text = client.get(reverse("documents:detail", args=[draft.pk])).content.decode()
    form = re.search(r'<form method="post" action="/documents/\d+/issue/"[^>]*>', text).group(0)
    assert f'hx-post="/documents/{draft.pk}/issue/"' in form and 'hx-indicator="#issue-progress"' in form
    assert "hx-confirm=" in form and 'id="issue-progress"' in text
    assert "onclick" not in text and not re.search(r"<script(?![^>]*\bsrc=)", text)
    response = client.post(reverse("documents:issue", args=[draft.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 204 and response["HX-Redirect"] == reverse("documents:detail", args=[draft.pk])
    draft.refresh_from_db()
    assert draft.status == "ISSUED"


def test_the_refusal_is_told_in_english_with_its_clause_s1_1(client, org, example_user, now):
    ensure_categories()
    complaint = Flow(org, example_user, now).receive()
    client.force_login(example_user("hall_staff1"))
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    url = reverse("documents:new", args=["complaints.complaint", complaint.pk])
    page = client.get(url + "?type=suspension_notice", follow=True).content.decode()
    assert ("A suspension notice is issued only by a violation or theft case, once its suspension procedure (§1.2) "
            "is complete. (§1.1)") in page
    assert "Choose a document type" in page


def test_the_roles_that_write_documents_are_staff_roles():
    from utilicase.documents.domain.issuing import WRITERS
    from utilicase.org.models import Role

    named = {role for w in WRITERS.values() for roles in (w.draft, w.sign, w.issue) for role in roles}
    assert named <= set(Role.values) and {"inspector", "hall_staff", "field_worker"} <= named
