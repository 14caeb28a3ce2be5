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

from django.db.models import BooleanField, Case, Count, F, Q, QuerySet, Value, When, Window
from django.db.models.functions import Coalesce, Greatest, RowNumber
from django.utils import timezone
from django.utils.translation import gettext as _

from utilicase.calendar.selectors import met_in_time_q, overdue_q
from utilicase.complaints import permissions as perms
from utilicase.complaints.domain import kpis
from utilicase.complaints.domain import transitions as table
from utilicase.complaints.models import OPEN, Complaint, ComplaintCategory
from utilicase.core.rules import RuleViolation
from utilicase.customers.models import Customer
from utilicase.customers.selectors import customer_find_for_intake, customers_in_scope
from utilicase.org.models import Role, Unit, UnitKind, User
from utilicase.org.selectors import company_of, staff_with_role

TARGET_TYPE = "complaints.complaint"
MANAGER_ROLES = frozenset({Role.OFFICE_HEAD, Role.ENTERPRISE_DEPUTY, Role.COMPANY_DEPUTY})


# -- the organisation around a complaint ----------------------------------------------------------

def customer_in_company(*, customer: Customer, unit: Unit) -> bool:
    return customer.enterprise.path.startswith(company_of(unit).path)


def hall_heads(*, hall: Unit) -> QuerySet[User]:
    return staff_with_role(role=Role.HALL_HEAD, unit=hall).order_by("username")


def leadership_units(*, hall: Unit) -> list[Unit]:
    """Leadership (领导) an opinion-book complaint may be passed to (§6.6(7)): the hall's company
    (its deputy manager) and the company's supply enterprises (theirs)."""
    company = company_of(hall)
    return [company, *Unit.objects.filter(path__startswith=company.path, kind=UnitKind.ENTERPRISE).order_by("path")]


def route_targets(*, complaint: Complaint) -> list[Unit]:
    """Where a complaint may be routed: its own hall (the hall head answers), every department
    of the hall's company and, for an opinion-book complaint, leadership (§6.6(7))."""
    company = company_of(complaint.hall)
    departments = Unit.objects.filter(path__startswith=company.path, kind=UnitKind.DEPARTMENT).order_by("path")
    leaders = leadership_units(hall=complaint.hall) if complaint.channel == table.OPINION_BOOK else []
    return [complaint.hall, *departments, *leaders]


def route_target_error(*, complaint: Complaint, unit: Unit) -> str | None:
    if unit.pk == complaint.hall_id:
        return None
    if unit.kind in perms.LEADERSHIP_KINDS:
        if complaint.channel != table.OPINION_BOOK:
            return _("只有意见簿投诉由营业厅负责人向领导反映；其他投诉转给相关部门。")
        if unit.pk not in {u.pk for u in leadership_units(hall=complaint.hall)}:
            return _("该单位不是本营业厅所在公司的领导。")
        return None
    if unit.kind != UnitKind.DEPARTMENT:
        return _("投诉只能转给部门，或由本营业厅负责人答复。")
    if not unit.path.startswith(company_of(complaint.hall).path):
        return _("该部门不属于本营业厅所在公司。")
    return None


def handlers_of(*, unit: Unit) -> QuerySet[User]:
    return staff_with_role(role=perms.handler_role(unit), unit=unit).order_by("username")


def hand_over_targets(*, complaint: Complaint) -> QuerySet[User]:
    return (User.objects.filter(unit_id=complaint.hall_id, role__in=perms.HALL_ROLES, is_active=True)
            .exclude(pk=complaint.first_contact_owner_id).order_by("username"))


def intake_customer(*, user: User, id: int) -> Customer | None:
    """A customer chosen at intake: one in the user's customer scope (for hall staff, the
    customers of their hall's company; see customers.selectors.customers_in_scope), or None."""
    if not perms.can_receive_complaint(user):
        return None
    return customers_in_scope(user=user).filter(pk=id).first()


