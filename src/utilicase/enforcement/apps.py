from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class EnforcementConfig(AppConfig):
    name = "utilicase.enforcement"
    label = "enforcement"
    verbose_name = pgettext_lazy("section", "违约用电、窃电查处")

