from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "utilicase.evidence"
    label = "evidence"
    verbose_name = "证据"
