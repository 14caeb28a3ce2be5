"""The field work order document (现场服务工单, §4.4(5)) on a field work order: drafted by the
field worker once work has started, filled from the order; refused before."""

import pytest

from utilicase.core.rules import RuleViolation
from utilicase.documents import services as documents
from utilicase.fieldwork import cases

pytestmark = pytest.mark.django_db


def test_4_4_5_field_work_order_document_refused_before_work(flow):
    order = flow.arrived()
    with pytest.raises(RuleViolation) as refused:
        documents.document_create(actor=flow.user("field_worker1"), case=cases.info(order),
                                  doc_type_code="field_work_order", content=cases.work_order_content(order),
                                  now=flow.now)
    assert refused.value.clause == "§4.4(5)"


def test_4_4_5_field_work_order_document_drafted_from_the_order(flow):
    order = flow.completed()
    content = cases.work_order_content(order)
    assert content["work_done"] == "已更换电能表并封印。" and content["completed_at"] == "2026-09-30 10:55"
    draft = documents.document_create(actor=flow.user("field_worker1"), case=cases.info(order),
                                      doc_type_code="field_work_order", content=content, now=flow.now)
    assert draft.target_type == "fieldwork.fieldworkorder" and draft.target_id == str(order.pk)
    assert draft.content["service_kind"] == "计量装置装拆、故障处理及校验"
