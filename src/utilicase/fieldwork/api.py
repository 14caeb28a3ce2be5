"""Field service API under /api/v1/fieldwork (§4.3, §4.4).

Answers: 201/200 with the order; 422 `{"detail": [{"loc": [...], "msg": ...}]}` naming the field
and the reason for bad input (nothing is stored); 403 for an action the caller may not take; 409
`{"clause", "detail"}` for an action the regulation refuses now; 404 for an order that is missing
or out of the caller's sight (not told apart).

The public rating endpoints (`/ratings/{token}`) need no login: the token of a one-time link
(§4.4(5)) is the only key; failed attempts are throttled per client (429)."""

from datetime import timedelta

from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router
from ninja.errors import HttpError
from ninja.pagination import paginate
from ninja.responses import Status as Answer

from utilicase.calendar.models import Deadline
from utilicase.config.api_types import CappedPages, DbId, invalid_input
from utilicase.customers.models import Customer
from utilicase.fieldwork import selectors, services
from utilicase.fieldwork.models import ChecklistItem, ChecklistStage, FieldWorkOrder
from utilicase.fieldwork.permissions import NotAllowed
from utilicase.fieldwork.schemas import (
    FieldAppointIn,
    FieldArriveIn,
    FieldChecklistIn,
    FieldChecklistItemIn,
    FieldChecklistItemOut,
    FieldConfirmIn,
    FieldDamageIn,
    FieldFinishIn,
    FieldMealsIn,
    FieldOrderIn,
    FieldOrderOut,
    FieldOrderSummary,
    FieldPublicRatedOut,
    FieldPublicRatingOut,
    FieldRatingIn,
    FieldRatingLinkOut,
    FieldReasonIn,
    FieldWorkersIn,
    KindCode,
    StatusCode,
)
from utilicase.org.models import User

router = Router(tags=["fieldwork"])
PAGE_SIZE = 50


def _users(usernames: list[str], field: str) -> list[User]:
    found = {u.username: u for u in User.objects.filter(username__in=usernames).select_related("unit")}
    missing = [name for name in usernames if name not in found]
    if missing:
        raise invalid_input({field: f"no member of staff {', '.join(repr(m) for m in missing)}"})
    return [found[name] for name in usernames]


def _get(request: HttpRequest, order_id: int) -> FieldWorkOrder:
    try:
        return selectors.order_get(user=request.auth, id=order_id)
    except FieldWorkOrder.DoesNotExist:
        raise Http404("field work order not found") from None


def _out(request: HttpRequest, order_id: int) -> FieldWorkOrder:
    order = _get(request, order_id)
    order.workers_list = sorted(order.workers.values_list("username", flat=True))
    order.phone_script = selectors.phone_script(order=order, gettext=_)
    order.checklist_items = {stage: selectors.checklist_items(stage=stage, utility=order.utility)
                        for stage in ChecklistStage.values}
    order.damages_rows = list(selectors.damages(order=order))
    order.deadlines = list(Deadline.objects.filter(target_type=selectors.TARGET_TYPE, target_id=str(order.pk))
                           .order_by("due_at", "id"))
    return order


def _call(action):
    try:
        return action()
    except NotAllowed as exc:
        raise HttpError(403, str(exc)) from None
    except services.FieldworkInvalid as exc:
        raise invalid_input(exc.errors) from None


def _run(request: HttpRequest, order_id: int, action) -> FieldWorkOrder:
    order = _get(request, order_id)
    _call(lambda: action(order=order, now=timezone.now()))
    return _out(request, order_id)


# -- orders (§4.3) ------------------------------------------------------------------------------------

@router.post("/orders", response={201: FieldOrderOut}, summary="Open a field work order (§4.3)")
def create_order(request: HttpRequest, payload: FieldOrderIn):
    """One of the seven kinds of §4.3. A SUSPENSION_RESTORATION may, an INSPECTION must, name
    the case it belongs to (`link_type` and `link_id`, a case the caller may see)."""
    customer = Customer.objects.filter(pk=payload.customer_id).select_related("office", "enterprise").first()
    if customer is None:
        raise invalid_input({"customer_id": "no such customer"})
    workers = _users(payload.workers, "workers")
    order = _call(lambda: services.order_create(
        actor=request.auth, kind=payload.kind, customer=customer, description=payload.description, workers=workers,
        link_type=payload.link_type or "", link_id=payload.link_id, now=timezone.now()))
    return Answer(201, _out(request, order.pk))


