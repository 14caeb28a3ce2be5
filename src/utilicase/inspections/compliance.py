"""What inspections give compliance by clause: approval before the inspection (§2.4(3)), at least
two inspectors present with their certificates (§2.4(4)), the rectification deadlines (§2.5(3))
as a deadline row, and the month's counts. An order is subject once it reached the site in the
period."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from utilicase.compliance.domain.outcomes import COMPLIED, LATE, MISSING
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
from utilicase.inspections.models import InspectionOrder
from utilicase.inspections.selectors import TARGET_TYPE
from utilicase.inspections.services import RECTIFICATION_KIND

MIN_INSPECTORS = 2


def _on_site(path, period):
    return (InspectionOrder.objects.filter(office__path__startswith=path).filter(period.q("arrived_at"))
            .order_by("arrived_at", "id"))


def approval(path, period, now) -> Outcome:
    """§2.4(3): approved (by the office head for routine, the organiser for special) before arrival."""
    outcome = Outcome()
    for o in _on_site(path, period).only("id", "arrived_at", "approved_at", "approved_by"):
        if o.approved_at is None or o.approved_by_id is None:
            result, note = MISSING, _g("未经审批")
        elif o.approved_at > o.arrived_at:
            result, note = LATE, _g("到达现场后才审批")
        else:
            result, note = COMPLIED, ""
        outcome.add(result, lambda reason, o=o, note=note: Finding(TARGET_TYPE, str(o.pk), reason,
                                                                    due_at=o.arrived_at, done_at=o.approved_at,
                                                                    note=note))
    return outcome


def two_inspectors(path, period, now) -> Outcome:
    """§2.4(4): at least two inspectors present on site, each having shown a certificate."""
    outcome = Outcome()
    rows = _on_site(path, period).annotate(
        shown=Count("assignments", filter=Q(assignments__present=True, assignments__certificate__isnull=False)))
    for o in rows.only("id", "arrived_at"):
        result = COMPLIED if o.shown >= MIN_INSPECTORS else MISSING
        outcome.add(result, lambda reason, o=o: Finding(
            TARGET_TYPE, str(o.pk), reason, done_at=o.arrived_at,
            note=_g("到场并出示检查证的检查员 %(n)s 人") % {"n": o.shown}))
    return outcome


def count(path, period) -> dict[str, int]:
    return opened_closed(InspectionOrder.objects.filter(office__path__startswith=path), period, opened="created_at")


def register() -> None:
    register_deadline_kind(RECTIFICATION_KIND, clause="§2.5(3)")
    register_rule(Rule(key="inspections.approval", clause="§2.4(3)", title=_("检查工作单先审批后检查"),
                       evaluate=approval))
    register_rule(Rule(key="inspections.two_inspectors", clause="§2.4(4)", title=_("现场检查不少于两人并出示检查证"),
                       evaluate=two_inspectors))
    register_counter(Counter(key="inspections", title=pgettext_lazy("section", "用电检查"), count=count, position=15))
