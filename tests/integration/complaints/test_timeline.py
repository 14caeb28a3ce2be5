"""The complaint page's timeline: every event of the complaint and of what is attached to it
(its documents and their service, its evidence with seals and custody, its deadlines), in words,
in the order they happened, each attached event linking to its record's page."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from tests.integration.documents.conftest import ink_png
from utilicase.audit.labels import action_label
from utilicase.audit.models import AuditEvent
from utilicase.audit.timeline import case_timeline
from utilicase.complaints.cases import complaint_form_content
from utilicase.complaints.cases import info as case_info
from utilicase.documents import services as documents
from utilicase.documents import serving
from utilicase.evidence import services as evidence

pytestmark = pytest.mark.django_db

TARGET = "complaints.complaint"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def case(flow, customer, example_user):
    """A routed complaint with a complaint form drafted, issued and served (signed by the
    customer), and a meter registered as evidence, sealed and stored."""
    complaint = flow.routed(customer=customer)
    staff = example_user("hall_staff1")
    at = complaint.reception_ended_at + timedelta(hours=1)
    form = documents.document_create(actor=staff, case=case_info(complaint), doc_type_code="complaint_form",
                                     content=complaint_form_content(complaint), now=at)
    form = documents.document_issue(actor=staff, document=form, now=at)
    serving.service_record(actor=staff, document=form, method="SIGNED", signer_name="李秀英",
                           customer_signature=ink_png(), now=at + timedelta(minutes=1))
    item = evidence.item_register(actor=staff, target_type=TARGET, target_id=str(complaint.pk), kind="METER",
                                  description="单相电能表，表号3301", location="客户表箱", now=at + timedelta(minutes=2))
    evidence.seal_apply(actor=staff, item=item, number="FT-000123", signer_name="李秀英", png=ink_png(1),
                        now=at + timedelta(minutes=3))
    evidence.custody_move(actor=staff, item=item, step="STORED", location="营业厅证据柜", seal_state="INTACT",
                          now=at + timedelta(minutes=4))
    return complaint, form, item


def _actions(events) -> list[str]:
    return [e.action for e in events]


def test_the_timeline_has_the_complaint_its_document_and_its_evidence_in_seq_order(case):
    complaint, form, item = case
    events = case_timeline(target_type=TARGET, target_id=str(complaint.pk))
    assert [e.seq for e in events] == sorted(e.seq for e in events)
    actions = _actions(events)
    attached = [a for a in actions if a.split(".")[0] in ("documents", "evidence")]
    assert attached == [
        "documents.document.drafted", "documents.document.issued", "documents.signature.captured",
        "documents.document.served", "evidence.item.registered", "documents.signature.captured",
        "evidence.seal.applied", "evidence.custody.moved",
    ]
    assert actions[0] == "calendar.deadline.opened" and "complaints.complaint.routed" in actions
    # Every event written since the complaint came in is the complaint's or of a record attached to it.
    assert len(events) == AuditEvent.objects.filter(seq__gte=events[0].seq).count() == 17


def test_attached_events_link_to_their_record_page(case):
    complaint, form, item = case
    links = {(e.action, e.link.url) for e in case_timeline(target_type=TARGET, target_id=str(complaint.pk))
             if hasattr(e, "link")}
    document_page, item_page = f"/documents/{form.pk}/", f"/evidence/items/{item.pk}/"
    assert {
        ("documents.document.drafted", document_page), ("documents.document.issued", document_page),
        ("documents.signature.captured", document_page), ("documents.document.served", document_page),
        ("evidence.item.registered", item_page), ("documents.signature.captured", item_page),
        ("evidence.seal.applied", item_page), ("evidence.custody.moved", item_page),
        ("calendar.deadline.opened", None), ("calendar.deadline.met", None), ("calendar.deadline.reassigned", None),
    } == links


def test_the_timeline_takes_two_queries_whatever_the_case_holds(case):
    complaint, *_ = case
    with CaptureQueriesContext(connection) as queries:
        case_timeline(target_type=TARGET, target_id=str(complaint.pk))
    assert len(queries) == 2


def test_another_complaint_s_timeline_has_none_of_these_records(case, flow, customer):
    other = flow.receive(customer=customer)
    actions = _actions(case_timeline(target_type=TARGET, target_id=str(other.pk)))
    assert actions == ["calendar.deadline.opened", "calendar.deadline.opened", "complaints.complaint.received"]


def _timeline_html(client, user, complaint, language: str) -> str:
    client.force_login(user)
    page = client.get(f"/complaints/{complaint.pk}/", headers={"accept-language": language}).content.decode()
    return page[page.index('<ol class="timeline">'):page.index("</ol>", page.index('<ol class="timeline">'))]


def _entries(html: str) -> list[str]:
    return [" ".join(re.sub(r"<[^>]+>", " ", li).split()) for li in re.findall(r"<li>(.*?)</li>", html, flags=re.S)]


def test_the_page_shows_the_timeline_in_chinese_words_with_links(client, case, example_user):
    complaint, form, item = case
    html = _timeline_html(client, example_user("hall_staff1"), complaint, "zh-hans")
    entries = _entries(html)
    assert not re.search(r"[a-z_]+\.[a-z_]+\.[a-z_]+", html)  # no action code, not even in an attribute
    assert any("投诉已受理" in e for e in entries)
    assert any("文书已签发 客户投诉受理单" in e for e in entries)
    assert any("文书已送达 客户投诉受理单" in e for e in entries)
    assert any("证据已封存 证据1（计量表计）" in e for e in entries)
    assert any("证据保管流转已登记 证据1（计量表计）：入库保管" in e for e in entries)
    assert f'href="/documents/{form.pk}/"' in html and f'href="/evidence/items/{item.pk}/"' in html


def test_the_page_shows_the_timeline_in_english_words(client, case, example_user):
    complaint, form, item = case
    with translation.override("en"):
        html = _timeline_html(client, example_user("hall_staff1"), complaint, "en")
        labels = {action_label(e.action) for e in case_timeline(target_type=TARGET, target_id=str(complaint.pk))}
    assert len(labels) == 15 and all(label.isascii() for label in labels)
    assert "投诉已受理" not in html and "证据已封存" not in html
    assert not re.search(r"[a-z_]+\.[a-z_]+\.[a-z_]+", html)
    entries = _entries(html)
    assert any("Complaint received" in e for e in entries)
    assert any("Document issued Complaint form" in e for e in entries)
    assert any("Document served Complaint form" in e for e in entries)
    assert any("Evidence sealed Evidence 1 (Meter)" in e for e in entries)
    assert any("Evidence custody move recorded Evidence 1 (Meter): Placed in storage" in e for e in entries)
