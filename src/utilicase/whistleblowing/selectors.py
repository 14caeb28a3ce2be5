"""Reads of whistleblower reports, restricted at the source by permissions.py: a report the
user may not see raises Report.DoesNotExist exactly like a missing one, and the confidential
half (content, reporter, files, notes, outcome) is read only here and only for discipline
inspection of the report's unit."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    DateTimeField,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast

from utilicase.audit.models import AuditEvent
from utilicase.audit.selectors import events_for
from utilicase.calendar.models import Deadline
from utilicase.calendar.selectors import deadlines_for, overdue_q
from utilicase.core.hooks import hook
from utilicase.core.transitions import Option
from utilicase.core.workdays import SHANGHAI
from utilicase.org.models import Unit, UnitKind, User
from utilicase.whistleblowing import permissions as perm
from utilicase.whistleblowing.domain import transitions as t
from utilicase.whistleblowing.domain.kpi import ReplyKpis, ReplyRow, reply_kpis
from utilicase.whistleblowing.domain.numbers import report_address, report_key_valid, report_number_valid
from utilicase.whistleblowing.models import (
    Report,
    ReportAttachment,
    ReportContent,
    ReportNote,
    ReportReply,
    Status,
)

REPLY_KIND = "report.reply"
# Events of a report that its front-line receiver does not see on its timeline.
DISCIPLINE_ONLY_EVENTS = ("whistleblowing.report.claim_secret_reset",)
TARGET_TYPE = "whistleblowing.report"


@dataclass(frozen=True)
class ReportFilters:
    status: str | None = None
    overdue: bool | None = None
    received_from: date | None = None
    received_to: date | None = None
    q: str | None = None  # discipline inspection only


def discipline_unit_of(*, unit: Unit) -> Unit | None:
    """Where reports taken at `unit` go: the discipline inspection unit directly under the
    company the unit belongs to (§6.7(i-ii))."""
    company_id = int(unit.path.strip("/").split("/")[0])
    return Unit.objects.filter(kind=UnitKind.DISCIPLINE, parent_id=company_id, parent__kind=UnitKind.COMPANY) \
        .order_by("path").first()


def _visible(*, user: User) -> QuerySet[Report]:
    if perm.is_discipline(user):
        return Report.objects.filter(discipline_unit_id=user.unit_id)
    if perm.is_front_line(user):
        return Report.objects.filter(received_by=user, status__in=t.FRONT_LINE_STATES)
    return Report.objects.none()


def _reply_deadline(field: str):
    return Subquery(
        Deadline.objects.filter(kind=REPLY_KIND, target_type=TARGET_TYPE,
                                target_id=Cast(OuterRef("pk"), output_field=CharField()))
        .order_by("id").values(field)[:1]
    )


def _with_deadline(queryset: QuerySet[Report], *, now: datetime) -> QuerySet[Report]:
    queryset = queryset.annotate(
        due_at=_reply_deadline("due_at"),
        due_date=_reply_deadline("due_date"),
        due_provisional=_reply_deadline("provisional"),
        due_met_at=Subquery(
            Deadline.objects.filter(kind=REPLY_KIND, target_type=TARGET_TYPE,
                                    target_id=Cast(OuterRef("pk"), output_field=CharField()))
            .order_by("id").values("met_at")[:1], output_field=DateTimeField()),
    )
    return queryset.annotate(is_overdue=Case(
        When(Q(due_met_at__isnull=True) & overdue_q("due_at", now), then=Value(True)),
        default=Value(False), output_field=BooleanField(),
    ))


# Dates outside these bounds filter nothing more than the bounds do (and would overflow in SQL).
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2100, 12, 31)


def _day_start(day: date) -> datetime:
    day = min(max(day, FIRST_DAY), LAST_DAY)
    return datetime.combine(day, time.min, tzinfo=SHANGHAI)


def report_list(*, user: User, filters: ReportFilters | None = None, now: datetime) -> QuerySet[Report]:
    """The reports the user may see. Discipline inspection: escalated first (their limit ran
    out and nobody above them is in the system: they stay on top until replied), then by due
    time. Front line: their own unconfirmed intakes. Searching (`q`: number, content, reporter)
    is discipline inspection's only; for anyone else a search finds nothing."""
    filters = filters or ReportFilters()
    reports = _visible(user=user)
    if filters.q:
        if not perm.can_search_reports(user):
            return _with_deadline(Report.objects.none(), now=now)
        q = filters.q.replace("\x00", "").strip()
        reports = reports.filter(
            Q(number__icontains=q)
            | Q(pk__in=ReportContent.objects.filter(
                Q(content__contains=q) | Q(reporter_name__contains=q) | Q(reporter_contact__contains=q)
            ).values("report_id"))
        )
    if filters.status:
        reports = reports.filter(status=filters.status)
    if filters.received_from:
        reports = reports.filter(received_at__gte=_day_start(filters.received_from))
    if filters.received_to:
        reports = reports.filter(received_at__lt=_day_start(filters.received_to + timedelta(days=1)))
    reports = _with_deadline(reports.select_related("receiving_unit", "discipline_unit"), now=now)
    if filters.overdue is not None:
        reports = reports.filter(is_overdue=filters.overdue)
    open_states = sorted(t.OPEN_STATES)
    open_escalated = Case(When(escalated_at__isnull=False, status__in=open_states, then=Value(0)), default=Value(1))
    still_open = Case(When(status__in=open_states, then=Value(0)), default=Value(1))
    return reports.order_by(open_escalated, still_open, F("due_at").asc(nulls_last=True), "-received_at", "-id")


