from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CalendarConfig(AppConfig):
    name = "utilicase.calendar"
    label = "workcalendar"
    verbose_name = _("工作日历")

    def ready(self) -> None:
        from utilicase.audit.labels import register_labels
        from utilicase.audit.timeline import register_attached
        from utilicase.calendar import timeline

        register_labels(timeline.LABELS)
        register_attached(timeline.attached_records)
