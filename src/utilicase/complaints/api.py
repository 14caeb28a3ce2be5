"""Complaints API under /api/v1/complaints (§6.5, §6.6).

Answers: 201/200 with the complaint; 422 `{"detail": [{"loc": [...], "msg": ...}]}` naming the
field and the reason for bad input (nothing is stored); 403 for an action the caller may not
take; 409 `{"clause", "detail"}` for an action the regulation refuses now; 404 for a complaint
that is missing or out of the caller's sight (not told apart). Times are ISO 8601; a time
without an offset is Asia/Shanghai."""

from datetime import date, datetime

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Router
from ninja.errors import HttpError, ValidationError
from ninja.pagination import paginate
from ninja.responses import Status as Answer

from utilicase.calendar.selectors import deadlines_for
from utilicase.complaints import selectors, services
from utilicase.complaints.models import Complaint, ComplaintCategory
from utilicase.complaints.permissions import NotAllowed
from utilicase.complaints.schemas import (
    AssessIn,
    ComplaintCreated,
    ComplaintIn,
    ComplaintOut,
    ComplaintSummary,
    CounterRecordIn,
    FormCompleteIn,
    HandOverIn,
    KpiOut,
    LinkIn,
    RecordConfirmIn,
    ReplyAgainIn,
    ReplyIn,
    ReturnVisitIn,
    RouteIn,
    StatusCode,
)
from utilicase.config.api_types import CappedPages, Day, DbId, Text, invalid_input
from utilicase.core.workdays import EARLIEST_YEAR, LATEST_YEAR, is_overdue
from utilicase.customers.domain.fields import FieldInvalid, parse_month
from utilicase.org.models import Unit, User

router = Router(tags=["complaints"])

PAGE_SIZE = 50

# -- helpers ---------------------------------------------------------------------------------------

def _get(request: HttpRequest, complaint_id: DbId, now: datetime) -> Complaint:
    try:
        return selectors.complaint_get(user=request.auth, id=complaint_id, now=now)
    except Complaint.DoesNotExist:
        raise Http404("complaint not found") from None


def _out(request: HttpRequest, complaint_id: DbId, now: datetime) -> Complaint:
    complaint = _get(request, complaint_id, now)
    complaint.deadlines = list(deadlines_for(target=complaint, now=now))
    complaint.actions = [
        {"name": a.name, "clause": a.clause, "allowed": a.refusal is None, "permitted": a.permitted,
         "refused_clause": a.refusal.clause if a.refusal else None,
         "refused_detail": a.refusal.message if a.refusal else None}
        for a in selectors.complaint_actions(user=request.auth, complaint=complaint)
    ]
    return complaint


def _run(request: HttpRequest, complaint_id: DbId, action, **lookups):
    """Perform one service call on a visible complaint and answer with the complaint."""
    now = timezone.now()
    complaint = _get(request, complaint_id, now)
    try:
        action(complaint=complaint, now=now)
    except NotAllowed as exc:
        raise HttpError(403, str(exc)) from None
    except services.ComplaintInvalid as exc:
        raise invalid_input(exc.errors, rename=lookups) from None
    return _out(request, complaint_id, now)


def _user(username: str | None, field: str) -> User | None:
    if username is None:
        return None
    user = User.objects.filter(username=username).first()
    if user is None:
        raise invalid_input({field: f"no member of staff {username!r}"})
    return user


# -- routes ----------------------------------------------------------------------------------------

@router.get("/kpis", response=KpiOut, summary="Complaint KPIs per unit for a month (§6.6(8))")
def kpis(request: HttpRequest, month: Text | None = None):
    """`month` is YYYY-MM (the current month if left out). Each complaint counts for the unit
    answerable for its reply: the routed unit, or the receiving hall until it is routed. Rates
    are fractions (1.0 = 100%), null when nothing was received; on-time rate = replied on time /
    received; median time to reply is plain elapsed hours from the start of reception. `routing`:
    per receiving hall, the complaints first passed on and the median minutes from the completed
    form to that first routing (§6.6(6))."""
    now = timezone.now()
    if month is None:
        local = timezone.localtime(now)
        month_date = date(local.year, local.month, 1)
    else:
        try:
            month_date = parse_month(month)
        except FieldInvalid as exc:
            raise ValidationError([{"type": "value_error", "loc": ["query", "month"], "msg": exc.message}]) from None
        if not EARLIEST_YEAR <= month_date.year <= LATEST_YEAR:
            raise ValidationError([{"type": "value_error", "loc": ["query", "month"],
                                    "msg": f"the year must be between {EARLIEST_YEAR} and {LATEST_YEAR}"}])
    table = selectors.complaint_kpis(user=request.auth, month_date=month_date, now=now)
    return {"month": f"{month_date:%Y-%m}", "total": vars(table.total),
            "units": [{"unit": {"code": u.code, "name": u.name}, **vars(f)} for u, f in table.rows],
            "routing": [{"hall": {"code": h.code, "name": h.name}, **vars(f)} for h, f in table.routing],
            "routing_total": vars(table.routing_total)}