def report_get(*, user: User, address: str) -> Report:
    """The report by its address (`Report.address`: its number when random, else its random key;
    never the counting database id, nor a running number from before the random scheme).
    Report.DoesNotExist when it is missing or the user may not see it (not told apart)."""
    if report_number_valid(address):
        found = Q(number=address)
    elif report_key_valid(address):
        found = Q(key=address)
    else:  # never sent to the database (a NUL in it is an error there, not a missing report)
        raise Report.DoesNotExist("no such report")
    return _visible(user=user).select_related("receiving_unit", "discipline_unit", "received_by").get(found)


def report_address_of(target_id: str) -> str | None:
    """The address of a report's page, from its id as a deadline or an audit event names it
    (those links are only shown to whoever may see the target)."""
    row = Report.objects.filter(pk=target_id).values_list("number", "key").first()
    return None if row is None else report_address(*row)


def report_id_by_number(user: User, number: str) -> str | None:
    """The id of the report with this number when the user may see it (core.cases reference:
    a special inspection's tip-off source is linked only by whoever sees the report, §2.6(1))."""
    found = _visible(user=user).filter(number=number).values_list("pk", flat=True).first()
    return str(found) if found is not None else None


def _require_content_access(user: User, report: Report) -> None:
    if not perm.can_view_report_content(user, report):
        raise Report.DoesNotExist("no such report")


def report_content(*, user: User, report: Report) -> ReportContent:
    _require_content_access(user, report)
    return ReportContent.objects.get(report=report)


def report_attachments(*, user: User, report: Report) -> list[ReportAttachment]:
    _require_content_access(user, report)
    return list(ReportAttachment.objects.filter(report=report).select_related("uploaded_by"))


def report_attachment_get(*, user: User, report: Report, ordinal: int) -> ReportAttachment:
    """An attachment by its number within the report."""
    _require_content_access(user, report)
    return ReportAttachment.objects.get(report=report, ordinal=ordinal)


def report_notes(*, user: User, report: Report) -> list[ReportNote]:
    _require_content_access(user, report)
    return list(ReportNote.objects.filter(report=report).select_related("written_by"))


def report_reply(*, user: User, report: Report) -> ReportReply | None:
    _require_content_access(user, report)
    return ReportReply.objects.filter(report=report).select_related("recorded_by").first()


