"""An inspection order as a case that documents and evidence attach to. It issues its order
(检查工作单, §2.4(3): issued by its approval, once submitted) and, once something was found, the
inspection result notice (检查结果通知单, §2.5(2): from the inspection on, with at least one
finding), each filled from the order."""

from collections.abc import Collection

from django.utils import timezone

from utilicase.core.cases import CaseDocument, CaseInfo, ids_visible
from utilicase.inspections.domain import transitions as table
from utilicase.inspections.models import InspectionOrder
from utilicase.inspections.selectors import TARGET_TYPE, order_get, order_ids_visible


def load(user, target_id: str) -> InspectionOrder | None:
    if not target_id.isdigit():
        return None
    try:
        return order_get(user=user, id=int(target_id), now=timezone.now())
    except InspectionOrder.DoesNotExist:
        return None


def visible_ids(user, target_ids: Collection[str]) -> set[str]:
    """Those of the ids `load` answers a case for, in one query."""
    return ids_visible(target_ids, lambda ids: order_ids_visible(user=user, ids=ids))

def info(order: InspectionOrder) -> CaseInfo:
    customer = order.customer
    enterprise = customer.enterprise
    return CaseInfo(
        target_type=TARGET_TYPE, target_id=str(order.pk), number=order.number,
        title=f"{order.get_kind_display()} {customer.name}"[:40], utility=order.utility,
        issuer_code=enterprise.code, issuer_short_name=enterprise.short_name or enterprise.name,
        customer_name=customer.name, customer_account=customer.account_number, customer_address=customer.address,
    )


def order_content(order: InspectionOrder) -> dict[str, str]:
    """The order as opened: kind, purpose and items, inspectors, planned date, approver, support."""
    names = "、".join(a.inspector.display_name for a in order.assignments.select_related("inspector").order_by("id"))
    support = [word for wanted, word in ((order.support_police, "公安"), (order.support_technical, "技术监督"))
               if wanted]
    if order.support_note:
        support.append(order.support_note)
    purpose = order.purpose + (f"\n{order.items}" if order.items else "")
    return {
        "inspection_kind": order.kind,
        "purpose": purpose,
        "inspectors": names,
        "planned_date": order.planned_date.isoformat(),
        "approver": order.approved_by.display_name if order.approved_by_id else "",
        "support": "、".join(support),
    }


def result_notice_content(order: InspectionOrder) -> dict[str, str]:
    """The findings, the rules they break, the rectification required and its earliest deadline."""
    findings = list(order.findings.select_related("rectification").order_by("number"))
    rectifications = [f.rectification for f in findings if hasattr(f, "rectification")]
    day = order.inspection_started_at or order.arrived_at
    return {
        "inspection_date": timezone.localtime(day).date().isoformat() if day else "",
        "findings": "\n".join(f"{f.number}. {f.description}" for f in findings),
        "rules_broken": "\n".join(f"{f.number}. {f.get_finding_type_display()}" for f in findings),
        "rectification": "\n".join(f"{r.finding.number}. {r.requirement}" for r in rectifications),
        "rectification_date": min(r.due_date for r in rectifications).isoformat() if rectifications else "",
    }


def order_document_refusal(order: InspectionOrder):
    return table.order_document_refusal(order.status)


def result_notice_refusal(order: InspectionOrder):
    return table.result_notice_refusal(status=order.status, findings=order.findings.count())


DOCUMENTS = {
    "inspection_order": CaseDocument(precondition=order_document_refusal, prefill=order_content),
    "result_notice": CaseDocument(precondition=result_notice_refusal, prefill=result_notice_content),
}
