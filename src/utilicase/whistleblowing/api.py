"""Whistleblower reports API under /api/v1/whistleblower-reports.

Visible to discipline inspection of the report's unit; the front-line receiver sees the routing
half of their own intake until it is confirmed. Anyone else, for any report, gets the 404 of a
report that does not exist, on every route. The confidential half (`confidential`) is filled
for discipline inspection only and is null otherwise. Bad input: 422 naming the field; a refused
transition: 409 with the clause; an action that is not the caller's: 403."""

import io
from datetime import date, datetime
from typing import Annotated, Literal

from django.http import FileResponse, Http404, HttpRequest
from django.utils import timezone
from ninja import Field, File, Router, Schema
from ninja import Status as Answer
from ninja.errors import HttpError, ValidationError
from ninja.files import UploadedFile
from ninja.pagination import paginate

from utilicase.blobs.storage import BlobMissing, blob_read
from utilicase.config.api_types import CappedPages, DbId
from utilicase.core.workdays import SHANGHAI
from utilicase.whistleblowing import permissions as perm
from utilicase.whistleblowing import selectors, services
from utilicase.whistleblowing.models import Channel, FeedbackMethod, Report, ReportAttachment, Status

router = Router(tags=["whistleblower reports"])

PAGE_SIZE = 50
REQUIRED_FILE = File(...)
ChannelIn = Literal[tuple(Channel.values)]  # type: ignore[valid-type]
FeedbackMethodIn = Literal[tuple(FeedbackMethod.values)]  # type: ignore[valid-type]
StatusIn = Literal[tuple(Status.values)]  # type: ignore[valid-type]
FilterDate = Annotated[date, Field(ge=date(2000, 1, 1), le=date(2100, 12, 31))]


class ReportDeadlineOut(Schema):
    kind: str
    clause: str
    due_at: datetime
    due_date: date | None
    provisional: bool
    met_at: datetime | None
    overdue: bool


class AttachmentOut(Schema):
    id: int = Field(description="the attachment's number within the report (1, 2, …)")
    name: str
    content_type: str
    size: int
    uploaded_at: datetime


class NoteOut(Schema):
    id: int = Field(description="the note's number within the report (1, 2, …)")
    text: str
    written_by: str
    written_at: datetime


class ReportReplyOut(Schema):
    outcome: str
    feedback_method: str
    feedback_content: str
    feedback_at: datetime
    recorded_by: str
    recorded_at: datetime


class ConfidentialOut(Schema):
    content: str
    reporter_name: str
    reporter_contact: str
    anonymous: bool
    claim_code_given: bool
    attachments: list[AttachmentOut]
    notes: list[NoteOut]
    reply: ReportReplyOut | None


class ReportOut(Schema):
    number: str
    address: str = Field(description="what the report's URLs take: its number when random, else its random key")
    status: str
    channel: str
    received_at: datetime
    receiving_unit: str
    discipline_unit: str
    confirmed_at: datetime | None
    closed_reason: str
    complaint_number: str
    replied_at: datetime | None
    escalated_at: datetime | None
    deadlines: list[ReportDeadlineOut]
    confidential: ConfidentialOut | None = None


class ReportListOut(Schema):
    number: str
    address: str = Field(description="what the report's URLs take: its number when random, else its random key")
    status: str
    channel: str
    received_at: datetime
    due_at: datetime | None
    overdue: bool
    escalated_at: datetime | None
    replied_at: datetime | None

    @staticmethod
    def resolve_overdue(obj) -> bool:
        return bool(obj.is_overdue)


class ReportCreatedOut(Schema):
    number: str
    address: str = Field(description="what the report's URLs take: its number when random, else its random key")
    status: str
    deadlines: list[ReportDeadlineOut]
    claim_code: str | None = None


class ReportIn(Schema):
    channel: ChannelIn
    received_at: datetime | None = None
    content: str = ""
    reporter_name: str = ""
    reporter_contact: str = ""
    claim_code: bool = False
    confirm: bool = False


