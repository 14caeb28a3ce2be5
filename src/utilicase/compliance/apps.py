from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class ComplianceConfig(AppConfig):
    name = "utilicase.compliance"
    label = "compliance"
    verbose_name = pgettext_lazy("section", "条款执行情况")