@router.get("/orders", response=list[FieldOrderSummary], summary="Field work orders the caller may see")
@paginate(CappedPages, page_size=PAGE_SIZE)
def list_orders(request: HttpRequest, status: StatusCode | None = None, kind: KindCode | None = None,
                open_only: bool = False, mine: bool = False):
    if mine:
        return selectors.my_orders(user=request.auth)
    return selectors.order_list(user=request.auth, filters=selectors.Filters(
        status=status or "", kind=kind or "", open_only=open_only))


@router.get("/orders/{order_id}", response=FieldOrderOut, summary="One field work order")
def get_order(request: HttpRequest, order_id: DbId):
    return _out(request, order_id)


@router.post("/orders/{order_id}/workers", response=FieldOrderOut, summary="Assign field workers")
def assign(request: HttpRequest, order_id: DbId, payload: FieldWorkersIn):
    workers = _users(payload.workers, "workers")
    return _run(request, order_id, lambda order, now: services.order_assign_workers(
        actor=request.auth, order=order, workers=workers, now=now))


@router.post("/orders/{order_id}/cancel", response=FieldOrderOut, summary="Cancel the order")
def cancel(request: HttpRequest, order_id: DbId, payload: FieldReasonIn):
    return _run(request, order_id, lambda order, now: services.order_cancel(
        actor=request.auth, order=order, reason=payload.reason, now=now))


@router.post("/orders/{order_id}/appointment", response=FieldOrderOut, summary="Record the phone appointment (§4.4(1))")
def appoint(request: HttpRequest, order_id: DbId, payload: FieldAppointIn):
    return _run(request, order_id, lambda order, now: services.order_appoint(
        actor=request.auth, order=order, reached=payload.reached, reached_name=payload.reached_name,
        customer_contact=payload.customer_contact, slot_start=payload.slot_start, slot_end=payload.slot_end,
        address=payload.address, address_confirmed=payload.address_confirmed, preparation=payload.preparation,
        now=now))


@router.post("/orders/{order_id}/delay", response=FieldOrderOut, summary="Record a delay known beforehand (§4.4(3))")
def announce_delay(request: HttpRequest, order_id: DbId, payload: FieldReasonIn):
    return _run(request, order_id, lambda order, now: services.order_announce_delay(
        actor=request.auth, order=order, reason=payload.reason, now=now))


@router.post("/orders/{order_id}/delay/notified", response=FieldOrderOut,
             summary="The customer was told of the delay (§4.4(3))")
def notify_delay(request: HttpRequest, order_id: DbId):
    return _run(request, order_id, lambda order, now: services.order_notify_delay(
        actor=request.auth, order=order, now=now))


@router.post("/orders/{order_id}/depart", response=FieldOrderOut, summary="Leave, with the checklist ticked (§4.4(2))")
def depart(request: HttpRequest, order_id: DbId, payload: FieldChecklistIn):
    return _run(request, order_id, lambda order, now: services.order_depart(
        actor=request.auth, order=order, checked=payload.checked, now=now))


@router.post("/orders/{order_id}/arrive", response=FieldOrderOut, summary="Arrive: lateness and apology (§4.4(3))")
def arrive(request: HttpRequest, order_id: DbId, payload: FieldArriveIn):
    return _run(request, order_id, lambda order, now: services.order_arrive(
        actor=request.auth, order=order, arrived_at=payload.arrived_at, apology=payload.apology, now=now))


@router.post("/orders/{order_id}/start", response=FieldOrderOut, summary="Start work, checklist ticked (§4.4(4))")
def start_work(request: HttpRequest, order_id: DbId, payload: FieldChecklistIn):
    return _run(request, order_id, lambda order, now: services.order_start_work(
        actor=request.auth, order=order, checked=payload.checked, now=now))


@router.post("/orders/{order_id}/damages", response={201: FieldOrderOut},
             summary="Record damage and its repair or compensation (§4.4(5))")
def record_damage(request: HttpRequest, order_id: DbId, payload: FieldDamageIn):
    order = _run(request, order_id, lambda order, now: services.damage_record(
        actor=request.auth, order=order, description=payload.description, remedy=payload.remedy,
        remedy_note=payload.remedy_note, amount=payload.amount, now=now))
    return Answer(201, order)