@router.post("", response={201: ComplaintCreated}, summary="Take a complaint (§6.5(i))")
def create(request: HttpRequest, payload: ComplaintIn):
    """By service-hall staff or the hall head, at their hall. Give the customer by
    `customer_account` (exact, within the hall's company) or `customer_id`, or else
    `contact_name` and `contact_phone`."""
    now = timezone.now()
    customer = None
    if payload.customer_id is not None:
        customer = selectors.intake_customer(user=request.auth, id=payload.customer_id)
        if customer is None:
            raise invalid_input({"customer_id": "no customer with this id in the hall's company"})
    elif payload.customer_account:
        matches = selectors.intake_customers_by_account(user=request.auth, account=payload.customer_account)
        if not matches:
            raise invalid_input({"customer_account": f"no customer with account number {payload.customer_account!r}"
                                                " in the hall's company"})
        if len(matches) > 1:
            raise invalid_input({"customer_account": "this account number exists in several enterprises "
                                                f"({', '.join(c.enterprise.code for c in matches)}): give customer_id"})
        customer = matches[0]
    try:
        complaint = services.complaint_receive(
            actor=request.auth, channel=payload.channel, customer=customer, contact_name=payload.contact_name,
            contact_phone=payload.contact_phone, no_contact=payload.no_contact, content=payload.content,
            reception_started_at=payload.reception_started_at, reception_ended_at=payload.reception_ended_at, now=now)
    except NotAllowed as exc:
        raise HttpError(403, str(exc)) from None
    except services.ComplaintInvalid as exc:
        raise invalid_input(exc.errors, rename={"customer": "customer_id" if payload.customer_id else "customer_account"}) \
            from None
    deadlines = [d for d in (complaint.form_deadline, complaint.reply_deadline) if d is not None]
    for d in deadlines:
        d.is_overdue = is_overdue(d.due_at, now)
    return Answer(201, {"id": complaint.pk, "number": complaint.number, "status": complaint.status,
                        "deadlines": deadlines})


@router.get("", response=list[ComplaintSummary], summary="Complaints the caller may see")
@paginate(CappedPages, page_size=PAGE_SIZE)
def list_complaints(
    request: HttpRequest, status: StatusCode | None = None, overdue: bool | None = None, unit: Text | None = None,
    received_from: Day | None = None, received_to: Day | None = None,
):
    """Newest first. `overdue`: an open deadline (form or reply) has passed. `unit`: received by
    or routed to that unit (code) or a unit below it. `received_from`/`received_to`: dates of
    acceptance, both included."""
    unit_row = None
    if unit is not None:
        unit_row = Unit.objects.filter(code=unit).first()
        if unit_row is None:
            raise ValidationError([{"type": "value_error", "loc": ["query", "unit"], "msg": f"no unit {unit!r}"}])
    filters = selectors.Filters(status=status, overdue=overdue, unit=unit_row, received_from=received_from,
                                received_to=received_to)
    return selectors.complaint_list(user=request.auth, now=timezone.now(), filters=filters)


@router.get("/{complaint_id}", response=ComplaintOut, summary="One complaint")
def get(request: HttpRequest, complaint_id: DbId):
    return _out(request, complaint_id, timezone.now())


@router.post("/{complaint_id}/form-complete", response=ComplaintOut, summary="Complete the form (§6.6(6))")
def form_complete(request: HttpRequest, complaint_id: DbId, payload: FormCompleteIn):
    return _run(request, complaint_id, lambda **kw: services.complaint_form_complete(
        actor=request.auth, content=payload.content, **kw))


@router.post("/{complaint_id}/record-confirm", response=ComplaintOut,
             summary="The customer confirmed the record (§6.5(ii)(7))")
def record_confirm(request: HttpRequest, complaint_id: DbId, payload: RecordConfirmIn):
    return _run(request, complaint_id, lambda **kw: services.complaint_record_confirm(
        actor=request.auth, method=payload.method, signer_name=payload.signer_name, signature=payload.signature,
        contact=payload.contact, answer=payload.answer, **kw))


@router.post("/{complaint_id}/vip-room", response=ComplaintOut,
             summary="The upset visitor was taken to the VIP room (§6.5(ii)(2))")
