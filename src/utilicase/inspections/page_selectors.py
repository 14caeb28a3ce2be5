"""What the inspection pages read, shaped for the pages: the work lists of each role, the plans of
a month with their completion, the order's actions in the order of its stages, and its findings
with the forms of their rectification loop. Every read goes through the scoped selectors
(`inspections.selectors`); this module only chooses and arranges."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count, F, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from utilicase.core.rules import RuleViolation
from utilicase.inspections import permissions as perms
from utilicase.inspections import selectors
from utilicase.inspections.domain import transitions as table
from utilicase.inspections.models import (
    InspectionOrder,
    InspectionPlan,
    Rectification,
    RectificationStatus,
    Status,
    Trigger,
)
from utilicase.inspections.page_actions import FINDING_LABELS
from utilicase.org.models import Role, Unit, UnitKind, User, Utility

TODAY, UPCOMING, APPROVE, OVERDUE, ALL = "today", "upcoming", "approve", "overdue", "all"
LISTS = (TODAY, UPCOMING, APPROVE, OVERDUE, ALL)
LIST_LABELS = {
    TODAY: gettext_lazy("今天的检查"), UPCOMING: gettext_lazy("近期的检查"), APPROVE: gettext_lazy("待我审批"),
    OVERDUE: gettext_lazy("超期未整改"), ALL: gettext_lazy("我可见的全部"),
}
UPCOMING_DAYS = 14
STAGE_LABELS = dict(Status.choices)
# The actions the on-site page offers: the steps done at the customer's.
SITE_ACTIONS = ("prepare", "arrive", "inspect", "operation", "finding", "leave")


def worklist_tabs(*, user: User) -> list[str]:
    """The lists of a role, its own work first: an inspector's orders of today, a manager's
    orders to approve."""
    if user.role == Role.INSPECTOR:
        return [TODAY, UPCOMING, OVERDUE, ALL]
    if user.role in perms.MANAGER_ROLES:
        return [APPROVE, OVERDUE, ALL]
    return [ALL]


def _search(rows: QuerySet, text: str, prefix: str = "") -> QuerySet:
    text = text.strip()
    if not text:
        return rows
    return rows.filter(Q(**{f"{prefix}number__istartswith": text})
                       | Q(**{f"{prefix}customer__account_number__startswith": text})
                       | Q(**{f"{prefix}customer__name__startswith": text}))


def worklist(*, user: User, name: str, today: date, now: datetime, text: str = "") -> QuerySet:
    """The rows of a work list, in the order work is due: an inspector's orders by their next
    deadline then planned date, the approver's inbox by planned date, overdue rectifications the
    longest overdue first."""
    if name == OVERDUE:
        return _search(selectors.overdue_rectifications(user=user, now=now), text, "order__")
    if name == TODAY:
        return _search(selectors.my_orders_today(user=user, now=now), text)
    if name == APPROVE:
        return _search(selectors.orders_to_approve(user=user, now=now), text)
    if name == UPCOMING:
        filters = selectors.Filters(planned_from=today + timedelta(days=1),
                                    planned_to=today + timedelta(days=UPCOMING_DAYS))
        rows = selectors.order_list(user=user, now=now, filters=filters).filter(assignments__inspector=user)
        return _search(rows, text).order_by("planned_date", "id")
    # Everything visible: what has a deadline first, soonest due, then the latest planned.
    return _search(selectors.order_list(user=user, now=now), text).order_by(
        F("next_due_at").asc(nulls_last=True), "-planned_date", "-id")


def can_plan(user: User) -> bool:
    """Plans are made by the managers over business offices (§2.5(1)); each office is checked
    by the service."""
    return user.is_authenticated and user.role in perms.MANAGER_ROLES and user.unit_id is not None


def can_open(user: User) -> bool:
    return perms.can_create_order(user)


def plan_offices(*, user: User) -> QuerySet[Unit]:
    """The business offices the user may plan for."""
    if user.unit_id is None:
        return Unit.objects.none()
    return Unit.objects.filter(kind=UnitKind.OFFICE, path__startswith=user.unit.path).order_by("path")


def inspectors_for(*, user: User) -> QuerySet[User]:
    if user.unit_id is None:
        return User.objects.none()
    return selectors.assignable_inspectors(order_or_unit=user.unit)


def plans_of_month(*, user: User, month_date: date):
    return selectors.plan_list(user=user, month_date=month_date).annotate(entry_count=Count("entries"))


def plan_get(*, user: User, id: int) -> InspectionPlan | None:
    try:
        return selectors.plan_get(user=user, id=id)
    except InspectionPlan.DoesNotExist:
        return None


def plan_entries(*, plan: InspectionPlan):
    return selectors.plan_entries(plan=plan)


def plan_completion(*, user: User, month_date: date, now: datetime) -> list[dict]:
    """Per office and utility: planned, done, overdue (§2.5(1)); a total row last when there are
    several."""
    rows = [{"office": r.office, "utility": Utility(r.utility).label, "planned": r.planned, "done": r.done,
             "overdue": r.overdue, "plan_id": r.plan_id, "total": False}
            for r in selectors.plan_completion(user=user, month_date=month_date, now=now)]
    if len(rows) > 1:
        rows.append({"total": True, **{k: sum(r[k] for r in rows) for k in ("planned", "done", "overdue")}})
    return rows


def customer_by_account(*, user: User, account_number: str, plan: InspectionPlan | None = None):
    """The customer of that account number the user may open an order for (of the plan's office
    and utility, for a plan); None when there is none."""
    customers = selectors.order_customers(user=user).filter(account_number=account_number.strip())
    if plan is not None:
        customers = customers.filter(office=plan.office, enterprise__utility=plan.utility)
    return customers.first()


# -- the order page ------------------------------------------------------------------------------

@dataclass(frozen=True)
class PageAction:
    name: str
    clause: str
    refusal: RuleViolation | None  # why the regulation refuses it now
    permitted: bool  # the user may take it
    responsible: str = ""  # who may, when the user may not

    @property
    def available(self) -> bool:
        return self.permitted and self.refusal is None

    @property
    def why(self) -> str:
        if self.refusal is not None:
            return self.refusal.text(_)
        return self.responsible

    @property
    def shown_refused(self) -> bool:
        """Listed as "not now" (with why): a step the user could take but the rules refuse, or a
        step someone else takes (the approval)."""
        return self.refusal is not None or bool(self.responsible)


def order_actions(*, user: User, order: InspectionOrder, site: bool = False) -> list[PageAction]:
    """The table's steps from the order's stage (selectors.order_actions), and the work done
    on site without a change of stage: operations of customer equipment while there (§2.4(4)),
    findings from the inspection on (§2.5(2)); in the order of the stages."""
    actions = [PageAction(a.name, a.clause, a.refusal, a.permitted,
                          "" if a.permitted else _responsible(a.name, order))
               for a in selectors.order_actions(user=user, order=order)]
    if order.status == Status.DRAFT and perms.can_edit_order(user, order):
        actions += [PageAction("edit", "§2.4(3)", None, True), PageAction("assign", "§2.4(4)", None, True)]
    if order.status in table.ON_SITE:
        permitted = perms.can_work_order(user, order)
        actions.append(PageAction("operation", "§2.4(4)", None, permitted,
                                  "" if permitted else _responsible("operation", order)))
    if order.status in table.INSPECTED:
        permitted = perms.can_record_finding(user, order)
        actions.append(PageAction("finding", "§2.5(2)", table.finding_refusal(order.status), permitted,
                                  "" if permitted else _("需由本工作单的检查人员记录。")))
    actions.sort(key=lambda a: _ORDER.index(a.name) if a.name in _ORDER else len(_ORDER))
    if site:
        actions = [a for a in actions if a.name in SITE_ACTIONS]
    return actions


_ORDER = ("edit", "assign", "submit", "approve", "return", "appoint", "prepare", "arrive", "inspect", "operation", "finding", "leave",
          "archive", "close")


def _responsible(name: str, order: InspectionOrder) -> str:
    """Who may take the step (see permissions.py), when the user may not."""
    if name == "submit":
        who = _("组织人%(name)s") % {"name": order.organiser.display_name}
    elif name in ("approve", "return"):
        return approver_text(order)
    elif name == "close":
        who = _("本工作单的检查人员、组织人或%(office)s负责人") % {"office": order.office.name}
    else:
        who = _("本工作单的检查人员或组织人")
    return _("需由%(who)s办理。") % {"who": who}


def approver_text(order: InspectionOrder) -> str:
    """Who approves the order (§2.4(3)): the head of its approval unit, by name."""
    heads = User.objects.filter(unit_id=order.approval_unit_id, role=order.approver_role, is_active=True)
    names = _("、").join(u.display_name for u in heads.order_by("username"))
    return _("需由%(unit)s的%(role)s%(names)s审批。") % {
        "unit": order.approval_unit.name, "role": Role(order.approver_role).label if order.approver_role in Role.values
        else order.approver_role, "names": names}


def order_facts(*, order: InspectionOrder) -> dict:
    """What the facts column shows beyond the order's own fields: the assignments (present,
    certificate shown), whether it came from a tip-off (never what the tip-off said, §2.6(1))
    and who approves it while it waits."""
    return {
        "assignments": list(selectors.assignments(order=order)),
        "tip_off": order.trigger == Trigger.TIP_OFF,
        "approver": approver_text(order) if order.approved_at is None else "",
    }


@dataclass
class FindingRow:
    number: int
    finding: object
    rectification: Rectification | None
    overdue: bool = False
    reinspections: list = field(default_factory=list)
    referrals: list = field(default_factory=list)
    actions: list = field(default_factory=list)

    def forms_shown(self, name: str) -> bool:
        return any(a["key"].endswith(f"-{name}") for a in self.actions)


def findings_for_page(*, user: User, order: InspectionOrder, posted: tuple | None, form_for, now: datetime,
                      site: bool = False) -> list[FindingRow]:
    """The findings, each with its rectification and, for one open that the user follows up,
    the forms of the loop: re-inspection, acceptance, refusal with the referral (§2.5(3)); a
    refused referral without its outcome, the outcome's form."""
    follow = perms.can_follow_up(user, order)
    rectifications = {r.finding_id: r for r in selectors.rectifications(order=order)}
    rows = []
    for finding in selectors.findings(order=order):
        rect = rectifications.get(finding.pk)
        row = FindingRow(finding.number, finding, rect)
        if rect is not None:
            row.reinspections = list(rect.reinspections.all())
            row.referrals = list(rect.referrals.all())
            row.overdue = rect.status == RectificationStatus.OPEN and rect.due_at <= now
            names = []
            if follow and rect.status == RectificationStatus.OPEN:
                names = ["reinspect", "refuse"]
            elif follow and rect.status == RectificationStatus.REFUSED and any(not r.outcome for r in row.referrals):
                names = ["outcome"]
            for name in names:
                entry = {"key": f"{finding.number}-{name}", "label": FINDING_LABELS[name],
                         "url": reverse("inspections:finding_act", args=[order.pk, finding.number, name])
                         + ("?from=site" if site else ""),
                         "refusal": None}
                if posted and posted[0] == finding.number and posted[1] == name:
                    entry.update(form=posted[2], refusal=posted[3])
                else:
                    entry["form"] = form_for(name, number=finding.number)
                row.actions.append(entry)
        rows.append(row)
    return rows


def rectification_of(*, user: User, order: InspectionOrder, number: int) -> Rectification | None:
    found = Rectification.objects.filter(order=order, finding__number=number).values_list("pk", flat=True).first()
    if found is None:
        return None
    return selectors.rectification_get(user=user, id=found)


def order_for_tip_off(*, user: User, number: str) -> InspectionOrder | None:
    """The order a tip-off may be linked to, by its number (selectors.order_for_tip_off decides
    who may reach it); None otherwise."""
    found = InspectionOrder.objects.filter(number=number.strip()).values_list("pk", flat=True).first()
    if found is None:
        return None
    try:
        return selectors.order_for_tip_off(user=user, id=found)
    except InspectionOrder.DoesNotExist:
        return None
