from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ComplaintsConfig(AppConfig):
    name = "utilicase.complaints"
    label = "complaints"
    verbose_name = pgettext_lazy("section", "投诉")

    def ready(self) -> None:
        from utilicase.audit.labels import register_labels
        from utilicase.calendar.kinds import register_kind
        from utilicase.calendar.services import register_due_listener, register_escalation
        from utilicase.complaints import cases, history
        from utilicase.complaints.selectors import TARGET_TYPE, complaint_id_by_number, complaint_labels
        from utilicase.complaints.services import (
            FORM_KIND,
            REDO_KIND,
            REPLY_KIND,
            complaint_escalate,
            complaint_sync_due,
            open_from_report,
        )
        from utilicase.complaints.timeline import LABELS
        from utilicase.core.cases import register_case_reference, register_case_type
        from utilicase.core.hooks import register_hook
        from utilicase.customers.history import register_customer_cases, register_history_section
        from utilicase.web.targets import register_target_describer, register_target_page

        register_kind(FORM_KIND, _("投诉单填写（15分钟）"))
        register_kind(REPLY_KIND, _("投诉答复（5个工作日）"))
        register_kind(REDO_KIND, _("不满意重新答复（5个工作日）"))
        register_escalation(REPLY_KIND, complaint_escalate)
        register_escalation(REDO_KIND, complaint_escalate)
        register_due_listener(TARGET_TYPE, complaint_sync_due)
        register_target_describer(TARGET_TYPE, complaint_labels)
        register_target_page(TARGET_TYPE, "complaints:detail")
        register_case_type(TARGET_TYPE, load=cases.load, info=cases.info, documents=cases.DOCUMENTS,
                           visible_ids=cases.visible_ids)
        register_hook("complaints.complaint_taken", cases.taken)
        register_labels(LABELS)
        register_case_reference(TARGET_TYPE, complaint_id_by_number)
        register_hook("complaints.open_from_report", open_from_report)
        register_customer_cases(TARGET_TYPE, history.cases)
        register_history_section(TARGET_TYPE, title=pgettext_lazy("section", "投诉"), rows=history.rows, position=10)

        from utilicase.complaints import compliance

        compliance.register()  # its measurable clauses and monthly counts (compliance by clause)
