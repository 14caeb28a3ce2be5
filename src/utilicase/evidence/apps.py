from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvidenceConfig(AppConfig):
    name = "utilicase.evidence"
    label = "evidence"
    verbose_name = _("证据")

    def ready(self) -> None:
        from utilicase.audit.labels import register_labels
        from utilicase.audit.timeline import register_attached
        from utilicase.customers.history import register_history_section
        from utilicase.evidence import history, timeline

        register_labels(timeline.LABELS)
        register_attached(timeline.attached_records)
        register_history_section("evidence.evidenceitem", title=_("证据"), rows=history.rows, position=30)