class NotAReportIn(Schema):
    """The complaint it is handled as (§6.7(i-ii)): `complaint_number`, one already taken in the
    report's company; or `open_complaint` (discipline inspection), one opened from the report's
    content, its number then given back in the answer."""

    reason: str
    complaint_number: str = ""
    open_complaint: bool = False


class NoteIn(Schema):
    text: str


class ReportReplyIn(Schema):
    outcome: str
    feedback_method: FeedbackMethodIn
    feedback_content: str
    feedback_at: datetime | None = None


class IdOut(Schema):
    id: int = Field(description="the number within the report (1, 2, …)")


class ClaimSecretResetIn(Schema):
    reason: str


class KpisOut(Schema):
    month: str
    received: int
    replied: int
    reply_rate: float | None
    replied_on_time: int
    on_time_rate: float | None
    overdue_now: int
    median_hours_to_reply: float | None


def _invalid(field: str, message: str, where: str = "body") -> ValidationError:
    loc = [where, "payload", field] if where == "body" else [where, field]
    return ValidationError([{"type": "value_error", "loc": loc, "msg": f"{field}: {message}"}])


def _aware(value: datetime | None, now: datetime) -> datetime:
    if value is None:
        return now
    return value if value.tzinfo is not None else value.replace(tzinfo=SHANGHAI)


def _get(request: HttpRequest, address: str) -> Report:
    try:
        return selectors.report_get(user=request.auth, address=address)
    except Report.DoesNotExist:
        raise Http404("Not Found") from None


def _deadlines(user, report: Report, now: datetime) -> list[dict]:
    return [
        {"kind": d.kind, "clause": d.clause, "due_at": d.due_at, "due_date": d.due_date, "provisional": d.provisional,
         "met_at": d.met_at, "overdue": d.is_overdue}
        for d in selectors.deadlines_for(target=report, now=now)
    ] if perm.can_view_report(user, report) else []


def _out(user, report: Report, now: datetime) -> dict:
    out = {
        "number": report.number, "address": report.address, "status": report.status, "channel": report.channel,
        "received_at": report.received_at, "receiving_unit": report.receiving_unit.code,
        "discipline_unit": report.discipline_unit.code, "confirmed_at": report.confirmed_at,
        "closed_reason": report.closed_reason, "complaint_number": report.complaint_number,
        "replied_at": report.replied_at, "escalated_at": report.escalated_at,
        "deadlines": _deadlines(user, report, now), "confidential": None,
    }
    if perm.can_view_report_content(user, report):
        content = selectors.report_content(user=user, report=report)
        reply = selectors.report_reply(user=user, report=report)
        out["confidential"] = {
            "content": content.content, "reporter_name": content.reporter_name,
            "reporter_contact": content.reporter_contact, "anonymous": content.anonymous,
            "claim_code_given": bool(report.claim_code_hash),
            "attachments": [{"id": a.ordinal, "name": a.original_name, "content_type": a.content_type, "size": a.size,
                             "uploaded_at": a.uploaded_at}
                            for a in selectors.report_attachments(user=user, report=report)],
            "notes": [{"id": n.ordinal, "text": n.text, "written_by": n.written_by.display_name, "written_at": n.written_at}
                      for n in selectors.report_notes(user=user, report=report)],
            "reply": None if reply is None else {
                "outcome": reply.outcome, "feedback_method": reply.feedback_method,
                "feedback_content": reply.feedback_content, "feedback_at": reply.feedback_at,
                "recorded_by": reply.recorded_by.display_name, "recorded_at": reply.recorded_at,
            },
        }
    return out


def _run(action):
    """Service errors as API answers: 422 naming the field, 403 for an action that is not the
    caller's (RuleViolation goes to the API's 409 handler)."""
    try:
        return action()
    except services.ReportInvalid as exc:
        raise _invalid(exc.field, exc.message) from None
    except services.NotPermitted:
        raise HttpError(403, "this action is not yours to take") from None
    except Report.DoesNotExist:
        raise Http404("Not Found") from None


