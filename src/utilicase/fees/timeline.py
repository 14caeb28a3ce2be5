"""Labels of the actions the fees context writes to the audit chain."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "fees.local_rule_set.created": _("费用规则已新增"),
    "fees.local_rule_set.changed": _("费用规则已修改"),
}
