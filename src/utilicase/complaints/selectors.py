"""Reads of complaints, restricted at the source to what the user may see; a complaint out of
sight is answered exactly like a missing one.

Who sees a complaint:
- service-hall staff and the hall head: every complaint their hall received;
- department handlers: the complaints routed to their unit (or below it);
- business-office heads, enterprise and company deputies: those routed to, or received by, a
  unit in their scope;
- anyone who is or was its first-contact owner, current owner or named handler;
- nobody else (administrators included: reference data is their work, not complaints).
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import BooleanField, Case, DateTimeField, F, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from utilicase.complaints import permissions as perms
from utilicase.complaints.domain import kpis
from utilicase.complaints.domain import transitions as table
from utilicase.complaints.models import Complaint, ComplaintCategory, Status
from utilicase.core.rules import RuleViolation
from utilicase.customers.models import Customer
from utilicase.customers.selectors import customer_find_for_intake
from utilicase.org.models import Role, Unit, UnitKind, User
from utilicase.org.selectors import staff_with_role

TARGET_TYPE = "complaints.complaint"
MANAGER_ROLES = frozenset({Role.OFFICE_HEAD, Role.ENTERPRISE_DEPUTY, Role.COMPANY_DEPUTY})


# -- the organisation around a complaint ----------------------------------------------------------

def company_of(unit: Unit) -> Unit:
    """The company (股份公司) a unit belongs to: its nearest COMPANY ancestor (or the root)."""
    ids = [int(p) for p in unit.path.strip("/").split("/")]
    company = Unit.objects.filter(id__in=ids, kind=UnitKind.COMPANY).order_by("-path").first()
    return company or Unit.objects.get(pk=ids[0])


def customer_in_company(*, customer: Customer, unit: Unit) -> bool:
    return customer.enterprise.path.startswith(company_of(unit).path)


def hall_heads(*, hall: Unit) -> QuerySet[User]:
    return staff_with_role(role=Role.HALL_HEAD, unit=hall).order_by("username")


def route_targets(*, complaint: Complaint) -> list[Unit]:
    """Where a complaint may be routed: its own hall (the hall head answers) and every
    department of the hall's company."""
    company = company_of(complaint.hall)
    departments = Unit.objects.filter(path__startswith=company.path, kind=UnitKind.DEPARTMENT).order_by("path")
    return [complaint.hall, *departments]


def route_target_error(*, complaint: Complaint, unit: Unit) -> str | None:
    if unit.pk == complaint.hall_id:
        return None
    if unit.kind != UnitKind.DEPARTMENT:
        return _("投诉只能转给部门，或由本营业厅负责人答复。")
    if not unit.path.startswith(company_of(complaint.hall).path):
        return _("该部门不属于本营业厅所在公司。")
    return None


def handlers_of(*, unit: Unit) -> QuerySet[User]:
    role = Role.HALL_HEAD if unit.kind == UnitKind.HALL else Role.HANDLER
    return staff_with_role(role=role, unit=unit).order_by("username")


def hand_over_targets(*, complaint: Complaint) -> QuerySet[User]:
    return (User.objects.filter(unit_id=complaint.hall_id, role__in=perms.HALL_ROLES, is_active=True)
            .exclude(pk=complaint.first_contact_owner_id).order_by("username"))


def intake_customer(*, user: User, id: int) -> Customer | None:
    """A customer chosen at intake: one of the company of the user's hall (see
    customers.selectors.customer_find_for_intake), or None."""
    if not perms.can_receive_complaint(user):
        return None
    company = company_of(user.unit)
    return Customer.objects.filter(pk=id, enterprise__path__startswith=company.path).select_related("enterprise").first()


def intake_customers_by_account(*, user: User, account: str) -> list[Customer]:
    """The customers of the user's company with exactly this account number (one per
    enterprise at most)."""
    compact = "".join((account or "").split())
    return [c for c in customer_find_for_intake(user=user, text=compact) if c.account_number == compact]


def categories() -> QuerySet[ComplaintCategory]:
    return ComplaintCategory.objects.filter(is_active=True).order_by("position", "id")


# -- complaints a user may see --------------------------------------------------------------------