@router.post("", response={201: ReportCreatedOut}, summary="Take a report (front-line staff)")
def create_report(request: HttpRequest, payload: ReportIn):
    """Channel, when it was received (default now; Asia/Shanghai without an offset), and what the
    reporter chooses to leave. `claim_code: true` returns a claim code once (only its hash is
    kept); `confirm: true` confirms it as a report at once (§6.7(iii)(5)), which opens the reply
    limit of 10 working days (§6.7(iii)(7))."""
    user = request.auth
    if not perm.can_take_report(user):
        raise HttpError(403, "only front-line staff take reports")
    now = timezone.now()
    report, code = _run(lambda: services.report_receive(
        actor=user, channel=payload.channel, received_at=_aware(payload.received_at, now), content=payload.content,
        reporter_name=payload.reporter_name, reporter_contact=payload.reporter_contact,
        claim_code_wanted=payload.claim_code, confirm=payload.confirm, now=now,
    ))
    deadlines = [
        {"kind": d.kind, "clause": d.clause, "due_at": d.due_at, "due_date": d.due_date, "provisional": d.provisional,
         "met_at": d.met_at, "overdue": d.is_overdue}
        for d in selectors.deadlines_for(target=report, now=now)
    ]
    return Answer(201, {"number": report.number, "address": report.address, "status": report.status, "deadlines": deadlines,
                        "claim_code": code})


@router.get("", response=list[ReportListOut], summary="Reports I may see")
@paginate(CappedPages, page_size=PAGE_SIZE)
def list_reports(
    request: HttpRequest, status: StatusIn | None = None, overdue: bool | None = None,
    received_from: FilterDate | None = None, received_to: FilterDate | None = None, q: str | None = None,
):
    """Discipline inspection: the reports routed to their unit, escalated first, then by due
    time; `q` searches number, content and reporter. Front line: their own unconfirmed intakes
    (no search: `q` finds nothing). Anyone else: an empty list."""
    filters = selectors.ReportFilters(status=status, overdue=overdue, received_from=received_from,
                                      received_to=received_to, q=q)
    return selectors.report_list(user=request.auth, filters=filters, now=timezone.now())


@router.get("/kpis", response=KpisOut, summary="Reply KPIs of a month (discipline inspection)")
def kpis(request: HttpRequest, month: str | None = None):
    """Confirmed reports received in `month` (YYYY-MM, default this month): received, replied,
    reply rate, replied on time (before the 10-working-day limit ends), on-time rate, overdue now."""
    now = timezone.now()
    if not perm.can_view_report_kpis(request.auth):
        raise Http404("Not Found")
    if month is None:
        month_date = timezone.localdate(now).replace(day=1)
    else:
        try:
            month_date = datetime.strptime(month, "%Y-%m").date()
        except ValueError:
            raise _invalid("month", "须为 YYYY-MM", where="query") from None
        if not 2000 <= month_date.year <= 2100:
            raise _invalid("month", "年份须在 2000 到 2100 之间", where="query")
    k = selectors.report_kpis(user=request.auth, month_date=month_date, now=now)
    return {"month": f"{month_date:%Y-%m}", **vars(k)}


@router.get("/{address}", response=ReportOut, summary="One report")
def get_report(request: HttpRequest, address: str):
    return _out(request.auth, _get(request, address), timezone.now())


def _transition(request: HttpRequest, address: str, action) -> dict:
    report = _get(request, address)
    now = timezone.now()
    _run(lambda: action(report, now))
    try:
        report = selectors.report_get(user=request.auth, address=address)
    except Report.DoesNotExist:
        # Confirmed by the front line: from now on the report is discipline inspection's alone.
        return {"number": report.number, "address": report.address, "status": Status.WITH_DISCIPLINE.value,
                "channel": report.channel, "received_at": report.received_at,
                "receiving_unit": report.receiving_unit.code, "discipline_unit": report.discipline_unit.code,
                "confirmed_at": now, "closed_reason": "", "complaint_number": "", "replied_at": None,
                "escalated_at": None, "deadlines": [], "confidential": None}
    return _out(request.auth, report, now)


