from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WhistleblowingConfig(AppConfig):
    name = "utilicase.whistleblowing"
    label = "whistleblowing"
    verbose_name = _("举报")

    def ready(self):
        from utilicase.audit.confidential import register_confidential
        from utilicase.audit.labels import register_labels
        from utilicase.calendar.kinds import register_kind
        from utilicase.calendar.services import register_escalation
        from utilicase.core.cases import register_case_reference
        from utilicase.org.permissions import CONFIDENTIAL_TARGET_TYPES
        from utilicase.web.targets import register_target_page
        from utilicase.whistleblowing.selectors import (
            REPLY_KIND,
            TARGET_TYPE,
            report_address_of,
            report_id_by_number,
        )
        from utilicase.whistleblowing.services import report_escalate
        from utilicase.whistleblowing.timeline import LABELS

        register_kind(REPLY_KIND, _("举报答复"))
        register_escalation(REPLY_KIND, report_escalate)
        register_target_page(TARGET_TYPE, "whistleblowing:detail", key=report_address_of)
        register_confidential(confidential_audit_events)
        CONFIDENTIAL_TARGET_TYPES.add(TARGET_TYPE)
        register_labels(LABELS)
        register_case_reference(TARGET_TYPE, report_id_by_number)

        from utilicase.whistleblowing import compliance

        compliance.register()  # its measurable clauses and monthly counts (compliance by clause)


def confidential_audit_events():
    """The audit events only discipline inspection may see: those of reports, of report
    actions (exports), and of the reports' deadlines."""
    from django.db.models import CharField, Q
    from django.db.models.functions import Cast

    from utilicase.calendar.models import Deadline
    from utilicase.whistleblowing.selectors import TARGET_TYPE

    deadline_ids = Deadline.objects.filter(target_type=TARGET_TYPE).annotate(
        sid=Cast("id", output_field=CharField())).values("sid")
    return (
        Q(target_type=TARGET_TYPE)
        | Q(action__startswith="whistleblowing.")
        | Q(target_type=Deadline._meta.label_lower, target_id__in=deadline_ids)
    )
