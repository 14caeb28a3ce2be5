from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeesConfig(AppConfig):
    name = "utilicase.fees"
    label = "fees"
    verbose_name = _("费用计算")

    def ready(self) -> None:
        from utilicase.audit.labels import register_labels
        from utilicase.fees.timeline import LABELS

        register_labels(LABELS)