@router.post("/{address}/confirm", response=ReportOut, summary="Confirm as a report (§6.7(iii)(5))")
def confirm(request: HttpRequest, address: str):
    """Goes to discipline inspection; the front line will get 404 for it from now on."""
    return _transition(request, address, lambda r, now: services.report_confirm(actor=request.auth, report=r, now=now))


@router.post("/{address}/not-a-report", response=ReportOut, summary="Close: not a report (§6.7(i-ii))")
def not_a_report(request: HttpRequest, address: str, payload: NotAReportIn):
    return _transition(request, address, lambda r, now: services.report_close_not_a_report(
        actor=request.auth, report=r, reason=payload.reason, complaint_number=payload.complaint_number,
        open_complaint=payload.open_complaint, now=now))


@router.post("/{address}/investigate", response=ReportOut, summary="Start the investigation (§6.7(i-ii))")
def investigate(request: HttpRequest, address: str):
    return _transition(request, address,
                       lambda r, now: services.report_investigate(actor=request.auth, report=r, now=now))


@router.post("/{address}/notes", response={201: IdOut}, summary="Add an investigation note")
def add_note(request: HttpRequest, address: str, payload: NoteIn):
    report = _get(request, address)
    note = _run(lambda: services.report_note_add(actor=request.auth, report=report, text=payload.text,
                                                 now=timezone.now()))
    return Answer(201, {"id": note.ordinal})


@router.post("/{address}/reply", response=ReportOut, summary="Record outcome and feedback (§6.7(iii)(7))")
def reply(request: HttpRequest, address: str, payload: ReportReplyIn):
    """Meets the reply limit. `feedback_at` defaults to now (Asia/Shanghai without an offset)."""
    def record(report, now):
        return services.report_reply(
            actor=request.auth, report=report, outcome=payload.outcome, feedback_method=payload.feedback_method,
            feedback_content=payload.feedback_content, feedback_at=_aware(payload.feedback_at, now), now=now)

    return _transition(request, address, record)


@router.post("/{address}/attachments", response={201: IdOut}, summary="Attach a file (PDF, JPEG, PNG)")
def add_attachment(request: HttpRequest, address: str, file: UploadedFile = REQUIRED_FILE):
    report = _get(request, address)
    incoming = services.IncomingFile(name=file.name or "", data=file.read())
    attachment = _run(lambda: services.report_attachment_add(actor=request.auth, report=report, file=incoming,
                                                             now=timezone.now()))
    return Answer(201, {"id": attachment.ordinal})


@router.get("/{address}/attachments/{attachment_id}", summary="Download an attachment")
def get_attachment(request: HttpRequest, address: str, attachment_id: DbId):
    """`attachment_id`: the attachment's number within the report, as `confidential.attachments` gives it."""
    report = _get(request, address)
    try:
        attachment = selectors.report_attachment_get(user=request.auth, report=report, ordinal=attachment_id)
    except (Report.DoesNotExist, ReportAttachment.DoesNotExist):
        raise Http404("Not Found") from None
    try:
        data = blob_read(services.BLOB_NAMESPACE, attachment.sha256)
    except BlobMissing:
        raise Http404("Not Found") from None
    return FileResponse(io.BytesIO(data), content_type=attachment.content_type, as_attachment=True,
                        filename=f"{report.number}-{attachment.ordinal}")


@router.post("/{address}/claim-secret-reset", response=ReportOut,
             summary="Reset the claim secret (discipline inspection, §6.7(i-ii))")
def claim_secret_reset(request: HttpRequest, address: str, payload: ClaimSecretResetIn):
    """Clears a claim secret someone other than the reporter set; the next claim with the code may
    set a new one. `reason` is required. Discipline inspection of the report's unit only: the
    front-line receiver gets 403, anyone else 404; a report without a secret: 409."""
    return _transition(request, address, lambda r, now: services.report_claim_secret_reset(
        actor=request.auth, report=r, reason=payload.reason, now=now))
