"""The labels of the actions customers write, as timelines show them."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "customers.customer.created": _("客户已建档"),
    "customers.customer.updated": _("客户资料已更新"),
    "customers.service_point.set": _("供应点已设置"),
    "customers.monthly_price.set": _("月度价格已设置"),
    "customers.import": _("客户资料已导入"),
    "customers.prices.import": _("价格已导入"),
}
