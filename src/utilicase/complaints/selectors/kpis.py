"""The §6.6(8) and §6.6(6) figures of a month's complaints, counted by the database."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import Coalesce, RowNumber

from utilicase.calendar.selectors import met_in_time_q, overdue_q
from utilicase.complaints.domain import kpis
from utilicase.complaints.models import Complaint, Satisfaction
from utilicase.complaints.selectors.scope import day_start, visible
from utilicase.org.models import Unit, User

SATISFIED = (Satisfaction.SATISFIED, Satisfaction.BASICALLY_SATISFIED)


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
    return day_start(start), day_start(end)


def complaint_kpis(*, user: User, month_date: date, now: datetime) -> KpiTable:
    """The §6.6(8) figures of the complaints accepted in the month that the user may see, per
    unit answerable for the reply: the routed unit, or the receiving hall until routed (see
    domain/kpis.py for the definitions). Counted by the database on the complaint table alone
    (its copies of the reply time and the reply deadline), over the month's range of the
    reception index: one grouped query, and one that ranks the times taken to reply per unit
    and returns only the middle one or two of each (the medians); the same for the time from
    the completed form to the first routing, per receiving hall (§6.6(6))."""
    start, end = month_bounds(month_date)
    month = (visible(user=user).filter(reception_started_at__gte=start, reception_started_at__lt=end)
             .annotate(unit_key=Coalesce("routed_to_unit_id", "hall_id")).order_by())
    replied = Q(replied_at__isnull=False)
    on_time = replied & (Q(reply_due_at__isnull=True) | met_in_time_q("replied_at", "reply_due_at"))
    counts = {row["unit_key"]: row for row in month.values("unit_key").annotate(
        received=Count("pk"), replied=Count("pk", filter=replied), replied_on_time=Count("pk", filter=on_time),
        overdue_now=Count("pk", filter=Q(replied_at__isnull=True) & overdue_q("reply_due_at", now)),
        visited=Count("pk", filter=~Q(satisfaction="")),
        satisfied=Count("pk", filter=Q(satisfaction__in=SATISFIED)))}
    taken = month.filter(replied).annotate(taken=F("replied_at") - F("reception_started_at"))
    hours: dict[object, list[float]] = {}
    for key, value in _middles(taken, key="unit_key"):
        hours.setdefault(key, []).append(value.total_seconds() / 3600)
    total_hours = [value.total_seconds() / 3600 for _, value in _middles(taken, key=None)]

    def figures(row: dict, middle_hours: list[float]) -> kpis.Figures:
        return kpis.from_counts(received=row["received"], replied=row["replied"],
                                replied_on_time=row["replied_on_time"], overdue_now=row["overdue_now"],
                                hours=middle_hours, visited=row["visited"], satisfied=row["satisfied"])

    units = Unit.objects.in_bulk(list(counts))
    ordered = _in_org_order(units)
    total = {key: sum(row[key] for row in counts.values())
             for key in ("received", "replied", "replied_on_time", "overdue_now", "visited", "satisfied")}
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
