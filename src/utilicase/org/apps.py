from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "utilicase.org"
    label = "org"

    def ready(self) -> None:
        from utilicase.audit.labels import register_labels
        from utilicase.org.timeline import LABELS

        register_labels(LABELS)
