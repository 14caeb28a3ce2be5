"""Inspections API under /api/v1/inspections (§2.4, §2.5, §2.6(1)).

Answers: 201/200 with the order (or plan); 422 `{"detail": [{"loc": [...], "msg": ...}]}` naming
the field and the reason for bad input (nothing is stored); 403 for an action the caller may
not take; 409 `{"clause", "detail"}` for an action the regulation refuses now; 404 for an order
that is missing or out of the caller's sight (not told apart). Times are ISO 8601; a time
without an offset is Asia/Shanghai. A tip-off's source is never shown: only that the order came
from a tip-off."""

from datetime import date, datetime

from django.db.models import BooleanField, Case, Q, Value, When
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Router
from ninja.errors import HttpError, ValidationError
from ninja.pagination import paginate
from ninja.responses import Status as Answer

from utilicase.calendar.selectors import deadlines_for, overdue_q
from utilicase.config.api_types import CappedPages, DbId, invalid_input
from utilicase.core.workdays import EARLIEST_YEAR, LATEST_YEAR
from utilicase.customers.domain.fields import FieldInvalid, parse_month
from utilicase.customers.models import Customer
from utilicase.inspections import selectors, services
from utilicase.inspections.models import InspectionOrder, InspectionPlan, Rectification, Referral
from utilicase.inspections.permissions import NotAllowed
from utilicase.inspections.schemas import (
    KindCode,
    OrderAppointIn,
    OrderArriveIn,
    OrderChangeIn,
    OrderFindingIn,
    OrderIn,
    OrderInspectorsIn,
    OrderOperationIn,
    OrderOut,
    OrderReturnIn,
    OrderSummary,
    OrderTipOffIn,
    OverdueRectificationRow,
    PlanCompletionOut,
    PlanEntryIn,
    PlanGeneratedOut,
    PlanIn,
    PlanOut,
    RectificationRefuseIn,
    RectificationReinspectIn,
    ReferralOutcomeIn,
    StatusCode,
    Text,
    TipOffLinked,
)
from utilicase.org.models import Unit, User

router = Router(tags=["inspections"])

PAGE_SIZE = 50


# -- helpers ---------------------------------------------------------------------------------------

def _users(usernames: list[str], field: str) -> list[User]:
    found = {u.username: u for u in User.objects.filter(username__in=usernames).select_related("unit")}
    missing = [name for name in usernames if name not in found]
    if missing:
        raise invalid_input({field: f"no member of staff {', '.join(repr(m) for m in missing)}"})
    return [found[name] for name in usernames]


def _month(value: str | None, loc: list[str]) -> date:
    if value is None:
        local = timezone.localtime(timezone.now())
        return date(local.year, local.month, 1)
    try:
        month = parse_month(value)
    except FieldInvalid as exc:
        raise ValidationError([{"type": "value_error", "loc": loc, "msg": exc.message}]) from None
    if not EARLIEST_YEAR <= month.year <= LATEST_YEAR:
        raise ValidationError([{"type": "value_error", "loc": loc,
                                "msg": f"the year must be between {EARLIEST_YEAR} and {LATEST_YEAR}"}])
    return month


def _get(request: HttpRequest, order_id: int, now: datetime) -> InspectionOrder:
    try:
        return selectors.order_get(user=request.auth, id=order_id, now=now)
    except InspectionOrder.DoesNotExist:
        raise Http404("inspection order not found") from None


def _out(request: HttpRequest, order_id: int, now: datetime) -> InspectionOrder:
    order = _get(request, order_id, now)
    order.deadlines = list(deadlines_for(target=order, now=now))
    order.assignment_rows = list(selectors.assignments(order=order))
    order.operation_rows = list(order.operations.select_related("recorded_by").order_by("recorded_at", "id"))
    order.finding_rows = list(selectors.findings(order=order))
    order.rectification_rows = list(selectors.rectifications(order=order).annotate(
        is_overdue=Case(When(overdue_q("due_at", now) & Q(status="OPEN"), then=Value(True)), default=Value(False),
                        output_field=BooleanField())))
    order.actions = [
        {"name": a.name, "clause": a.clause, "allowed": a.refusal is None, "permitted": a.permitted,
         "refused_clause": a.refusal.clause if a.refusal else None,
         "refused_detail": a.refusal.message if a.refusal else None}
        for a in selectors.order_actions(user=request.auth, order=order)
    ]
    return order


def _run(request: HttpRequest, order_id: int, action, **rename):
    """One service call on a visible order, answered with the order."""
    now = timezone.now()
    order = _get(request, order_id, now)
    try:
        action(order=order, now=now)
    except NotAllowed as exc:
        raise HttpError(403, str(exc)) from None
    except services.InspectionInvalid as exc:
        raise invalid_input(exc.errors, rename=rename) from None
    return _out(request, order_id, now)