def _visible(*, user: User) -> QuerySet[Complaint]:
    if not user.is_authenticated or not user.is_active:
        return Complaint.objects.none()
    seen = Q(first_contact_owner=user) | Q(current_owner=user) | Q(handler=user)
    if user.unit_id is not None:
        below = user.unit.path
        if user.role in perms.HALL_ROLES:
            seen |= Q(hall__path__startswith=below)
        elif user.role == Role.HANDLER:
            seen |= Q(routed_to_unit__path__startswith=below)
        elif user.role in MANAGER_ROLES:
            seen |= Q(routed_to_unit__path__startswith=below) | Q(hall__path__startswith=below)
    return Complaint.objects.filter(seen)


def with_due(queryset: QuerySet[Complaint], *, now: datetime) -> QuerySet[Complaint]:
    """Each complaint with `next_due_at` (the earliest open deadline: the form's, then the
    reply's), `is_overdue` (that time has passed) and `reply_overdue` (§6.6(8) deadline passed
    without a reply). Derived at query time, never stored."""
    form_open = Q(form_deadline__isnull=False, form_deadline__met_at__isnull=True)
    reply_open = Q(reply_deadline__isnull=False, reply_deadline__met_at__isnull=True)
    return queryset.annotate(
        next_due_at=Case(
            When(form_open, then=F("form_deadline__due_at")),
            When(reply_open, then=F("reply_deadline__due_at")),
            default=Value(None), output_field=DateTimeField(),
        ),
    ).annotate(
        is_overdue=Case(When(next_due_at__lt=now, then=Value(True)), default=Value(False),
                        output_field=BooleanField()),
        reply_overdue=Case(When(reply_open & Q(reply_deadline__due_at__lt=now), then=Value(True)),
                           default=Value(False), output_field=BooleanField()),
    )


def _related(queryset: QuerySet[Complaint]) -> QuerySet[Complaint]:
    return queryset.select_related("hall", "customer", "first_contact_owner", "current_owner", "current_owner_unit",
                                   "routed_to_unit", "handler", "category", "form_deadline", "reply_deadline",
                                   "reply")


def complaint_get(*, user: User, id: int, now: datetime) -> Complaint:
    """One complaint; Complaint.DoesNotExist when missing or out of sight (not told apart)."""
    return _related(with_due(_visible(user=user), now=now)).get(pk=id)


@dataclass(frozen=True)
class Filters:
    status: str | None = None
    overdue: bool | None = None
    unit: Unit | None = None  # received by or routed to this unit (or a unit below it)
    received_from: date | None = None
    received_to: date | None = None  # inclusive


def _filtered(queryset: QuerySet[Complaint], filters: Filters) -> QuerySet[Complaint]:
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.overdue is not None:
        queryset = queryset.filter(is_overdue=filters.overdue)
    if filters.unit is not None:
        queryset = queryset.filter(Q(hall__path__startswith=filters.unit.path)
                                   | Q(routed_to_unit__path__startswith=filters.unit.path))
    if filters.received_from is not None:
        queryset = queryset.filter(reception_started_at__gte=_day_start(filters.received_from))
    if filters.received_to is not None:
        queryset = queryset.filter(reception_started_at__lt=_day_start(filters.received_to + timedelta(days=1)))
    return queryset


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def complaint_list(*, user: User, now: datetime, filters: Filters = Filters()) -> QuerySet[Complaint]:
    """Every complaint the user may see, newest first."""
    queryset = _filtered(with_due(_visible(user=user), now=now), filters)
    return _related(queryset).order_by("-reception_started_at", "-id")


def complaint_worklist(*, user: User, now: datetime, filters: Filters = Filters(),
                       everything: bool = False) -> QuerySet[Complaint]:
    """The user's open complaints, soonest due first: those they must act on now (as owner, or
    as a member of the owning unit when nobody is named) and, for a hall head, every escalated
    complaint of the hall. `everything` lists all complaints the user may see instead."""
    queryset = with_due(_visible(user=user), now=now)
    if not everything:
        mine = Q(current_owner=user)
        if user.unit_id is not None:
            mine |= Q(current_owner__isnull=True, current_owner_unit_id=user.unit_id)
            if user.role == Role.HALL_HEAD:
                mine |= Q(hall_id=user.unit_id, escalated_at__isnull=False)
        queryset = queryset.filter(mine)
    if not filters.status:
        queryset = queryset.exclude(status=Status.CLOSED)
    queryset = _filtered(queryset, filters)
    return _related(queryset).order_by(F("next_due_at").asc(nulls_last=True), "reception_started_at", "id")


