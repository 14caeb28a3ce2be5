from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AccidentsConfig(AppConfig):
    name = "utilicase.accidents"
    label = "accidents"
    verbose_name = pgettext_lazy("section", "事故调查")

    def ready(self) -> None:
        from utilicase.accidents import cases, history, web_registration
        from utilicase.accidents.selectors import TARGET_TYPE, case_id_by_number, case_labels
        from utilicase.accidents.services import RECTIFICATION_KIND, REPORT_KIND, case_sync_due
        from utilicase.accidents.timeline import LABELS
        from utilicase.audit.labels import register_labels
        from utilicase.calendar.kinds import register_kind
        from utilicase.calendar.services import register_due_listener
        from utilicase.core.cases import register_case_reference, register_case_type
        from utilicase.customers.history import register_customer_cases, register_history_section
        from utilicase.web.targets import register_target_describer

        register_kind(REPORT_KIND, _("事故调查报告期限"))
        register_kind(RECTIFICATION_KIND, _("事故整改期限"))
        register_due_listener(TARGET_TYPE, case_sync_due)
        register_target_describer(TARGET_TYPE, case_labels)
        register_case_type(TARGET_TYPE, load=cases.load, info=cases.info, documents=cases.DOCUMENTS,
                           visible_ids=cases.visible_ids)
        register_case_reference(TARGET_TYPE, case_id_by_number)
        register_labels(LABELS)
        register_customer_cases(TARGET_TYPE, history.cases)
        register_history_section(TARGET_TYPE, title=pgettext_lazy("section", "事故调查"), rows=history.rows,
                                 position=17)
        web_registration.register()

        from utilicase.accidents import compliance

        compliance.register()  # its measurable clauses and monthly counts (compliance by clause)