def _call(action, **rename):
    try:
        return action()
    except NotAllowed as exc:
        raise HttpError(403, str(exc)) from None
    except services.InspectionInvalid as exc:
        raise invalid_input(exc.errors, rename=rename) from None


def _plan(request: HttpRequest, plan_id: int) -> InspectionPlan:
    try:
        plan = selectors.plan_get(user=request.auth, id=plan_id)
    except InspectionPlan.DoesNotExist:
        raise Http404("inspection plan not found") from None
    plan.entry_rows = list(selectors.plan_entries(plan=plan))
    return plan


# -- plans (§2.5(1)) ---------------------------------------------------------------------------------

@router.get("/plans/completion", response=list[PlanCompletionOut], summary="Plan completion per office (§2.5(1))")
def plan_completion(request: HttpRequest, month: Text | None = None):
    """`month` is YYYY-MM (the current month if left out). Per office and utility: entries
    planned, done (the inspectors have left the site, or later), overdue (not done and the
    planned date has passed); `rate` = done / planned."""
    month_date = _month(month, ["query", "month"])
    rows = selectors.plan_completion(user=request.auth, month_date=month_date, now=timezone.now())
    return [{"plan_id": r.plan_id, "office": r.office.code, "utility": r.utility, "month": f"{r.month_date:%Y-%m}",
             "planned": r.planned, "done": r.done, "overdue": r.overdue, "rate": r.rate} for r in rows]


@router.get("/plans", response=list[PlanOut], summary="Monthly inspection plans the caller may see")
def list_plans(request: HttpRequest, month: Text | None = None):
    month_date = _month(month, ["query", "month"]) if month is not None else None
    plans = list(selectors.plan_list(user=request.auth, month_date=month_date)[:200])
    for plan in plans:
        plan.entry_rows = list(selectors.plan_entries(plan=plan))
    return plans


@router.post("/plans", response={201: PlanOut}, summary="Make a monthly inspection plan (§2.5(1))")
def create_plan(request: HttpRequest, payload: PlanIn):
    office = Unit.objects.filter(code=payload.office).first()
    if office is None:
        raise invalid_input({"office": f"no unit {payload.office!r}"})
    month_date = _month(payload.month, ["body", "payload", "month"])
    plan = _call(lambda: services.plan_create(actor=request.auth, office=office, utility=payload.utility,
                                              month_date=month_date, now=timezone.now()))
    return Answer(201, _plan(request, plan.pk))


@router.get("/plans/{plan_id}", response=PlanOut, summary="One plan with its entries")
def get_plan(request: HttpRequest, plan_id: DbId):
    return _plan(request, plan_id)


@router.post("/plans/{plan_id}/entries", response={201: PlanOut}, summary="Put a customer on the plan")
def add_entry(request: HttpRequest, plan_id: DbId, payload: PlanEntryIn):
    plan = _plan(request, plan_id)
    customer = Customer.objects.filter(pk=payload.customer_id).select_related("enterprise").first()
    if customer is None:
        raise invalid_input({"customer_id": "no such customer"})
    inspectors = _users(payload.inspectors, "inspectors")
    _call(lambda: services.plan_entry_add(actor=request.auth, plan=plan, customer=customer,
                                          planned_date=payload.planned_date, inspectors=inspectors,
                                          now=timezone.now()), customer="customer_id")
    return Answer(201, _plan(request, plan_id))


@router.post("/plans/{plan_id}/generate", response=PlanGeneratedOut,
             summary="Generate the routine orders of the plan (§2.5(1)); safe to repeat")
def generate(request: HttpRequest, plan_id: DbId):
    plan = _plan(request, plan_id)
    made = _call(lambda: services.plan_generate_orders(actor=request.auth, plan=plan, now=timezone.now()))
    return {"orders": [o.number for o in made]}


# -- orders (§2.4) -------------------------------------------------------------------------------------

@router.post("/orders", response={201: OrderOut}, summary="Open an inspection order (§2.4(3))")
def create_order(request: HttpRequest, payload: OrderIn):
    """A routine order is organised by the customer's office and approved by its head; a special
    or accident order is organised by the caller's unit and approved by its head. A special order
    gives its `trigger` (§2.6(1)): SUSPICION with `suspicion_source`, or TIP_OFF (linked with
    /orders/{id}/tip-off by whoever may see the source)."""
    now = timezone.now()
    customer = (selectors.order_customers(user=request.auth).filter(pk=payload.customer_id).first())
    if customer is None:
        raise invalid_input({"customer_id": "no customer with this id served by your unit"})
    inspectors = _users(payload.inspectors, "inspectors")
    order = _call(lambda: services.order_create(
        actor=request.auth, kind=payload.kind, customer=customer, purpose=payload.purpose, items=payload.items,
        planned_date=payload.planned_date, inspectors=inspectors, support_police=payload.support_police,
        support_technical=payload.support_technical, support_note=payload.support_note,
        trigger=payload.trigger or "", suspicion_source=payload.suspicion_source or "",
        trigger_note=payload.trigger_note, now=now), customer="customer_id")
    return Answer(201, _out(request, order.pk, now))