@router.post("/orders/{order_id}/finish", response=FieldOrderOut,
             summary="Work done, borrowed items, safety reminder (§4.4(5))")
def record_finish(request: HttpRequest, order_id: DbId, payload: FieldFinishIn):
    return _run(request, order_id, lambda order, now: services.order_record_finish(
        actor=request.auth, order=order, work_done=payload.work_done, borrowed_items=payload.borrowed_items,
        borrowed_returned=payload.borrowed_returned, safety_reminder=payload.safety_reminder, now=now))


@router.post("/orders/{order_id}/confirmation", response=FieldOrderOut,
             summary="The customer signs the work order (§4.4(5))")
def confirm(request: HttpRequest, order_id: DbId, payload: FieldConfirmIn):
    return _run(request, order_id, lambda order, now: services.order_confirm(
        actor=request.auth, order=order, signer_name=payload.signer_name, signature=payload.signature, now=now))


@router.post("/orders/{order_id}/meals", response=FieldOrderOut, summary="Meals and lodging declaration (§4.4(6))")
def declare_meals(request: HttpRequest, order_id: DbId, payload: FieldMealsIn):
    return _run(request, order_id, lambda order, now: services.order_declare_meals(
        actor=request.auth, order=order, happened=payload.happened, amount=payload.amount, paid_to=payload.paid_to,
        now=now))


@router.post("/orders/{order_id}/complete", response=FieldOrderOut, summary="Complete the order (§4.4(5), (6))")
def complete(request: HttpRequest, order_id: DbId):
    return _run(request, order_id, lambda order, now: services.order_complete(
        actor=request.auth, order=order, now=now))


@router.post("/orders/{order_id}/rating", response=FieldOrderOut, summary="The customer's rating on site (§4.4(5))")
def rate(request: HttpRequest, order_id: DbId, payload: FieldRatingIn):
    return _run(request, order_id, lambda order, now: services.order_rate(
        actor=request.auth, order=order, rating=payload.rating, comment=payload.comment, now=now))


@router.post("/orders/{order_id}/rating-link", response={201: FieldRatingLinkOut},
             summary="A one-time rating link for the customer (§4.4(5))")
def rating_link(request: HttpRequest, order_id: DbId):
    order = _get(request, order_id)
    now = timezone.now()
    token = _call(lambda: services.rating_link_create(actor=request.auth, order=order, now=now))
    return Answer(201, {"token": token, "expires_at": now + timedelta(days=services.RATING_LINK_DAYS)})


# -- checklist configuration (§4.4(2), (4)) -------------------------------------------------------------

@router.get("/checklist-items", response=list[FieldChecklistItemOut], summary="The configurable checklist items")
def list_items(request: HttpRequest):
    return list(ChecklistItem.objects.order_by("stage", "position", "id"))


@router.post("/checklist-items", response={201: FieldChecklistItemOut}, summary="Add a checklist item")
def add_item(request: HttpRequest, payload: FieldChecklistItemIn):
    item = _call(lambda: services.checklist_item_save(
        actor=request.auth, stage=payload.stage, text=payload.text, utility=payload.utility,
        position=payload.position, active=payload.active, now=timezone.now()))
    return Answer(201, item)


# -- the public rating (no login) ------------------------------------------------------------------------

def _client(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR")


@router.get("/ratings/{token}", auth=None, response=FieldPublicRatingOut, summary="What a rating link shows (public)")
def public_rating(request: HttpRequest, token: str):
    shown = selectors.rating_link_get(token=token, now=timezone.now())
    if shown is None:
        raise Http404("no such rating link")
    return shown


@router.post("/ratings/{token}", auth=None, response=FieldPublicRatedOut,
             summary="Rate through a one-time link (public, valid once, §4.4(5))")
def public_rate(request: HttpRequest, token: str, payload: FieldRatingIn):
    try:
        order = services.rating_submit_public(token=token, rating=payload.rating, comment=payload.comment,
                                              client=_client(request), now=timezone.now())
    except services.RatingThrottled:
        raise HttpError(429, "too many attempts; try again later") from None
    except services.FieldworkInvalid as exc:
        raise invalid_input(exc.errors) from None
    if order is None:
        raise Http404("no such rating link")
    return {"number": order.number, "rating": order.rating}
