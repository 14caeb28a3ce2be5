"""Reads of inspection plans and orders, restricted at the source to what the user may see; an
order out of sight is answered exactly like a missing one.

Who sees an order:
- the inspectors assigned to it, its organiser and whoever opened it;
- inspectors: every order of their business office (the customer's office);
- office heads, enterprise and company deputies: the orders of the offices in their scope, those
  organised by a unit in their scope, and those their unit approves;
- nobody else.

A special order started by a tip-off (§2.6(1)) shows only that it came from a tip-off: the
source (a whistleblower report or a complaint) is never part of what these selectors give, except
`order_tip_off_source`, which names it to whoever may see the source itself.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import BooleanField, Case, Count, F, Q, QuerySet, Value, When
from django.utils import timezone

from utilicase.calendar.selectors import overdue_q
from utilicase.core.cases import case_reference
from utilicase.core.rules import RuleViolation
from utilicase.customers.models import Customer
from utilicase.inspections import permissions as perms
from utilicase.inspections.domain import transitions as table
from utilicase.inspections.models import (
    OPEN,
    Finding,
    InspectionOrder,
    InspectionPlan,
    OrderInspector,
    PlanEntry,
    Rectification,
    Referral,
    Status,
)
from utilicase.org.models import Role, Unit, User
from utilicase.org.selectors import seen_by_unit, units_below

TARGET_TYPE = "inspections.inspectionorder"
# What a special inspection's tip-off may be linked to (§2.6(1)): a case registered with
# core.cases.register_case_reference under one of these types.
TIP_OFF_SOURCES = ("whistleblowing.report", "complaints.complaint")


def _visible(*, user: User) -> QuerySet[InspectionOrder]:
    if not user.is_authenticated or not user.is_active:
        return InspectionOrder.objects.none()
    seen = (Q(organiser=user) | Q(created_by=user)
            | Q(pk__in=OrderInspector.objects.filter(inspector=user).values("order_id")))
    return InspectionOrder.objects.filter(seen_by_unit(
        seen, user=user, staff_role=Role.INSPECTOR, manager_roles=perms.MANAGER_ROLES,
        fields=("office_id", "organiser_unit_id", "approval_unit_id")))


def with_due(queryset: QuerySet[InspectionOrder], *, now: datetime) -> QuerySet[InspectionOrder]:
    """Each order with `is_overdue`: an open deadline of it (a rectification's) has passed."""
    return queryset.annotate(is_overdue=Case(When(overdue_q("next_due_at", now), then=Value(True)),
                                             default=Value(False), output_field=BooleanField()))


def order_ids_visible(*, user: User, ids: list[int]) -> list[int]:
    """Of these ids, those of the orders the user may see (`order_get` finds each), in one query."""
    return list(_visible(user=user).filter(pk__in=ids).values_list("pk", flat=True))


def order_get(*, user: User, id: int, now: datetime | None = None) -> InspectionOrder:
    """One order the user may see; InspectionOrder.DoesNotExist when missing or out of sight."""
    return (with_due(_visible(user=user), now=now or timezone.now())
            .select_related("customer", "customer__enterprise", "office", "organiser_unit", "organiser",
                            "approval_unit", "approved_by", "appointed_by", "created_by")
            .get(pk=id))


def order_by_number(*, user: User, number: str) -> InspectionOrder:
    return order_get(user=user, id=_visible(user=user).values_list("pk", flat=True).get(number=number))


def order_for_tip_off(*, user: User, id: int) -> InspectionOrder:
    """The order a tip-off is linked to (§2.6(1)): one the user may see, or, for whoever may see
    tip-off sources but not the order (discipline inspection, hall staff, handlers), a special
    order started by a tip-off and not yet approved, in the user's company. The link answer
    shows such a user nothing of the order beyond its number."""
    try:
        return order_get(user=user, id=id)
    except InspectionOrder.DoesNotExist:
        pass
    if not user.is_authenticated or not user.is_active or user.unit_id is None:
        raise InspectionOrder.DoesNotExist
    company_path = "/" + user.unit.path.strip("/").split("/")[0] + "/"
    return (InspectionOrder.objects.select_related("office", "organiser_unit")
            .get(pk=id, kind=table.SPECIAL, trigger=table.TIP_OFF, status__in=sorted(table.NOT_APPROVED),
                 office__path__startswith=company_path))


def order_tip_off_source(*, user: User, order: InspectionOrder) -> tuple[str, str] | None:
    """(source type, source number) of the tip-off, only to a user who may see the source itself
    (core.cases); None for everyone else, the order's inspectors included."""
    if not order.source_type or not order.source_id:
        return None
    if case_reference(user, order.source_type, order.source_number) != order.source_id:
        return None
    return order.source_type, order.source_number


def assignments(*, order: InspectionOrder) -> QuerySet[OrderInspector]:
    return order.assignments.select_related("inspector", "certificate").order_by("id")


def findings(*, order: InspectionOrder) -> QuerySet[Finding]:
    return (order.findings.select_related("recorded_by", "rectification", "rectification__deadline")
            .order_by("number"))


def rectifications(*, order: InspectionOrder) -> QuerySet[Rectification]:
    return (order.rectifications.select_related("finding", "deadline", "accepted_by")
            .prefetch_related("reinspections", "referrals").order_by("finding__number"))


def rectification_get(*, user: User, id: int) -> Rectification:
    """A rectification of an order the user may see; Rectification.DoesNotExist otherwise."""
    return (Rectification.objects.select_related("order", "finding", "deadline")
            .get(pk=id, order__in=_visible(user=user).values("pk")))


def referral_get(*, user: User, id: int) -> Referral:
    return (Referral.objects.select_related("rectification", "rectification__order")
            .get(pk=id, rectification__order__in=_visible(user=user).values("pk")))


# -- lists -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Filters:
    status: str | None = None
    kind: str | None = None
    office: Unit | None = None
    planned_from: date | None = None
    planned_to: date | None = None  # inclusive


def order_list(*, user: User, now: datetime, filters: Filters = Filters()) -> QuerySet[InspectionOrder]:
    """Every order the user may see, latest planned first."""
    queryset = with_due(_visible(user=user), now=now)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.office is not None:
        queryset = queryset.filter(office_id__in=units_below(filters.office.path))
    if filters.planned_from is not None:
        queryset = queryset.filter(planned_date__gte=filters.planned_from)
    if filters.planned_to is not None:
        queryset = queryset.filter(planned_date__lte=filters.planned_to)
    return queryset.select_related("customer", "office").order_by("-planned_date", "-id")


def _due_order(queryset: QuerySet[InspectionOrder]) -> QuerySet[InspectionOrder]:
    return queryset.order_by(F("next_due_at").asc(nulls_last=True), "planned_date", "id")


def my_orders_today(*, user: User, now: datetime) -> QuerySet[InspectionOrder]:
    """The approved, unfinished orders the user is assigned to that are planned for today or
    earlier (still to do), soonest due first, then by planned date."""
    today = timezone.localtime(now).date()
    queryset = (with_due(InspectionOrder.objects.filter(OPEN), now=now)
                .filter(pk__in=OrderInspector.objects.filter(inspector=user).values("order_id"),
                        planned_date__lte=today)
                .exclude(status__in=[*table.NOT_APPROVED, *table.DONE]))
    if not user.is_authenticated or not user.is_active:
        queryset = queryset.none()
    return _due_order(queryset.select_related("customer", "office"))


def orders_to_approve(*, user: User, now: datetime) -> QuerySet[InspectionOrder]:
    """The approver's inbox (§2.4(3)): submitted orders of the unit the user heads, in the
    approver's role, that the user is not assigned to; by planned date."""
    if not user.is_authenticated or not user.is_active or user.unit_id is None:
        return InspectionOrder.objects.none()
    return (with_due(InspectionOrder.objects.filter(status=Status.SUBMITTED, approval_unit_id=user.unit_id,
                                                    approver_role=user.role), now=now)
            .exclude(pk__in=OrderInspector.objects.filter(inspector=user).values("order_id"))
            .select_related("customer", "office", "organiser")
            .order_by("planned_date", "id"))


def overdue_rectifications(*, user: User, now: datetime) -> QuerySet[Rectification]:
    """Open rectifications past their deadline (§2.5(3)) on orders the user may see, the
    longest overdue first (read from the partial index of open rectifications)."""
    return (Rectification.objects.filter(status=table.R_OPEN, due_at__lte=now,
                                         order__in=_visible(user=user).values("pk"))
            .select_related("order", "order__customer", "finding")
            .order_by("due_at", "id"))


def open_rectifications(*, user: User) -> QuerySet[Rectification]:
    """Every open rectification the user may see, soonest due first."""
    return (Rectification.objects.filter(status=table.R_OPEN, order__in=_visible(user=user).values("pk"))
            .select_related("order", "order__customer", "finding").order_by("due_at", "id"))


def customer_orders(*, user: User, customer: Customer) -> QuerySet[InspectionOrder]:
    return _visible(user=user).filter(customer=customer).order_by("-planned_date", "-id")


def order_labels(ids: list[str]) -> dict[str, tuple[str, str]]:
    """Order number and customer name by id, in one query (web.targets describer)."""
    rows = (InspectionOrder.objects.filter(pk__in=[int(i) for i in ids if str(i).isdigit()])
            .select_related("customer").only("number", "customer__name"))
    return {str(o.pk): (o.number, o.customer.name) for o in rows}


# -- choices for forms -------------------------------------------------------------------------------

def assignable_inspectors(*, order_or_unit) -> QuerySet[User]:
    """Active inspectors of the company of the given order's office (or unit)."""
    unit = order_or_unit.office if isinstance(order_or_unit, InspectionOrder) else order_or_unit
    company_path = "/" + unit.path.strip("/").split("/")[0] + "/"
    return (User.objects.filter(role=Role.INSPECTOR, is_active=True, unit__path__startswith=company_path)
            .select_related("unit").order_by("username"))


def order_customers(*, user: User) -> QuerySet[Customer]:
    """The customers the user may open an order for: served by an office in the user's unit."""
    if not user.is_authenticated or not user.is_active or user.unit_id is None:
        return Customer.objects.none()
    return Customer.objects.filter(office__path__startswith=user.unit.path).select_related("office", "enterprise")


# -- plans -------------------------------------------------------------------------------------------

def _visible_plans(*, user: User) -> QuerySet[InspectionPlan]:
    if not user.is_authenticated or not user.is_active or user.unit_id is None:
        return InspectionPlan.objects.none()
    if user.role == Role.INSPECTOR:
        return InspectionPlan.objects.filter(office_id=user.unit_id)
    if user.role in perms.MANAGER_ROLES:
        return InspectionPlan.objects.filter(office_id__in=units_below(user.unit.path))
    return InspectionPlan.objects.none()


def plan_list(*, user: User, month_date: date | None = None) -> QuerySet[InspectionPlan]:
    plans = _visible_plans(user=user)
    if month_date is not None:
        plans = plans.filter(month_date=month_date.replace(day=1))
    return plans.select_related("office", "created_by").order_by("-month_date", "office__path", "utility")


def plan_get(*, user: User, id: int) -> InspectionPlan:
    return _visible_plans(user=user).select_related("office", "created_by").get(pk=id)


def plan_entries(*, plan: InspectionPlan) -> QuerySet[PlanEntry]:
    return (plan.entries.select_related("customer", "order").prefetch_related("inspectors")
            .order_by("planned_date", "id"))


@dataclass(frozen=True)
class Completion:
    plan_id: int
    office: Unit
    utility: str
    month_date: date
    planned: int
    done: int  # the routine order's inspectors have left the site (or later)
    overdue: int  # not done and the planned date has passed

    @property
    def rate(self) -> float | None:
        return self.done / self.planned if self.planned else None


def plan_completion(*, user: User, month_date: date, now: datetime) -> list[Completion]:
    """Per office and utility, the month's plan: entries planned, done, overdue (§2.5(1)),
    counted by the database in one grouped query."""
    today = timezone.localtime(now).date()
    done = Q(entries__order__status__in=sorted(table.DONE))
    rows = (plan_list(user=user, month_date=month_date)
            .annotate(n_planned=Count("entries", distinct=True),
                      n_done=Count("entries", filter=done, distinct=True),
                      n_overdue=Count("entries", filter=Q(entries__planned_date__lt=today) & ~done, distinct=True))
            .order_by("office__path", "utility"))
    return [Completion(plan_id=p.pk, office=p.office, utility=p.utility, month_date=p.month_date,
                       planned=p.n_planned, done=p.n_done, overdue=p.n_overdue) for p in rows]


# -- what may be done now ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Action:
    name: str
    clause: str
    refusal: RuleViolation | None  # the regulation says no (with the clause)
    permitted: bool  # the user may take it

    @property
    def available(self) -> bool:
        return self.refusal is None and self.permitted


def order_facts(order: InspectionOrder, **asked) -> table.Facts:
    """The snapshot the transition guards read (see domain/transitions.py)."""
    return table.Facts(
        kind=order.kind, trigger=order.trigger, tip_off_linked=bool(order.source_id),
        appointed=order.appointed_at is not None, assigned=order.assignments.count(),
        open_rectifications=order.rectifications.filter(status=table.R_OPEN).count(),
        **asked,
    )


def order_actions(*, user: User, order: InspectionOrder) -> list[Action]:
    """The table's transitions from the order's state, each allowed or refused with its clause,
    and whether this user may take it."""
    asked = {}
    if order.status == Status.SUBMITTED:
        asked = {"actor_is_approver": perms.is_approver(user, order),
                 "actor_assigned": perms.is_assigned(user, order)}
    facts = order_facts(order, **asked)
    if order.status in (Status.PREPARED, Status.ARRIVED):
        present = list(order.assignments.filter(present=True).select_related("inspector"))
        if order.status == Status.ARRIVED or present:
            facts = table.Facts(**{**vars(facts), "present": len(present)})
    return [Action(o.transition.name, o.transition.clause, o.refusal, perms.BY_ACTION[o.transition.name](user, order))
            for o in table.TABLE.options(order.status, facts)]


def order_id_by_number(user: User, number: str) -> str | None:
    """The id of the inspection order with this number when the user may see it, else None (missing and out
    of sight are not told apart): its core.cases reference, which the search page asks."""
    found = _visible(user=user).filter(number=number).values_list("pk", flat=True).first()
    return str(found) if found is not None else None
