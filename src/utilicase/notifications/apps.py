from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "utilicase.notifications"
    label = "notifications"
    verbose_name = _("通知")

    def ready(self) -> None:
        from utilicase.audit.labels import register_labels
        from utilicase.calendar.services import register_reminder_step
        from utilicase.notifications.services import deadline_reminders_sweep
        from utilicase.notifications.timeline import LABELS

        register_reminder_step(deadline_reminders_sweep)
        register_labels(LABELS)
