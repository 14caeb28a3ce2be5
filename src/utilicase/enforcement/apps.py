from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class EnforcementConfig(AppConfig):
    name = "utilicase.enforcement"
    label = "enforcement"
    verbose_name = pgettext_lazy("section", "违约用电、窃电查处")

    def ready(self) -> None:
        from utilicase.audit.labels import register_labels
        from utilicase.calendar.kinds import register_kind
        from utilicase.calendar.services import register_due_listener
        from utilicase.core.cases import register_case_reference, register_case_type
        from utilicase.customers.history import register_customer_cases, register_history_section
        from utilicase.enforcement import cases, history, hooks
        from utilicase.enforcement.selectors import TARGET_TYPE, case_id_by_number, case_labels
        from utilicase.enforcement.services import REPORT_KIND, case_sync_due
        from utilicase.enforcement.timeline import LABELS
        from utilicase.web.targets import register_target_describer

        register_kind(REPORT_KIND, _("停电事后报告期限"))
        register_due_listener(TARGET_TYPE, case_sync_due)
        register_target_describer(TARGET_TYPE, case_labels)
        register_case_type(TARGET_TYPE, load=cases.load, info=cases.info, documents=cases.DOCUMENTS,
                           visible_ids=cases.visible_ids)
        register_case_reference(TARGET_TYPE, case_id_by_number)
        register_labels(LABELS)
        register_customer_cases(TARGET_TYPE, history.cases)
        register_history_section(TARGET_TYPE, title=pgettext_lazy("section", "违约用电、窃电查处"), rows=history.rows,
                                 position=16)
        hooks.subscribe()

        from utilicase.enforcement import web_registration

        web_registration.register()

        from utilicase.enforcement import compliance

        compliance.register()  # its measurable clauses and monthly counts (compliance by clause)