def intake_customers_by_account(*, user: User, account: str) -> list[Customer]:
    """The customers of the user's company with exactly this account number (one per
    enterprise at most)."""
    compact = "".join((account or "").split())
    return [c for c in customer_find_for_intake(user=user, text=compact) if c.account_number == compact]


def customer_complaints(*, user: User, customer: Customer) -> QuerySet[Complaint]:
    """The customer's complaints that the user may see, newest first."""
    return _visible(user=user).filter(customer=customer).order_by("-reception_started_at", "-id")


def customer_open_complaints(*, user: User, customer: Customer, now: datetime) -> QuerySet[Complaint]:
    """The customer's complaints not yet closed that the user may see, soonest due first, with
    their deadlines: intake warns of them (a warning, not a refusal: a new matter is a new
    complaint)."""
    queryset = with_due(customer_complaints(user=user, customer=customer), now=now).filter(OPEN)
    return (queryset.select_related("form_deadline", "reply_deadline")
            .order_by(F("next_due_at").asc(nulls_last=True), "reception_started_at", "id"))


def categories() -> QuerySet[ComplaintCategory]:
    return ComplaintCategory.objects.filter(is_active=True).order_by("position", "id")


# -- complaints a user may see --------------------------------------------------------------------

def _units_below(path: str) -> list[int]:
    """The ids of a unit and the units below it (the organisation is small): the complaints of
    a scope are then matched on their own indexed columns, without a join to the units."""
    return list(Unit.objects.filter(path__startswith=path).values_list("id", flat=True))


def _visible(*, user: User) -> QuerySet[Complaint]:
    if not user.is_authenticated or not user.is_active:
        return Complaint.objects.none()
    seen = Q(first_contact_owner=user) | Q(current_owner=user) | Q(handler=user)
    if user.unit_id is not None:
        if user.role in perms.HALL_ROLES:
            seen |= Q(hall_id__in=_units_below(user.unit.path))
        elif user.role == Role.HANDLER:
            seen |= Q(routed_to_unit_id__in=_units_below(user.unit.path))
        elif user.role in MANAGER_ROLES:
            below = _units_below(user.unit.path)
            seen |= Q(routed_to_unit_id__in=below) | Q(hall_id__in=below)
    return Complaint.objects.filter(seen)


def with_due(queryset: QuerySet[Complaint], *, now: datetime) -> QuerySet[Complaint]:
    """Each complaint with `is_overdue`: its next due time (`next_due_at`, the earliest open
    deadline: the form's, then the reply's) has passed. Derived when read, never stored."""
    return queryset.annotate(is_overdue=Case(When(overdue_q("next_due_at", now), then=Value(True)), default=Value(False),
                                             output_field=BooleanField()))


def complaint_get(*, user: User, id: int, now: datetime) -> Complaint:
    """One complaint, with `is_overdue` and `reply_overdue` (§6.6(8) deadline passed without a
    reply); Complaint.DoesNotExist when missing or out of sight (not told apart)."""
    reply_overdue = Q(reply_deadline__isnull=False, reply_deadline__met_at__isnull=True) \
        & overdue_q("reply_deadline__due_at", now)
    return (with_due(_visible(user=user), now=now)
            .annotate(reply_overdue=Case(When(reply_overdue, then=Value(True)), default=Value(False),
                                         output_field=BooleanField()))
            .select_related("hall", "customer", "first_contact_owner", "current_owner", "current_owner_unit",
                            "routed_to_unit", "handler", "category", "form_deadline", "reply_deadline", "reply",
                            "vip_room_by", "hall_head_told_by")
            .get(pk=id))


@dataclass(frozen=True)
class Filters:
    status: str | None = None
    overdue: bool | None = None
    unit: Unit | None = None  # received by or routed to this unit (or a unit below it)
    received_from: date | None = None
    received_to: date | None = None  # inclusive
    text: str = ""  # the search box: see `_search`


