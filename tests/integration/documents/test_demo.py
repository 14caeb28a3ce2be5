from dataclasses import replace

import pytest

from tests.integration.documents.conftest import TARGET_TYPE
from utilicase.complaints.demo import make_demo_complaints
from utilicase.complaints.models import Complaint
from utilicase.core import cases
from utilicase.documents.demo import make_demo_documents
from utilicase.documents.models import Document

pytestmark = pytest.mark.django_db


def test_demo_issues_and_serves_the_first_complaints_form_filled_from_it_s6_5_ii_7(org, now):
    make_demo_complaints(now=now)
    complaint = Complaint.objects.order_by("pk").first()
    assert make_demo_documents(now=now) == 1
    document = Document.objects.get()
    assert (document.doc_type, document.status, document.target_type, document.target_id) == (
        "complaint_form", "SERVED", "complaints.complaint", str(complaint.pk))
    assert document.issued_by.username == "hall_staff1"
    assert (document.content["channel"], document.content["complaint"]) == (complaint.channel, complaint.content)
    assert document.number == "天富诉〔2026〕第000001号"
    assert make_demo_documents(now=now) == 0  # once


def test_demo_does_nothing_where_no_case_type_issues_a_complaint_form(customer, monkeypatch, now):
    monkeypatch.setattr(cases, "CASE_TYPES", {TARGET_TYPE: replace(cases.CASE_TYPES[TARGET_TYPE], documents={})})
    assert make_demo_documents(now=now) == 0
    assert not Document.objects.exists()
