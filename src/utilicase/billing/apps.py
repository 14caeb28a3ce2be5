from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class BillingConfig(AppConfig):
    name = "utilicase.billing"
    label = "billing"
    verbose_name = pgettext_lazy("section", "应收与缴费")

    def ready(self) -> None:
        from utilicase.audit.labels import register_labels
        from utilicase.audit.timeline import register_attached
        from utilicase.billing import timeline

        register_labels(timeline.LABELS)
        register_attached(timeline.attached_records)