def report_timeline(*, user: User, report: Report) -> QuerySet[AuditEvent]:
    """Every audit event of the report (they carry no content; see services), but those only
    discipline inspection sees (a claim secret reset) for anyone else."""
    if not perm.can_view_report(user, report):
        raise Report.DoesNotExist("no such report")
    events = events_for(target_type=TARGET_TYPE, target_id=str(report.pk))
    if not perm.can_view_confidential_events(user, report):
        events = events.exclude(action__in=DISCIPLINE_ONLY_EVENTS)
    return events


def report_deadlines(*, user: User, report: Report, now: datetime) -> QuerySet[Deadline]:
    if not perm.can_view_report(user, report):
        raise Report.DoesNotExist("no such report")
    return deadlines_for(target=report, now=now)


def report_facts(*, report: Report, **proposed) -> t.ReportFacts:
    """The snapshot the transition table judges. For services and `report_options` only: it
    reads the confidential half (whether a contact or a name was left), never returns it."""
    content = ReportContent.objects.filter(report=report).only("reporter_name", "reporter_contact").first()
    return t.ReportFacts(
        channel=report.channel,
        received_at=report.received_at,
        has_discipline_unit=report.discipline_unit_id is not None,
        reporter_named=bool(content and content.reporter_name.strip()),
        has_contact=bool(content and content.reporter_contact.strip()),
        has_claim_code=bool(report.claim_code_hash),
        note_count=ReportNote.objects.filter(report=report).count(),
        **proposed,
    )


def report_options(*, user: User, report: Report) -> list[Option]:
    """The actions the user performs on this report in its state: allowed, or with the clause
    that refuses them now."""
    if not perm.can_view_report(user, report):
        raise Report.DoesNotExist("no such report")
    facts = report_facts(report=report)
    return [o for o in t.TABLE.options(report.status, facts)
            if perm.can_act_on_report(user, report, o.transition.name)]


def month_bounds(month_date: date) -> tuple[datetime, datetime]:
    start = _day_start(month_date.replace(day=1))
    following = (month_date.replace(day=28) + timedelta(days=4)).replace(day=1)
    return start, _day_start(following)


def report_kpis(*, user: User, month_date: date, now: datetime) -> ReplyKpis:
    """Reply KPIs of every report received in the month, confirmed or not (§6.7(iii)(7): the limit
    runs from receipt), for discipline inspection (Report.DoesNotExist for anyone else, like a
    page that is not there). A report closed as not a report is done when it was closed."""
    if not perm.can_view_report_kpis(user):
        raise Report.DoesNotExist("no such page")
    start, end = month_bounds(month_date)
    reports = _with_deadline(_visible(user=user).filter(received_at__gte=start, received_at__lt=end), now=now)
    rows = [ReplyRow(received_at=r.received_at, due_at=r.due_at, replied_at=r.replied_at or r.closed_at)
            for r in reports]
    return reply_kpis(rows, now=now)


def complaint_for(*, number: str, unit: Unit) -> str | None:
    """The id of the complaint with this number taken in the company of `unit` (a
    "complaints.complaint" target, for a link to its page), None without one; asked of the
    complaints context through its hook (core/hooks.py: this context does not import
    complaints). Not whether anyone may read it: discipline inspection sees no complaints, yet
    names them."""
    return hook("complaints.complaint_taken")(number=number, unit=unit) if number else None


def complaint_taken(*, number: str, unit: Unit) -> bool:
    """Whether a complaint with this number was taken in the company of `unit`. A report has no
    customer record to match the complaint's against, so "the same customer" (§6.7(i-ii)) is
    checked as the same company."""
    return complaint_for(number=number, unit=unit) is not None


def open_reply_deadline(*, report: Report) -> Deadline | None:
    return Deadline.objects.filter(kind=REPLY_KIND, target_type=TARGET_TYPE, target_id=str(report.pk),
                                   met_at__isnull=True).order_by("id").first()


STATUS_LABELS = dict(Status.choices)
