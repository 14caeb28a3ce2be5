from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class CustomersConfig(AppConfig):
    name = "utilicase.customers"
    label = "customers"
    verbose_name = pgettext_lazy("section", "客户")

    def ready(self) -> None:
        from utilicase.audit.labels import register_labels
        from utilicase.customers.timeline import LABELS

        register_labels(LABELS)
