from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "utilicase.documents"
    label = "documents"
    verbose_name = "文书"

    def ready(self) -> None:
        from utilicase.audit.labels import register_labels
        from utilicase.audit.timeline import register_attached
        from utilicase.customers.history import register_history_section
        from utilicase.documents import history, timeline
        from utilicase.web.targets import register_target_page

        register_target_page("documents.document", "documents:detail")
        register_labels(timeline.LABELS)
        register_attached(timeline.attached_records)
        register_history_section("documents.document", title=_("文书"), rows=history.rows, position=20)
        checks.register(check_number_formats)


def check_number_formats(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Every configured document number format carries the year and the sequence number."""
    from django.conf import settings

    from utilicase.documents.domain.catalogue import CATALOGUE
    from utilicase.documents.domain.numbers import BadNumberFormat, check_format

    errors = []
    configured = getattr(settings, "DOCUMENT_NUMBER_FORMATS", {}) or {}
    for code, fmt in configured.items():
        if code not in CATALOGUE:
            errors.append(checks.Error(f"DOCUMENT_NUMBER_FORMATS names an unknown document type {code!r}",
                                       id="documents.E001"))
            continue
        try:
            check_format(fmt)
        except BadNumberFormat as exc:
            errors.append(checks.Error(f"DOCUMENT_NUMBER_FORMATS[{code!r}]: {exc}", id="documents.E002"))
    return errors