def _filtered(queryset: QuerySet[Complaint], filters: Filters, *, now: datetime) -> QuerySet[Complaint]:
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.overdue is True:
        queryset = queryset.filter(overdue_q("next_due_at", now))
    elif filters.overdue is False:
        queryset = queryset.filter(~overdue_q("next_due_at", now) | Q(next_due_at__isnull=True))
    if filters.unit is not None:
        below = _units_below(filters.unit.path)
        queryset = queryset.filter(Q(hall_id__in=below) | Q(routed_to_unit_id__in=below))
    if filters.received_from is not None:
        queryset = queryset.filter(reception_started_at__gte=_day_start(filters.received_from))
    if filters.received_to is not None:
        queryset = queryset.filter(reception_started_at__lt=_day_start(filters.received_to + timedelta(days=1)))
    if filters.text.strip():
        queryset = _search(queryset, filters.text)
    return queryset


NUMBER_PREFIX = "TS"


def _search(queryset: QuerySet[Complaint], text: str) -> QuerySet[Complaint]:
    """The search box, on indexed columns only (no LIKE '%x%' scan): a complaint number by its
    beginning ("TS2026" or the whole number); digits: a customer account number by its
    beginning, or a phone number exactly (the caller's or the customer's); anything else: the
    beginning of the caller's or the customer's name. Within whatever the list already shows."""
    compact = "".join(text.split())
    if compact.upper().startswith(NUMBER_PREFIX) and compact[len(NUMBER_PREFIX):].isdigit():
        return queryset.filter(number__startswith=compact.upper())
    if compact.replace("-", "").isdigit():
        customers = Customer.objects.filter(Q(account_number__startswith=compact) | Q(contact_phone=compact))
        return queryset.filter(Q(contact_phone=compact) | Q(customer__in=customers.values("pk")))
    name = text.strip()
    customers = Customer.objects.filter(name__startswith=name)
    return queryset.filter(Q(contact_name__startswith=name) | Q(customer__in=customers.values("pk")))


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def complaint_list(*, user: User, now: datetime, filters: Filters = Filters()) -> QuerySet[Complaint]:
    """Every complaint the user may see, newest first, with what the API's summary shows."""
    queryset = _filtered(with_due(_visible(user=user), now=now), filters, now=now)
    return (queryset.select_related("hall", "routed_to_unit")
            .only(*SUMMARY_FIELDS, "hall__code", "routed_to_unit__code")
            .order_by("-reception_started_at", "-id"))


SUMMARY_FIELDS = ("number", "status", "channel", "hall", "routed_to_unit", "reception_started_at", "next_due_at",
                  "escalated_at")
# What a work list row shows: the case, the caller, where it is, and its open deadline.
WORKLIST_FIELDS = (
    "number", "status", "channel", "escalated_at", "next_due_at", "reception_started_at", "contact_name",
    "customer", "current_owner", "current_owner_unit", "form_deadline", "reply_deadline", "customer__account_number", "customer__name", "current_owner__username", "current_owner__full_name",
    "current_owner_unit__name", *(f"{d}__{f}" for d in ("form_deadline", "reply_deadline")
                                  for f in ("kind", "due_at", "due_date", "provisional", "met_at")),
)


def complaint_worklist(*, user: User, now: datetime, filters: Filters = Filters(),
                       everything: bool = False) -> QuerySet[Complaint]:
    """The user's open complaints, soonest due first: those they must act on now (as owner, or
    as a member of the owning unit when nobody is named) and, for a hall head, every escalated
    complaint of the hall. `everything` lists all complaints the user may see instead.
    Ordered by the complaint's own `next_due_at` (then reception), as the partial indexes of
    open complaints are (models.WORK_ORDER), so the first page is read from an index."""
    queryset = with_due(_visible(user=user), now=now)
    if not everything:
        mine = Q(current_owner=user)
        if user.unit_id is not None:
            mine |= Q(current_owner__isnull=True, current_owner_unit_id=user.unit_id)
            if user.role == Role.HALL_HEAD:
                mine |= Q(hall_id=user.unit_id, escalated_at__isnull=False)
        queryset = queryset.filter(mine)
    if not filters.status:
        queryset = queryset.filter(OPEN)
    queryset = _filtered(queryset, filters, now=now)
    return (queryset.select_related("customer", "current_owner", "current_owner_unit", "form_deadline",
                                    "reply_deadline")
            .only(*WORKLIST_FIELDS)
            .order_by(F("next_due_at").asc(nulls_last=True), "reception_started_at", "id"))


