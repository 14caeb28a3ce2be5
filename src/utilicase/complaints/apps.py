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
        from utilicase.calendar.services import register_escalation
        from utilicase.complaints import cases
        from utilicase.complaints.selectors import TARGET_TYPE
        from utilicase.complaints.services import FORM_KIND, REPLY_KIND, complaint_escalate
        from utilicase.complaints.timeline import LABELS
        from utilicase.core.cases import register_case_type
        from utilicase.web.targets import register_target_page

        register_kind(FORM_KIND, _("投诉单填写（15分钟）"))
        register_kind(REPLY_KIND, _("投诉答复（5个工作日）"))
        register_escalation(REPLY_KIND, complaint_escalate)
        register_target_page(TARGET_TYPE, "complaints:detail")
        register_case_type(TARGET_TYPE, load=cases.load, info=cases.info, documents=cases.DOCUMENTS)
        register_labels(LABELS)
