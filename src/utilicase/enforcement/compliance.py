"""What violation and theft cases give compliance by clause: the post-hoc report of an on-site
suspension (§1.2(1)) as a deadline row, the two-level approval before an important customer's
supply is suspended (§1.2(2)), and the month's counts."""

from django.db.models import Q
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from utilicase.compliance.domain.outcomes import COMPLIED, LATE, MISSING, REFUSED
from utilicase.compliance.registry import (
    Counter,
    Finding,
    Outcome,
    Rule,
    opened_closed,
    register_counter,
    register_deadline_kind,
    register_rule,
)
from utilicase.enforcement.domain import transitions as table
from utilicase.enforcement.models import EnforcementCase, Suspension
from utilicase.enforcement.selectors import TARGET_TYPE
from utilicase.enforcement.services import REPORT_KIND


def approval_outcome(suspension: Suspension) -> tuple[str, str]:
    """§1.2(2): reviewed by the enterprise deputy and approved by the company deputy, both before
    the supply was suspended."""
    application = suspension.application
    if application is None:
        return MISSING, _g("无停电申请")
    if application.rejected_at is not None:
        return REFUSED, _g("停电申请已被驳回")
    if application.reviewed_at is None or application.approved_at is None:
        return MISSING, _g("停电申请未经两级审批")
    if application.approved_at > suspension.suspended_at or application.reviewed_at > suspension.suspended_at:
        return LATE, _g("停电后才批准")
    return COMPLIED, ""


def approvals(path, period, now) -> Outcome:
    outcome = Outcome()
    rows = (Suspension.objects.filter(case__office__path__startswith=path).filter(period.q("suspended_at"))
            .filter(Q(path=table.APPROVED_PATH) | Q(case__kind=table.THEFT, case__customer_class=table.IMPORTANT))
            .exclude(path=table.UNPAID)
            .select_related("application").order_by("suspended_at", "id"))
    for s in rows:
        result, note = approval_outcome(s)
        outcome.add(result, lambda reason, s=s, note=note: Finding(TARGET_TYPE, str(s.case_id), reason,
                                                                    done_at=s.suspended_at, note=note))
    return outcome


def count(path, period) -> dict[str, int]:
    return opened_closed(EnforcementCase.objects.filter(office__path__startswith=path), period, opened="created_at")


def register() -> None:
    register_deadline_kind(REPORT_KIND, clause="§1.2(1)")
    register_rule(Rule(key="enforcement.approval", clause="§1.2(2)", title=_("重要客户窃电停电先经两级审批"),
                       evaluate=approvals))
    register_counter(Counter(key="enforcement", title=pgettext_lazy("section", "违约用电、窃电查处"), count=count,
                             position=16))