@router.get("/orders", response=list[OrderSummary], summary="Inspection orders the caller may see")
@paginate(CappedPages, page_size=PAGE_SIZE)
def list_orders(request: HttpRequest, status: StatusCode | None = None, kind: KindCode | None = None,
                office: Text | None = None):
    office_row = None
    if office is not None:
        office_row = Unit.objects.filter(code=office).first()
        if office_row is None:
            raise ValidationError([{"type": "value_error", "loc": ["query", "office"], "msg": f"no unit {office!r}"}])
    return selectors.order_list(user=request.auth, now=timezone.now(),
                                filters=selectors.Filters(status=status, kind=kind, office=office_row))


@router.get("/orders/{order_id}", response=OrderOut, summary="One inspection order")
def get_order(request: HttpRequest, order_id: DbId):
    return _out(request, order_id, timezone.now())


@router.post("/orders/{order_id}/change", response=OrderOut, summary="Change a draft order (§2.4(3))")
def change(request: HttpRequest, order_id: DbId, payload: OrderChangeIn):
    return _run(request, order_id, lambda **kw: services.order_update(
        actor=request.auth, purpose=payload.purpose, items=payload.items, planned_date=payload.planned_date,
        support_police=payload.support_police, support_technical=payload.support_technical,
        support_note=payload.support_note, trigger_note=payload.trigger_note, **kw))


@router.post("/orders/{order_id}/inspectors", response=OrderOut, summary="Assign the inspectors of a draft")
def assign(request: HttpRequest, order_id: DbId, payload: OrderInspectorsIn):
    inspectors = _users(payload.inspectors, "inspectors")
    return _run(request, order_id, lambda **kw: services.order_assign_inspectors(
        actor=request.auth, inspectors=inspectors, **kw))


@router.post("/orders/{order_id}/tip-off", response=TipOffLinked,
             summary="Link a special order to the tip-off that started it (§2.6(1))")
def link_tip_off(request: HttpRequest, order_id: DbId, payload: OrderTipOffIn):
    """By whoever may see the source: discipline inspection a whistleblower report, the hall or
    the handling department a complaint (by its number). The answer shows nothing more of the
    order than its number, and nothing of the source."""
    try:
        order = selectors.order_for_tip_off(user=request.auth, id=order_id)
    except InspectionOrder.DoesNotExist:
        raise Http404("inspection order not found") from None
    order = _call(lambda: services.order_link_tip_off(
        actor=request.auth, order=order, source_type=payload.source_type, source_number=payload.source_number,
        now=timezone.now()))
    return {"number": order.number, "trigger": order.trigger, "tip_off_linked": bool(order.source_id)}


@router.post("/orders/{order_id}/submit", response=OrderOut, summary="Submit for approval (§2.4(3))")
def submit(request: HttpRequest, order_id: DbId):
    return _run(request, order_id, lambda **kw: services.order_submit(actor=request.auth, **kw))


@router.post("/orders/{order_id}/approve", response=OrderOut, summary="Approve (§2.4(3))")
def approve(request: HttpRequest, order_id: DbId):
    return _run(request, order_id, lambda **kw: services.order_approve(actor=request.auth, **kw))


@router.post("/orders/{order_id}/return", response=OrderOut, summary="Send back to draft (§2.4(3))")
def return_order(request: HttpRequest, order_id: DbId, payload: OrderReturnIn):
    return _run(request, order_id, lambda **kw: services.order_return(actor=request.auth, reason=payload.reason,
                                                                       **kw))


@router.post("/orders/{order_id}/appoint", response=OrderOut,
             summary="Book the appointment with the customer (§2.4(2))")
def appoint(request: HttpRequest, order_id: DbId, payload: OrderAppointIn):
    return _run(request, order_id, lambda **kw: services.order_appoint(
        actor=request.auth, appointment_at=payload.appointment_at, contact=payload.contact, method=payload.method,
        **kw))


@router.post("/orders/{order_id}/arrive", response=OrderOut,
             summary="Arrive on site with two certified inspectors, certificates shown (§2.4(4))")
def arrive(request: HttpRequest, order_id: DbId, payload: OrderArriveIn):
    present = _users(payload.present, "present")
    return _run(request, order_id, lambda **kw: services.order_arrive(
        actor=request.auth, present=present, certificates_shown=payload.certificates_shown, **kw))


