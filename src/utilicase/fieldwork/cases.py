"""A field work order as a case that documents and evidence attach to. It issues the field work
order document (现场服务工单, §4.4(5)) once work has started, filled from the order."""

from collections.abc import Collection

from django.utils import timezone

from utilicase.core.cases import CaseDocument, CaseInfo, ids_visible
from utilicase.core.i18n import gettext_noop
from utilicase.core.rules import RuleViolation
from utilicase.fieldwork.domain import transitions as table
from utilicase.fieldwork.models import FieldWorkOrder
from utilicase.fieldwork.selectors import TARGET_TYPE, order_get, order_ids_visible


def load(user, target_id: str) -> FieldWorkOrder | None:
    if not target_id.isdigit():
        return None
    try:
        return order_get(user=user, id=int(target_id))
    except FieldWorkOrder.DoesNotExist:
        return None


def visible_ids(user, target_ids: Collection[str]) -> set[str]:
    """Those of the ids `load` answers a case for, in one query."""
    return ids_visible(target_ids, lambda ids: order_ids_visible(user=user, ids=ids))

def info(order: FieldWorkOrder) -> CaseInfo:
    customer = order.customer
    enterprise = customer.enterprise
    return CaseInfo(
        target_type=TARGET_TYPE, target_id=str(order.pk), number=order.number,
        title=f"{order.get_kind_display()} {customer.name}"[:40], utility=order.utility,
        issuer_code=enterprise.code, issuer_short_name=enterprise.short_name or enterprise.name,
        customer_name=customer.name, customer_account=customer.account_number, customer_address=customer.address,
    )


def _minute(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def work_order_refusal(order: FieldWorkOrder) -> RuleViolation | None:
    """Issued for the customer's confirmation once work is under way (§4.4(5))."""
    if order.status not in (table.WORKING, table.COMPLETED):
        return RuleViolation("§4.4(5)", gettext_noop("现场服务工单须在开始作业后开具。"))
    return None


def work_order_content(order: FieldWorkOrder) -> dict[str, str]:
    damage = "；".join(
        f"{d.description}（{d.get_remedy_display()}{'：' + format(d.amount, '.2f') + '元' if d.amount else ''}）"
        for d in order.damages.order_by("id"))
    return {
        "service_kind": order.get_kind_display(),
        "work_done": order.work_done or order.description,
        "completed_at": _minute(order.completed_at or timezone.now()),
        "damage": damage,
        "safety_reminder": order.safety_reminder,
    }


DOCUMENTS = {
    "field_work_order": CaseDocument(precondition=work_order_refusal, prefill=work_order_content),
}
