"""A case's documents as a file: the rows of the case's documents page, its headers."""

import pytest
from django.urls import reverse

from tests.integration.documents.conftest import RESULT_NOTICE
from tests.integration.web.exports_helpers import csv_rows
from utilicase.documents import services

pytestmark = pytest.mark.django_db


def test_the_case_documents_export(client, example_user, customer, info, now):
    services.document_create(actor=example_user("inspector1"), case=info, doc_type_code="result_notice",
                             content=RESULT_NOTICE, now=now)
    client.force_login(example_user("inspector1"))
    url = reverse("documents:case", args=["customers.customer", customer.pk])
    assert "export=xlsx" in client.get(url).content.decode()
    rows = csv_rows(client.get(url, {"export": "csv"}))
    assert rows[0] == ["文书", "文号", "状态", "时间"]
    assert len(rows) == 2 and rows[1][2] == "草稿" and rows[1][3] == "2026-09-30 10:00:00"
    missing = reverse("documents:case", args=["customers.customer", customer.pk + 1000])
    assert client.get(missing, {"export": "csv"}).status_code == 404