def complaint_id_by_number(user: User, number: str) -> str | None:
    """The id of the complaint with this number when the user may see it (core.cases reference:
    a tip-off that starts a special inspection, §2.6(1))."""
    found = _visible(user=user).filter(number=number).values_list("pk", flat=True).first()
    return str(found) if found is not None else None


def complaint_labels(ids: list[str]) -> dict[str, tuple[str, str]]:
    """Case number and caller (the customer's name, or the contact's) of complaints by id, in
    one query: how a list of deadlines names its complaints (web.targets describer)."""
    rows = (Complaint.objects.filter(pk__in=[int(i) for i in ids]).select_related("customer")
            .only("number", "contact_name", "customer", "customer__name"))
    return {str(c.pk): (c.number, c.caller_name) for c in rows}


# -- the hall head's home page ---------------------------------------------------------------------

COUNTER_RECENT_DAYS = 7
COUNTER_SHOWN = 20


def counter_reports(*, user: User, now: datetime) -> list[Complaint]:
    """For a hall head, the visits of their hall where an upset visitor was taken to the VIP room
    or the hall head was told of a complaint made mid-service (§6.5(ii)(2)-(3)): those still
    open, and those closed whose record is at most COUNTER_RECENT_DAYS old; the latest record
    first. Anyone else: none."""
    if not (user.is_authenticated and user.is_active and user.role == Role.HALL_HEAD and user.unit_id):
        return []
    since = now - timedelta(days=COUNTER_RECENT_DAYS)
    recorded = Q(vip_room_at__isnull=False) | Q(hall_head_told_at__isnull=False)
    recent = Q(vip_room_at__gte=since) | Q(hall_head_told_at__gte=since)
    return list(Complaint.objects.filter(recorded & (OPEN | recent), hall_id=user.unit_id)
                .select_related("customer", "vip_room_by", "hall_head_told_by")
                .annotate(latest_record=Greatest(Coalesce("vip_room_at", "hall_head_told_at"),
                                                 Coalesce("hall_head_told_at", "vip_room_at")))
                .order_by("-latest_record", "-id")[:COUNTER_SHOWN])


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
    facts = complaint.facts(by_hall_head=perms.is_hall_head_of(user, complaint))
    options = [(o.transition.name, o.transition.clause, o.refusal) for o in table.TABLE.options(complaint.status, facts)
               if not table.already_done(o.transition.name, facts)]
    options += [("hand_over", "§6.5(ii)(1)", table.hand_over_refusal(complaint.status)), ("link", "§6.5(i)", None)]
    if complaint.channel == "VISIT":  # what happened at the counter (§6.5(ii)(2)-(3)), each recorded once
        options += [(kind, clause, None) for kind, clause in table.COUNTER_RECORD_CLAUSES.items()
                    if getattr(complaint, f"{kind}_at") is None]
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
    elif name in table.COUNTER_RECORD_CLAUSES:
        who = _("%(hall)s的营业厅人员") % {"hall": hall}
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
    routing: list[tuple[Unit, kpis.RoutingFigures]]  # per receiving hall (§6.6(6))
    routing_total: kpis.RoutingFigures


def month_bounds(month_date: date) -> tuple[datetime, datetime]:
    start = month_date.replace(day=1)
    end = (start + timedelta(days=32)).replace(day=1)
    return _day_start(start), _day_start(end)


