"""A case's own page lists its documents (so the page, and its print, holds facts, deadlines,
documents and timeline), read through the documents' scoped selector."""

import pytest
from django.urls import reverse

from tests.integration.complaints.conftest import Flow, ensure_categories
from utilicase.complaints import cases as complaint_cases
from utilicase.documents.services import document_create

FORM = {"received_at": "2026-09-27T09:50", "channel": "PHONE", "complainant": "王建华", "complaint": "电费突增"}


@pytest.mark.django_db
def test_the_complaint_page_lists_its_documents(client, org, example_user, now):
    ensure_categories()
    flow = Flow(org, example_user, now)
    complaint, other = flow.receive(), flow.receive()
    mine = document_create(actor=example_user("hall_staff1"), case=complaint_cases.info(complaint),
                           doc_type_code="complaint_form", content=FORM, now=now)
    theirs = document_create(actor=example_user("hall_staff1"), case=complaint_cases.info(other),
                             doc_type_code="complaint_form", content=FORM, now=now)
    client.force_login(example_user("hall_staff1"))
    page = client.get(reverse("complaints:detail", args=[complaint.pk])).content.decode()
    card = page[page.index('<section class="card case-documents">'):]
    card = card[:card.index("</section>")]
    assert reverse("documents:detail", args=[mine.pk]) in card and "客户投诉受理单" in card and "草稿" in card
    assert reverse("documents:detail", args=[theirs.pk]) not in card
    assert reverse("documents:case", args=["complaints.complaint", complaint.pk]) in card
    empty = client.get(reverse("complaints:detail", args=[flow.receive().pk])).content.decode()
    assert "本案尚无文书。" in empty


def test_the_card_is_on_every_case_type_s_page():
    from pathlib import Path

    import utilicase

    root = Path(utilicase.__file__).parent
    for app in ("complaints", "inspections", "enforcement", "accidents", "fieldwork"):
        text = (root / app / "templates" / app / "detail.html").read_text(encoding="utf-8")
        assert "{% case_documents_card " in text, app
