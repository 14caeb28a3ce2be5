from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CustomersConfig(AppConfig):
    name = "utilicase.customers"
    label = "customers"
    verbose_name = _("客户")

    def ready(self) -> None:
        from utilicase.audit.labels import register_labels
        from utilicase.customers.timeline import LABELS

        register_labels(LABELS)
