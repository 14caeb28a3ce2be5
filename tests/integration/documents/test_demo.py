import pytest

from tests.integration.documents.conftest import TARGET_TYPE
from utilicase.core import cases
from utilicase.documents.demo import make_demo_documents
from utilicase.documents.models import Document

pytestmark = pytest.mark.django_db


def test_demo_issues_and_serves_a_complaint_form_on_the_first_case(customer, now):
    assert make_demo_documents(now=now) == 1
    document = Document.objects.get()
    assert (document.doc_type, document.status, document.target_type) == ("complaint_form", "SERVED", TARGET_TYPE)
    assert document.number.startswith("天富电诉〔2026〕第000001号")
    assert make_demo_documents(now=now) == 0  # once


def test_demo_does_nothing_without_a_case_type(org, monkeypatch, now):
    monkeypatch.setattr(cases, "CASE_TYPES", {})
    assert make_demo_documents(now=now) == 0
    assert not Document.objects.exists()
