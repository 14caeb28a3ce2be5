"""The labels of the actions the organisation writes, as timelines show them."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "org.unit.created": _("单位已创建"),
    "org.staff.created": _("员工账号已创建"),
    "org.certificate.issued": _("检查证已发放"),
    "org.certificate.revoked": _("检查证已吊销"),
    "org.token.created": _("API令牌已创建"),
    "org.token.revoked": _("API令牌已吊销"),
}
