from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "utilicase.documents"
    label = "documents"
    verbose_name = "文书"
