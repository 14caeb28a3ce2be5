"""The documents an inspection order issues (core.cases registration): its order (issued by its
approval, §2.4(3)) and, once something was found, the inspection result notice (§2.5(2))."""

import pytest

from utilicase.core.cases import case_for, declared_documents
from utilicase.core.rules import RuleViolation
from utilicase.documents import services as documents

TARGET = "inspections.inspectionorder"


def _case(user, order):
    return case_for(user, TARGET, str(order.pk))[1]


def test_the_order_declares_its_two_documents():
    assert set(declared_documents(TARGET)) == {"inspection_order", "result_notice"}


def test_2_5_2_result_notice_refused_without_a_finding_then_filled_from_the_findings(flow, example_user, now):
    order = flow.inspecting()
    inspector = example_user("inspector1")
    content = declared_documents(TARGET)["result_notice"].content(order)
    with pytest.raises(RuleViolation, match=r"^§2\.5\(2\)"):
        documents.document_create(actor=inspector, case=_case(inspector, order), doc_type_code="result_notice",
                                  content=content, now=now)
    flow.finding(order)
    content = declared_documents(TARGET)["result_notice"].content(order)
    assert content["findings"] == "1. 配电箱接地线锈蚀断开。"
    assert content["rectification_date"] == "2026-10-15" and content["inspection_date"] == "2026-09-30"
    draft = documents.document_create(actor=inspector, case=_case(inspector, order), doc_type_code="result_notice",
                                      content=content, now=now)
    assert draft.target_id == str(order.pk)


def test_2_4_3_order_document_refused_for_a_draft_and_filled_from_the_order(flow, example_user, now):
    order = flow.order(support_police=True)
    inspector = example_user("inspector1")
    terms = declared_documents(TARGET)["inspection_order"]
    assert terms.refusal(order).clause == "§2.4(3)"
    order = flow.approved()
    assert terms.refusal(order) is None
    content = terms.content(order)
    assert content["inspectors"] == "王建国、李海燕" and content["approver"] == "张志强"
    assert content["inspection_kind"] == "ROUTINE" and content["planned_date"] == "2026-09-30"
    draft = documents.document_create(actor=inspector, case=_case(inspector, order), doc_type_code="inspection_order",
                                      content=content, now=now)
    assert draft.doc_type == "inspection_order"
