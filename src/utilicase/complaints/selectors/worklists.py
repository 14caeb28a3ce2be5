"""Lists of complaints: the work list, the list of everything a user may see with its filters
and search box, a customer's complaints, and the hall head's counter records."""

import operator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import reduce

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import F, Q, QuerySet
from django.db.models.functions import Coalesce, Greatest

from utilicase.calendar.selectors import overdue_q
from utilicase.complaints.models import OPEN, WORK_ORDER, Complaint
from utilicase.complaints.selectors.scope import day_start, visible, with_due
from utilicase.customers.models import Customer
from utilicase.org.models import Role, Unit, User
from utilicase.org.selectors import units_below


def customer_complaints(*, user: User, customer: Customer) -> QuerySet[Complaint]:
    """The customer's complaints that the user may see, newest first."""
    return visible(user=user).filter(customer=customer).order_by("-reception_started_at", "-id")


def customer_open_complaints(*, user: User, customer: Customer, now: datetime) -> QuerySet[Complaint]:
    """The customer's complaints not yet closed that the user may see, soonest due first, with
    their deadlines: intake warns of them (a warning, not a refusal: a new matter is a new
    complaint)."""
    queryset = with_due(customer_complaints(user=user, customer=customer), now=now).filter(OPEN)
    return (queryset.select_related("form_deadline", "reply_deadline")
            .order_by(F("next_due_at").asc(nulls_last=True), "reception_started_at", "id"))


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
        below = units_below(filters.unit.path)
        queryset = queryset.filter(Q(hall_id__in=below) | Q(routed_to_unit_id__in=below))
    if filters.received_from is not None:
        queryset = queryset.filter(reception_started_at__gte=day_start(filters.received_from))
    if filters.received_to is not None:
        queryset = queryset.filter(reception_started_at__lt=day_start(filters.received_to + timedelta(days=1)))
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


def complaint_list(*, user: User, now: datetime, filters: Filters = Filters()) -> QuerySet[Complaint]:
    """Every complaint the user may see, newest first, with what the API's summary shows."""
    queryset = _filtered(with_due(visible(user=user), now=now), filters, now=now)
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


class WorkList(QuerySet):
    """A work list: the complaints of the list in its order (WORK_ORDER), and the disjoint
    `parts` whose union it is, each of which the database reads in that order from a partial
    index of its own. A page's ids (web.paging.page_rows asks `page_ids`) are then the first
    offset + limit rows of each part (of `base`, the list before it was narrowed to the parts),
    merged, in one statement: each part an index range scan that stops early, instead of every
    row of an OR sorted to find the first page. A list filtered further (such as the pager's
    narrowing to the ids it counted) is read as a plain list."""

    base: QuerySet | None = None
    parts: tuple[Q, ...] = ()

    def _clone(self):
        clone = super()._clone()
        clone.base, clone.parts = self.base, self.parts
        return clone

    def _filter_or_exclude(self, negate, args, kwargs):
        clone = super()._filter_or_exclude(negate, args, kwargs)
        clone.parts = ()
        return clone

    def page_ids(self, *, offset: int, limit: int) -> list[int]:
        if len(self.parts) < 2 or self.base is None or self.query.is_empty():
            return list(self.values_list("pk", flat=True)[offset: offset + limit])
        legs, params = [], []
        for n, part in enumerate(self.parts):
            leg = (self.base.filter(part).order_by(*self.query.order_by)
                   .values_list("pk", *WORK_ORDER[:-1])[: offset + limit])
            try:
                sql, leg_params = leg.query.get_compiler(using=self.db).as_sql()
            except EmptyResultSet:
                continue
            legs.append(f"SELECT * FROM ({sql}) AS part{n}")
            params.extend(leg_params)
        if not legs:
            return []
        # Columns by position: the id, then the others of models.WORK_ORDER, in its order.
        merged = (f"SELECT * FROM ({' UNION ALL '.join(legs)}) AS parts "
                  "ORDER BY 2 ASC NULLS LAST, 3 ASC, 1 ASC LIMIT %s OFFSET %s")
        with connections[self.db].cursor() as cursor:
            cursor.execute(merged, [*params, limit, offset])
            return [row[0] for row in cursor.fetchall()]


def complaint_worklist(*, user: User, now: datetime, filters: Filters = Filters(),
                       everything: bool = False) -> QuerySet[Complaint]:
    """The user's open complaints, soonest due first: those they must act on now (as owner, or
    as a member of the owning unit when nobody is named) and, for a hall head, every escalated
    complaint of the hall. `everything` lists all complaints the user may see instead.
    Ordered by the complaint's own `next_due_at` (then reception), as the partial indexes of
    open complaints are (models.WORK_ORDER), so a page is read from an index: the user's own
    list is a `WorkList` of its ways of being on it (owned; unowned in the user's unit; for a
    hall head, escalated in the hall and neither of those), each read from its index."""
    base = with_due(visible(user=user), now=now)
    if not filters.status:
        base = base.filter(OPEN)
    base = _filtered(base, filters, now=now)
    parts: list[Q] = []
    if not everything:
        owned = Q(current_owner=user)
        parts.append(owned)
        if user.unit_id is not None:
            unowned = Q(current_owner__isnull=True, current_owner_unit_id=user.unit_id)
            parts.append(unowned)
            if user.role == Role.HALL_HEAD:
                parts.append(Q(hall_id=user.unit_id, escalated_at__isnull=False) & ~owned & ~unowned)
    queryset = base.filter(reduce(operator.or_, parts)) if parts else base
    work_list = WorkList(model=Complaint, query=queryset.query.chain(), using=queryset._db)
    work_list.base, work_list.parts = base, tuple(parts)
    return (work_list.select_related("customer", "current_owner", "current_owner_unit", "form_deadline",
                                     "reply_deadline")
            .only(*WORKLIST_FIELDS)
            .order_by(F(WORK_ORDER[0]).asc(nulls_last=True), *WORK_ORDER[1:]))


def complaint_id_by_number(user: User, number: str) -> str | None:
    """The id of the complaint with this number when the user may see it (core.cases reference:
    a tip-off that starts a special inspection, §2.6(1))."""
    found = visible(user=user).filter(number=number).values_list("pk", flat=True).first()
    return str(found) if found is not None else None


def complaint_labels(ids: list[str]) -> dict[str, tuple[str, str]]:
    """Case number and caller (the customer's name, or the contact's) of complaints by id, in
    one query: how a list of deadlines names its complaints (web.targets describer)."""
    rows = (Complaint.objects.filter(pk__in=[int(i) for i in ids]).select_related("customer")
            .only("number", "contact_name", "customer", "customer__name"))
    return {str(c.pk): (c.number, c.caller_name) for c in rows}


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
