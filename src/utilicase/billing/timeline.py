"""Labels of the actions billing writes to the audit log, and a case's receivables and
payments on its timeline."""

from django.urls import reverse
from django.utils.translation import gettext_lazy, pgettext

from utilicase.audit.timeline import Attached, Link, pack, unpack
from utilicase.billing.models import Payment, Receivable

LABELS = {
    "billing.receivable.created": gettext_lazy("应收费用已登记"),
    "billing.payment.recorded": gettext_lazy("收款已登记"),
    "billing.payment.reversed": gettext_lazy("收款已冲正"),
    "billing.payments.imported": gettext_lazy("收款文件已导入"),
    "billing.export.created": gettext_lazy("费用导出批次已生成"),
}


def _receivable_link(ref: str) -> Link:
    target_type, target_id, case_number = unpack(ref, 3)
    return Link(reverse("billing:case", args=[target_type, target_id]), pgettext("section", "应收与缴费") + f" {case_number}")


def attached_records(target_type: str, target_id: str) -> list[Attached]:
    """A case's receivables and payments on its timeline, each linking to the case's billing page."""
    receivables = Receivable.objects.filter(target_type=target_type, target_id=str(target_id))
    payments = Payment.objects.filter(receivable__in=receivables)
    return [
        Attached(receivables, pack("target_type", "target_id", "case_number"), _receivable_link),
        Attached(payments, pack("receivable__target_type", "receivable__target_id", "receivable__case_number"),
                 _receivable_link),
    ]
