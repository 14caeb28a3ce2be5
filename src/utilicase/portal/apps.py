from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "utilicase.portal"
    label = "portal"
    verbose_name = _("客户服务网站")
