from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "utilicase.portal"
    label = "portal"
    verbose_name = _("客户服务网站")

    def ready(self) -> None:
        from utilicase.audit.labels import register_labels

        register_labels({"portal.customer.signed_in": _("客户已登录客户服务网站")})
