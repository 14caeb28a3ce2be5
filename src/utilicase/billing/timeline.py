"""Labels of the actions billing writes to the audit log."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "billing.receivable.created": _("应收费用已登记"),
    "billing.payment.recorded": _("收款已登记"),
    "billing.payment.reversed": _("收款已冲正"),
    "billing.payments.imported": _("收款文件已导入"),
    "billing.export.created": _("费用导出批次已生成"),
}
