from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class FieldworkConfig(AppConfig):
    name = "utilicase.fieldwork"
    label = "fieldwork"
    verbose_name = pgettext_lazy("section", "现场服务")

    def ready(self) -> None:
        from utilicase.audit.labels import register_labels
        from utilicase.calendar.kinds import register_kind
        from utilicase.calendar.services import register_due_listener
        from utilicase.core.cases import register_case_reference, register_case_type
        from utilicase.customers.history import register_customer_cases, register_history_section
        from utilicase.fieldwork import cases, history, web_registration
        from utilicase.fieldwork.selectors import TARGET_TYPE, order_id_by_number, order_labels
        from utilicase.fieldwork.services import DELAY_KIND, order_sync_due
        from utilicase.fieldwork.timeline import LABELS
        from utilicase.web.targets import register_target_describer

        register_kind(DELAY_KIND, _("延误事先告知客户期限"))
        register_due_listener(TARGET_TYPE, order_sync_due)
        register_target_describer(TARGET_TYPE, order_labels)
        register_case_type(TARGET_TYPE, load=cases.load, info=cases.info, documents=cases.DOCUMENTS,
                           visible_ids=cases.visible_ids)
        register_case_reference(TARGET_TYPE, order_id_by_number)
        register_labels(LABELS)
        register_customer_cases(TARGET_TYPE, history.cases)
        register_history_section(TARGET_TYPE, title=pgettext_lazy("section", "现场服务"), rows=history.rows,
                                 position=18)
        web_registration.register()

        from utilicase.fieldwork import compliance

        compliance.register()  # its measurable clauses and monthly counts (compliance by clause)