def vip_room(request: HttpRequest, complaint_id: DbId, payload: CounterRecordIn):
    """Visits only, once: who (the caller) and when (`at`, default now)."""
    return _run(request, complaint_id, lambda **kw: services.complaint_counter_record(
        actor=request.auth, kind="vip_room", at=payload.at, **kw))


@router.post("/{complaint_id}/hall-head-told", response=ComplaintOut,
             summary="The hall head was told of a complaint made mid-service (§6.5(ii)(3))")
def hall_head_told(request: HttpRequest, complaint_id: DbId, payload: CounterRecordIn):
    """Visits only, once: who told (the caller) and when (`at`, default now)."""
    return _run(request, complaint_id, lambda **kw: services.complaint_counter_record(
        actor=request.auth, kind="hall_head_told", at=payload.at, **kw))


@router.post("/{complaint_id}/hand-over", response=ComplaintOut,
             summary="Hand over first-contact responsibility (§6.5(ii)(1))")
def hand_over(request: HttpRequest, complaint_id: DbId, payload: HandOverIn):
    to_user = _user(payload.to, "to")
    return _run(request, complaint_id, lambda **kw: services.complaint_hand_over(
        actor=request.auth, to_user=to_user, note=payload.note, **kw), to_user="to")


@router.post("/{complaint_id}/assess", response=ComplaintOut, summary="Classify and assess (§6.6(1-4))")
def assess(request: HttpRequest, complaint_id: DbId, payload: AssessIn):
    category = ComplaintCategory.objects.filter(code=payload.category, is_active=True).first()
    if category is None:
        raise invalid_input({"category": f"no complaint category {payload.category!r}"})
    return _run(request, complaint_id, lambda **kw: services.complaint_assess(
        actor=request.auth, category=category, impact=payload.impact, is_valid=payload.is_valid,
        validity_reason=payload.validity_reason, company_at_fault=payload.company_at_fault,
        apology_text=payload.apology_text, **kw))


@router.post("/{complaint_id}/route", response=ComplaintOut,
             summary="Route to a department, the hall head, or leadership (§6.5(i), §6.6(4), §6.6(7))")
def route(request: HttpRequest, complaint_id: DbId, payload: RouteIn):
    unit = Unit.objects.filter(code=payload.unit).first()
    if unit is None:
        raise invalid_input({"unit": f"no unit {payload.unit!r}"})
    handler = _user(payload.handler, "handler")
    return _run(request, complaint_id, lambda **kw: services.complaint_route(
        actor=request.auth, unit=unit, handler=handler, reason=payload.reason, **kw))


@router.post("/{complaint_id}/reply", response=ComplaintOut, summary="Record the reply (§6.6(8))")
def reply(request: HttpRequest, complaint_id: DbId, payload: ReplyIn):
    return _run(request, complaint_id, lambda **kw: services.complaint_reply(
        actor=request.auth, method=payload.method, content=payload.content, **kw))


@router.post("/{complaint_id}/close", response=ComplaintOut, summary="Close a replied complaint (§6.6(8))")
def close(request: HttpRequest, complaint_id: DbId):
    return _run(request, complaint_id, lambda **kw: services.complaint_close(actor=request.auth, **kw))


@router.post("/{complaint_id}/return-visit", response=ComplaintOut,
             summary="Call the customer back after the reply (回访, §6.6(8))")
def return_visit(request: HttpRequest, complaint_id: DbId, payload: ReturnVisitIn):
    """The hall that received the complaint records the call back: reached or not and, when
    reached, how satisfied. DISSATISFIED reopens the complaint (REOPENED) to the one who replied,
    due in 5 working days from the visit; it must be answered again before it is closed."""
    return _run(request, complaint_id, lambda **kw: services.complaint_return_visit(
        actor=request.auth, method=payload.method, reached=payload.reached, satisfaction=payload.satisfaction or "",
        comment=payload.comment, **kw))


@router.post("/{complaint_id}/reply-again", response=ComplaintOut,
             summary="Answer again a customer not satisfied at the return visit (§6.6(8))")
def reply_again(request: HttpRequest, complaint_id: DbId, payload: ReplyAgainIn):
    return _run(request, complaint_id, lambda **kw: services.complaint_reply_again(
        actor=request.auth, content=payload.content, **kw))


@router.post("/{complaint_id}/links", response=ComplaintOut, summary="Link to a customer or an incident")
def link(request: HttpRequest, complaint_id: DbId, payload: LinkIn):
    return _run(request, complaint_id, lambda **kw: services.complaint_link(
        actor=request.auth, target_type=payload.target_type, target_id=payload.target_id, label=payload.label, **kw))