# -- what may be done now ------------------------------------------------------------------------

@dataclass(frozen=True)
class Action:
    name: str
    clause: str
    refusal: RuleViolation | None  # the regulation says no (with the clause)
    permitted: bool  # the user may take it
    responsible: str = ""  # who may take it, for a user who may not

    @property
    def available(self) -> bool:
        return self.refusal is None and self.permitted


def complaint_actions(*, user: User, complaint: Complaint) -> list[Action]:
    """The table's transitions from the complaint's state, each allowed or refused with its
    clause, whether this user may take it and, when not, who may. Steps already done (the form
    completed, the record confirmed) are left out."""
    facts = complaint.facts()
    options = [(o.transition.name, o.transition.clause, o.refusal) for o in table.TABLE.options(complaint.status, facts)
               if not table.already_done(o.transition.name, facts)]
    options += [("hand_over", "§6.5(ii)(1)", table.hand_over_refusal(complaint.status)), ("link", "§6.5(i)", None)]
    permitted = {name: perms.BY_ACTION[name](user, complaint) for name, _clause, _refusal in options}
    heads = [] if all(permitted.values()) else list(hall_heads(hall=complaint.hall))
    return [Action(name, clause, refusal, permitted[name],
                   "" if permitted[name] else responsible_for(name, complaint, heads=heads))
            for name, clause, refusal in options]


def responsible_for(name: str, complaint: Complaint, *, heads: list[User]) -> str:
    """Who may take the action (see permissions.py), by name where the complaint names the
    person, else by role and unit: "需由…办理。"."""
    hall = complaint.hall.name
    if name in ("complete_form", "confirm_record", "assess"):
        who = _("%(hall)s的营业厅人员") % {"hall": hall}
    elif name in ("route", "close", "hand_over"):
        who = _("首问负责人%(owner)s或%(hall)s负责人%(heads)s") % {
            "owner": complaint.first_contact_owner.display_name, "hall": hall, "heads": _names(heads)}
    elif name == "reply" and complaint.routed_to_unit_id == complaint.hall_id:
        who = _("%(hall)s负责人%(heads)s") % {"hall": hall, "heads": _names(heads)}
    elif name == "reply" and complaint.handler_id is not None:
        who = _("处理人%(handler)s") % {"handler": complaint.handler.display_name}
    elif name == "reply":
        who = _("%(unit)s的处理人员") % {"unit": complaint.routed_to_unit.name}
    else:  # link
        who = _("%(hall)s的营业厅人员或答复单位") % {"hall": hall}
    return _("需由%(who)s办理。") % {"who": who}


def _names(users: list[User]) -> str:
    return "、".join(u.display_name for u in users)


# -- KPIs ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class KpiTable:
    month_date: date
    rows: list[tuple[Unit, kpis.Figures]]
    total: kpis.Figures


def month_bounds(month_date: date) -> tuple[datetime, datetime]:
    start = month_date.replace(day=1)
    end = (start + timedelta(days=32)).replace(day=1)
    return _day_start(start), _day_start(end)


def complaint_kpis(*, user: User, month_date: date, now: datetime) -> KpiTable:
    """The §6.6(8) figures of the complaints accepted in the month that the user may see, per
    unit answerable for the reply: the routed unit, or the receiving hall until routed (see
    domain/kpis.py for the definitions)."""
    start, end = month_bounds(month_date)
    values = (_visible(user=user).filter(reception_started_at__gte=start, reception_started_at__lt=end)
              .values_list("hall_id", "routed_to_unit_id", "reception_started_at", "reply__replied_at",
                           "reply_deadline__due_at"))
    rows = [kpis.Row(unit_key=routed or hall, started_at=started, replied_at=replied, reply_due_at=due)
            for hall, routed, started, replied, due in values]
    by_unit = kpis.figures_by_unit(rows, now=now)
    units = Unit.objects.in_bulk(list(by_unit))
    # The organisation's order: by the chain of ids, compared as numbers ("/1/2/5/" before "/1/12/").
    ordered = sorted(by_unit, key=lambda pk: [int(i) for i in units[pk].path.strip("/").split("/")])
    return KpiTable(month_date=month_date.replace(day=1), rows=[(units[pk], by_unit[pk]) for pk in ordered],
                    total=kpis.figures(rows, now=now))