def complaint_kpis(*, user: User, month_date: date, now: datetime) -> KpiTable:
    """The §6.6(8) figures of the complaints accepted in the month that the user may see, per
    unit answerable for the reply: the routed unit, or the receiving hall until routed (see
    domain/kpis.py for the definitions). Counted by the database on the complaint table alone
    (its copies of the reply time and the reply deadline), over the month's range of the
    reception index: one grouped query, and one that ranks the times taken to reply per unit
    and returns only the middle one or two of each (the medians); the same for the time from
    the completed form to the first routing, per receiving hall (§6.6(6))."""
    start, end = month_bounds(month_date)
    month = (_visible(user=user).filter(reception_started_at__gte=start, reception_started_at__lt=end)
             .annotate(unit_key=Coalesce("routed_to_unit_id", "hall_id")).order_by())
    replied = Q(replied_at__isnull=False)
    on_time = replied & (Q(reply_due_at__isnull=True) | met_in_time_q("replied_at", "reply_due_at"))
    counts = {row["unit_key"]: row for row in month.values("unit_key").annotate(
        received=Count("pk"), replied=Count("pk", filter=replied), replied_on_time=Count("pk", filter=on_time),
        overdue_now=Count("pk", filter=Q(replied_at__isnull=True) & overdue_q("reply_due_at", now)))}
    taken = month.filter(replied).annotate(taken=F("replied_at") - F("reception_started_at"))
    hours: dict[object, list[float]] = {}
    for key, value in _middles(taken, key="unit_key"):
        hours.setdefault(key, []).append(value.total_seconds() / 3600)
    total_hours = [value.total_seconds() / 3600 for _, value in _middles(taken, key=None)]

    def figures(row: dict, middle_hours: list[float]) -> kpis.Figures:
        return kpis.from_counts(received=row["received"], replied=row["replied"],
                                replied_on_time=row["replied_on_time"], overdue_now=row["overdue_now"],
                                hours=middle_hours)

    units = Unit.objects.in_bulk(list(counts))
    ordered = _in_org_order(units)
    total = {key: sum(row[key] for row in counts.values())
             for key in ("received", "replied", "replied_on_time", "overdue_now")}
    routing, routing_total = _routing(month)
    return KpiTable(month_date=month_date.replace(day=1),
                    rows=[(units[pk], figures(counts[pk], hours.get(pk, []))) for pk in ordered],
                    total=figures(total, total_hours), routing=routing, routing_total=routing_total)


def _routing(month: QuerySet[Complaint]) -> tuple[list[tuple[Unit, kpis.RoutingFigures]], kpis.RoutingFigures]:
    """§6.6(6): per receiving hall, the complaints first routed and the middle times from the
    completed form to that routing, by the database."""
    taken = month.filter(first_routed_at__isnull=False, form_completed_at__isnull=False).annotate(
        taken=F("first_routed_at") - F("form_completed_at"))
    counts = dict(taken.values("hall_id").annotate(n=Count("pk")).values_list("hall_id", "n"))
    minutes: dict[object, list[float]] = {}
    for key, value in _middles(taken, key="hall_id"):
        minutes.setdefault(key, []).append(value.total_seconds() / 60)
    halls = Unit.objects.in_bulk(list(counts))
    ordered = _in_org_order(halls)
    total = kpis.routing_from_counts(routed=sum(counts.values()),
                                     minutes=[v.total_seconds() / 60 for _, v in _middles(taken, key=None)])
    return [(halls[pk], kpis.routing_from_counts(routed=counts[pk], minutes=minutes[pk])) for pk in ordered], total


def _in_org_order(units: dict[int, Unit]) -> list[int]:
    """The organisation's order: by the chain of ids, compared as numbers ("/1/2/5/" before "/1/12/")."""
    return sorted(units, key=lambda pk: [int(i) for i in units[pk].path.strip("/").split("/")])


def _middles(taken: QuerySet[Complaint], *, key: str | None) -> list[tuple[object, timedelta]]:
    """(key, time taken) of the middle one or two rows of each value of `key` (or of all, for
    key None), ranked by the database: rank (n+1)//2 to n//2+1 of n, where the median lies."""
    window = {"partition_by": [F(key)]} if key is not None else {}
    ranked = taken.annotate(rank=Window(RowNumber(), order_by=[F("taken").asc(), F("pk").asc()], **window),
                            n=Window(Count("pk"), **window))
    return list(ranked.filter(rank__gte=(F("n") + 1) / 2, rank__lte=F("n") / 2 + 1)
                .values_list(key or "pk", "taken"))