def _stage_route(name: str, summary: str):
    service = services.STAGE_SERVICES[name]

    def move(request: HttpRequest, order_id: DbId):
        return _run(request, order_id, lambda **kw: service(actor=request.auth, **kw))

    move.__name__ = f"order_{name}"
    router.post(f"/orders/{{order_id}}/{name}", response=OrderOut, summary=summary)(move)


_stage_route("prepare", "Preparation done (§2.4(2))")
_stage_route("inspect", "Start the inspection (§2.4(4))")
_stage_route("leave", "Leave the site (§2.4(2))")
_stage_route("archive", "Archive the records (§2.4(2))")
_stage_route("close", "End the inspection; every rectification accepted or referred (§2.5(3))")


@router.post("/orders/{order_id}/operations", response=OrderOut,
             summary="Record an operation of customer equipment (§2.4(4))")
def operation(request: HttpRequest, order_id: DbId, payload: OrderOperationIn):
    return _run(request, order_id, lambda **kw: services.order_record_operation(
        actor=request.auth, equipment=payload.equipment, operation=payload.operation, consent=payload.consent,
        consent_by=payload.consent_by, operator_name=payload.operator_name, **kw))


@router.post("/orders/{order_id}/findings", response=OrderOut, summary="Record a finding (§2.5(2))")
def finding(request: HttpRequest, order_id: DbId, payload: OrderFindingIn):
    """`evidence_numbers`: register numbers of the order's evidence items (evidence API, target
    type `inspections.inspectionorder`). With `rectification_required`, give the `requirement`
    and the `due_date` (§2.5(3))."""
    return _run(request, order_id, lambda **kw: services.finding_record(
        actor=request.auth, finding_type=payload.finding_type, description=payload.description,
        evidence_numbers=payload.evidence_numbers, rectification_required=payload.rectification_required,
        requirement=payload.requirement, due_date=payload.due_date, **kw))


# -- the rectification loop (§2.5(3)) ----------------------------------------------------------------------

def _rectification(request: HttpRequest, rectification_id: int) -> Rectification:
    try:
        return selectors.rectification_get(user=request.auth, id=rectification_id)
    except Rectification.DoesNotExist:
        raise Http404("rectification not found") from None


@router.post("/rectifications/{rectification_id}/reinspect", response=OrderOut,
             summary="Re-inspect a rectification: NOT_YET or ACCEPTED (§2.5(3))")
def reinspect(request: HttpRequest, rectification_id: DbId, payload: RectificationReinspectIn):
    rectification = _rectification(request, rectification_id)
    now = timezone.now()
    _call(lambda: services.rectification_reinspect(actor=request.auth, rectification=rectification,
                                                   result=payload.result, note=payload.note,
                                                   inspected_on=payload.inspected_on, now=now))
    return _out(request, rectification.order_id, now)


@router.post("/rectifications/{rectification_id}/refuse", response=OrderOut,
             summary="The customer refuses to rectify: refer to the authority (§2.5(3))")
def refuse(request: HttpRequest, rectification_id: DbId, payload: RectificationRefuseIn):
    rectification = _rectification(request, rectification_id)
    now = timezone.now()
    _call(lambda: services.rectification_refuse(actor=request.auth, rectification=rectification,
                                                recipient=payload.recipient, referred_on=payload.referred_on,
                                                documents=payload.documents, now=now))
    return _out(request, rectification.order_id, now)


@router.post("/referrals/{referral_id}/outcome", response=OrderOut, summary="Record a referral's outcome (§2.5(3))")
def referral_outcome(request: HttpRequest, referral_id: DbId, payload: ReferralOutcomeIn):
    try:
        referral = selectors.referral_get(user=request.auth, id=referral_id)
    except Referral.DoesNotExist:
        raise Http404("referral not found") from None
    now = timezone.now()
    _call(lambda: services.referral_record_outcome(actor=request.auth, referral=referral, outcome=payload.outcome,
                                                   now=now))
    return _out(request, referral.rectification.order_id, now)


# -- work lists -----------------------------------------------------------------------------------------

@router.get("/work/today", response=list[OrderSummary], summary="My orders for today (and still to do)")
@paginate(CappedPages, page_size=PAGE_SIZE)
def work_today(request: HttpRequest):
    return selectors.my_orders_today(user=request.auth, now=timezone.now())


@router.get("/work/to-approve", response=list[OrderSummary], summary="Orders waiting for my approval (§2.4(3))")
@paginate(CappedPages, page_size=PAGE_SIZE)
def work_to_approve(request: HttpRequest):
    return selectors.orders_to_approve(user=request.auth, now=timezone.now())


@router.get("/work/overdue-rectifications", response=list[OverdueRectificationRow],
            summary="Rectifications past their deadline (§2.5(3))")
@paginate(CappedPages, page_size=PAGE_SIZE)
def work_overdue(request: HttpRequest):
    return selectors.overdue_rectifications(user=request.auth, now=timezone.now())
