"""The writers of field work orders (chapter 4). Each service is one transaction: it checks who
may act (`permissions`, NotAllowed → 403), what the regulation allows now (the transition table
and rules, RuleViolation → 409), the input (FieldworkInvalid → 422, by field), then writes and
appends one audit event citing its clause.

Deadline `fieldwork.delay_notice` (§4.4(3)): when a delay is known beforehand, the customer is
told before the agreed slot begins; opened by `order_announce_delay`, due at the slot's start,
met by `order_notify_delay`. `next_due_at` on the order is its earliest open deadline.

The public rating (§4.4(5)): `rating_link_create` gives a token (only its SHA-256 is kept);
`rating_submit_public(token, rating, comment)` records the rating once: the link is locked and
marked used in the same transaction, so of two submissions at once exactly one is stored.
Failed public attempts are throttled per client like the claim page (org.throttle)."""

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import CharField, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from utilicase.audit.services import audit_record
from utilicase.calendar.models import Deadline
from utilicase.calendar.services import MAX_MINUTES, deadline_meet, deadline_open
from utilicase.core.cases import case_for
from utilicase.core.i18n import translated
from utilicase.core.workdays import EARLIEST_YEAR, LATEST_YEAR
from utilicase.customers.models import Customer
from utilicase.documents.domain.signatures import SignatureRefused, png_from_data_url
from utilicase.documents.models import SignerRole
from utilicase.documents.services import signature_capture
from utilicase.fieldwork import permissions as perms
from utilicase.fieldwork.domain import transitions as table
from utilicase.fieldwork.models import (
    ChecklistItem,
    ChecklistRecord,
    ChecklistStage,
    Damage,
    FieldWorkOrder,
    Kind,
    RatingFailure,
    RatingLink,
    RatingVia,
    Reached,
    Remedy,
    Status,
)
from utilicase.fieldwork.selectors import checklist_items, token_sha256
from utilicase.numbering.services import next_number
from utilicase.org.models import Role, User
from utilicase.org.throttle import throttle_lock

DELAY_KIND = "fieldwork.delay_notice"
CONFIRM_PURPOSE = "fieldwork.order.confirm"
TEXT_MAX = 5000
SHORT_MAX = 200
RATING_LINK_DAYS = 30
PUBLIC_FAILURE_LIMIT = 10
PUBLIC_WINDOW = timedelta(seconds=900)


class FieldworkInvalid(ValueError):
    """Input that cannot be stored: the reasons by field name."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))


class RatingThrottled(Exception):
    """Too many failed public rating attempts from this client: try again later."""


def number_format(year: int, n: int) -> str:
    return f"FW{year}{n:06d}"


# -- input helpers ------------------------------------------------------------------------------------

def _text(value: str | None, *, field: str, errors: dict[str, str], limit: int, required: bool = True) -> str:
    text = (value or "").strip()
    if required and not text:
        errors[field] = _("必填。")
    elif len(text) > limit or "\x00" in text:
        errors[field] = _("最多 %(n)d 个字，不能含控制字符。") % {"n": limit}
    return text


def _choice(value: str | None, choices, *, field: str, errors: dict[str, str]) -> str:
    if value not in choices.values:
        errors[field] = _("无效的选项。")
    return value or ""


def _moment(value: datetime | None, *, field: str, errors: dict[str, str]) -> datetime | None:
    if value is None:
        errors[field] = _("必填。")
        return None
    value = value if timezone.is_aware(value) else timezone.make_aware(value)
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        errors[field] = _("年份须在 %(a)d 至 %(b)d 之间。") % {"a": EARLIEST_YEAR, "b": LATEST_YEAR}
        return None
    return value


def _amount(value, *, field: str, errors: dict[str, str]) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        errors[field] = _("须为金额。")
        return None
    if not amount.is_finite() or amount < 0 or amount >= Decimal("100000000") or amount != amount.quantize(
            Decimal("0.01")):
        errors[field] = _("须为不超过两位小数的非负金额。")
        return None
    return amount


def _lock(order: FieldWorkOrder) -> FieldWorkOrder:
    return (FieldWorkOrder.objects.select_for_update(of=("self",))
            .select_related("customer", "office").get(pk=order.pk))


def _workers(users, *, order_office, field: str, errors: dict[str, str]) -> list[User]:
    company_path = "/" + order_office.path.strip("/").split("/")[0] + "/"
    chosen: list[User] = []
    for user in users:
        if user in chosen:
            continue
        if not (user.is_active and user.role == Role.FIELD_WORKER and user.unit_id is not None
                and user.unit.path.startswith(company_path)):
            errors[field] = _("%(name)s不是本公司在岗的现场服务人员。") % {"name": user.display_name}
            return []
        chosen.append(user)
    return chosen


def _stage(order: FieldWorkOrder, *, actor: User, name: str, action: str, field: str, now: datetime,
           **extra: Any) -> FieldWorkOrder:
    transition = table.TABLE[name]
    before = order.status
    order.status = transition.target
    setattr(order, field, now)
    order.save(update_fields=["status", field, *extra.pop("_fields", [])])
    audit_record(actor=actor, action=f"fieldwork.order.{action}", target=order, clause=transition.clause, now=now,
                 before={"status": before}, after={"status": order.status, **extra})
    return order


# -- orders (§4.3) ------------------------------------------------------------------------------------

@transaction.atomic
def order_create(*, actor: User, kind: str, customer: Customer | None, description: str,
                 workers: list[User] = (), link_type: str = "", link_id: str = "",
                 now: datetime) -> FieldWorkOrder:
    """Open a field work order of one of the seven kinds (§4.3) for a customer, with the utility
    of the customer's enterprise. A suspension/restoration may, and an inspection must, refer to
    its case (an enforcement case, an inspection order) the actor may see, through the case
    registry."""
    errors: dict[str, str] = {}
    _choice(kind, Kind, field="kind", errors=errors)
    text = _text(description, field="description", errors=errors, limit=TEXT_MAX)
    if customer is None:
        errors["customer"] = _("必填。")
    if errors:
        raise FieldworkInvalid(errors)
    perms.require(perms.can_open_for(actor, customer))
    link_type, link_id = (link_type or "").strip(), str(link_id or "").strip()
    refused = table.link_refusal(kind=kind, link_type=link_type)
    if refused is not None:
        raise refused
    link_number = ""
    if link_type:
        found = case_for(actor, link_type, link_id)
        if found is None:
            raise FieldworkInvalid({"link_id": _("找不到该案件，或您无权查看。")})
        linked, linked_info = found
        if linked_info.customer_account and linked_info.customer_account != customer.account_number:
            raise FieldworkInvalid({"link_id": _("关联案件的客户与本工单的客户不一致。")})
        link_number = linked_info.number
    chosen = _workers(workers, order_office=customer.office, field="workers", errors=errors)
    if errors:
        raise FieldworkInvalid(errors)
    year = timezone.localtime(now).year
    order = FieldWorkOrder(
        number=number_format(year, next_number(key="fieldwork", year=year)), kind=kind, status=Status.NEW,
        utility=customer.enterprise.utility, customer=customer, office=customer.office, description=text,
        link_type=link_type, link_id=link_id if link_type else "", link_number=link_number,
        address=customer.address, created_by=actor, created_at=now)
    order.save(force_insert=True)
    order.workers.set(chosen)
    audit_record(actor=actor, action="fieldwork.order.created", target=order, clause="§4.3", now=now,
                 after={"number": order.number, "kind": kind, "utility": order.utility,
                        "customer": customer.account_number, "office": customer.office.code,
                        "description": text, "link": f"{link_type}#{link_id}" if link_type else "",
                        "workers": [u.username for u in chosen]})
    return order


@transaction.atomic
def order_assign_workers(*, actor: User, order: FieldWorkOrder, workers: list[User],
                         now: datetime) -> FieldWorkOrder:
    order = _lock(order)
    perms.require(perms.can_manage_order(actor, order))
    table.check("assign", order.status)
    errors: dict[str, str] = {}
    chosen = _workers(workers, order_office=order.office, field="workers", errors=errors)
    if not chosen and not errors:
        errors["workers"] = _("至少指派一名现场服务人员。")
    if errors:
        raise FieldworkInvalid(errors)
    before = sorted(order.workers.values_list("username", flat=True))
    order.workers.set(chosen)
    audit_record(actor=actor, action="fieldwork.order.workers_assigned", target=order, clause="§4.3", now=now,
                 before={"workers": before}, after={"workers": sorted(u.username for u in chosen)})
    return order


@transaction.atomic
def order_cancel(*, actor: User, order: FieldWorkOrder, reason: str, now: datetime) -> FieldWorkOrder:
    order = _lock(order)
    perms.require(perms.can_manage_order(actor, order))
    table.check("cancel", order.status)
    errors: dict[str, str] = {}
    text = _text(reason, field="reason", errors=errors, limit=SHORT_MAX)
    if errors:
        raise FieldworkInvalid(errors)
    order.cancelled_reason = text
    _stage(order, actor=actor, name="cancel", action="cancelled", field="completed_at", now=now,
           reason=text, _fields=["cancelled_reason"])
    _close_deadlines(order, now=now, actor=actor)
    return order


# -- appointment (§4.4(1)) -----------------------------------------------------------------------------

@transaction.atomic
def order_appoint(*, actor: User, order: FieldWorkOrder, reached: str, reached_name: str = "",
                  customer_contact: str = "", slot_start: datetime | None, slot_end: datetime | None,
                  address: str, address_confirmed: bool, preparation: str = "", now: datetime) -> FieldWorkOrder:
    """Record the phone appointment (§4.4(1)): who answered (the customer, or someone else: then
    the customer's own contact), the agreed slot, the address confirmed, what to prepare.
    Booking again (a new slot) is allowed before departure."""
    order = _lock(order)
    perms.require(perms.can_work_order(actor, order))
    table.check("appoint", order.status)
    errors: dict[str, str] = {}
    _choice(reached, Reached, field="reached", errors=errors)
    name = _text(reached_name, field="reached_name", errors=errors, limit=50, required=False)
    contact = _text(customer_contact, field="customer_contact", errors=errors, limit=50, required=False)
    place = _text(address, field="address", errors=errors, limit=SHORT_MAX)
    prep = _text(preparation, field="preparation", errors=errors, limit=TEXT_MAX, required=False)
    start = _moment(slot_start, field="slot_start", errors=errors)
    end = _moment(slot_end, field="slot_end", errors=errors)
    if errors:
        raise FieldworkInvalid(errors)
    refused = table.appointment_refusal(reached=reached, customer_contact=contact,
                                        address_confirmed=bool(address_confirmed), slot_start=start, slot_end=end)
    if refused is not None:
        raise refused
    before = {"status": order.status, "slot_start": order.slot_start.isoformat() if order.slot_start else None}
    order.reached, order.reached_name, order.customer_contact = reached, name, contact
    order.slot_start, order.slot_end, order.address, order.address_confirmed = start, end, place, True
    order.preparation, order.appointed_at, order.appointed_by, order.status = prep, now, actor, Status.APPOINTED
    order.save(update_fields=["reached", "reached_name", "customer_contact", "slot_start", "slot_end", "address",
                              "address_confirmed", "preparation", "appointed_at", "appointed_by", "status"])
    audit_record(actor=actor, action="fieldwork.order.appointed", target=order, clause="§4.4(1)", now=now,
                 before=before,
                 after={"status": order.status, "reached": reached, "reached_name": name,
                        "customer_contact": contact, "slot_start": start.isoformat(), "slot_end": end.isoformat(),
                        "address": place, "address_confirmed": True, "preparation": prep})
    return order


# -- delay known beforehand, arrival (§4.4(3)) -----------------------------------------------------

@transaction.atomic
def order_announce_delay(*, actor: User, order: FieldWorkOrder, reason: str, now: datetime) -> FieldWorkOrder:
    """A delay known beforehand: the reason, and the obligation to tell the customer before the
    slot begins (deadline `fieldwork.delay_notice`, due at the slot's start)."""
    order = _lock(order)
    perms.require(perms.can_work_order(actor, order))
    table.check("announce_delay", order.status)
    errors: dict[str, str] = {}
    text = _text(reason, field="reason", errors=errors, limit=SHORT_MAX)
    if errors:
        raise FieldworkInvalid(errors)
    refused = table.delay_refusal(now=now, slot_start=order.slot_start)
    if refused is not None:
        raise refused
    minutes = min(MAX_MINUTES, max(0, int((order.slot_start - now).total_seconds() // 60)))
    order.delay_reason, order.delay_announced_at, order.delay_notified_at = text, now, None
    order.save(update_fields=["delay_reason", "delay_announced_at", "delay_notified_at"])
    deadline_open(kind=DELAY_KIND, clause="§4.4(3)", target=order, owner=actor, owner_unit=order.office,
                  start_at=now, minutes=minutes, now=now, actor=actor)
    audit_record(actor=actor, action="fieldwork.order.delay_announced", target=order, clause="§4.4(3)", now=now,
                 after={"reason": text, "notify_by": order.slot_start.isoformat()})
    return order


@transaction.atomic
def order_notify_delay(*, actor: User, order: FieldWorkOrder, now: datetime) -> FieldWorkOrder:
    """The customer was told of the delay and its reason; late (after the slot began) is recorded."""
    order = _lock(order)
    perms.require(perms.can_work_order(actor, order))
    table.check("notify_delay", order.status)
    if order.delay_announced_at is None or order.delay_notified_at is not None:
        raise FieldworkInvalid({"delay": _("没有待告知客户的延误。")})
    order.delay_notified_at = now
    order.save(update_fields=["delay_notified_at"])
    for deadline in Deadline.objects.filter(kind=DELAY_KIND, target_type=order._meta.label_lower,
                                            target_id=str(order.pk), met_at__isnull=True):
        deadline_meet(deadline=deadline, now=now, actor=actor)
    audit_record(actor=actor, action="fieldwork.order.delay_notified", target=order, clause="§4.4(3)", now=now,
                 after={"notified_at": now.isoformat(), "reason": order.delay_reason,
                        "before_slot": now < order.slot_start})
    return order


def _checklist(order: FieldWorkOrder, *, actor: User, stage: str, checked: list[str], now: datetime) -> list[str]:
    items = checklist_items(stage=stage, utility=order.utility)
    refused = table.checklist_refusal(stage=stage, items=items, checked=[str(c) for c in checked or []])
    if refused is not None:
        raise refused
    ChecklistRecord.objects.create(order=order, stage=stage, items=items, checked_by=actor, checked_at=now)
    return items


@transaction.atomic
def order_depart(*, actor: User, order: FieldWorkOrder, checked: list[str], now: datetime) -> FieldWorkOrder:
    """Leave for the customer once every pre-departure item is ticked (§4.4(2))."""
    order = _lock(order)
    perms.require(perms.can_work_order(actor, order))
    table.check("depart", order.status)
    items = _checklist(order, actor=actor, stage=ChecklistStage.BEFORE_LEAVING, checked=checked, now=now)
    return _stage(order, actor=actor, name="depart", action="departed", field="departed_at", now=now,
                  checklist=items)


@transaction.atomic
def order_arrive(*, actor: User, order: FieldWorkOrder, arrived_at: datetime | None = None, apology: str = "",
                 now: datetime) -> FieldWorkOrder:
    """Arrival against the agreed slot (§4.4(3)): past the slot's end the minutes late are
    recorded, and the apology to the customer is required."""
    order = _lock(order)
    perms.require(perms.can_work_order(actor, order))
    table.check("arrive", order.status)
    errors: dict[str, str] = {}
    at = _moment(arrived_at or now, field="arrived_at", errors=errors)
    said = _text(apology, field="apology", errors=errors, limit=SHORT_MAX, required=False)
    if at is not None and at > now:
        errors["arrived_at"] = _("不能晚于当前时间。")
    if errors:
        raise FieldworkInvalid(errors)
    late = table.minutes_late(arrived_at=at, slot_end=order.slot_end)
    refused = table.arrival_refusal(late=late, apology=said)
    if refused is not None:
        raise refused
    order.minutes_late, order.apology = late, said if late else ""
    before = order.status
    order.status, order.arrived_at = Status.ARRIVED, at
    order.save(update_fields=["status", "arrived_at", "minutes_late", "apology"])
    audit_record(actor=actor, action="fieldwork.order.arrived", target=order, clause="§4.4(3)", now=now,
                 before={"status": before},
                 after={"status": order.status, "arrived_at": at.isoformat(), "minutes_late": late,
                        "apology": order.apology, "delay_notified": order.delay_notified_at is not None})
    return order


@transaction.atomic
def order_start_work(*, actor: User, order: FieldWorkOrder, checked: list[str], now: datetime) -> FieldWorkOrder:
    """Start work once every pre-work item (tools, safety measures and signs) is ticked (§4.4(4))."""
    order = _lock(order)
    perms.require(perms.can_work_order(actor, order))
    table.check("start_work", order.status)
    items = _checklist(order, actor=actor, stage=ChecklistStage.BEFORE_WORK, checked=checked, now=now)
    return _stage(order, actor=actor, name="start_work", action="work_started", field="work_started_at", now=now,
                  checklist=items)


# -- finish (§4.4(5)), meals and lodging (§4.4(6)) --------------------------------------------------

@transaction.atomic
def damage_record(*, actor: User, order: FieldWorkOrder, description: str, remedy: str, remedy_note: str = "",
                  amount=None, now: datetime) -> Damage:
    order = _lock(order)
    perms.require(perms.can_work_order(actor, order))
    table.check("record_damage", order.status)
    errors: dict[str, str] = {}
    text = _text(description, field="description", errors=errors, limit=500)
    _choice(remedy, Remedy, field="remedy", errors=errors)
    note = _text(remedy_note, field="remedy_note", errors=errors, limit=500, required=False)
    money = _amount(amount, field="amount", errors=errors)
    if errors:
        raise FieldworkInvalid(errors)
    refused = table.damage_refusal(remedy=remedy, amount=money)
    if refused is not None:
        raise refused
    damage = Damage.objects.create(order=order, description=text, remedy=remedy, remedy_note=note,
                                   amount=money if remedy == Remedy.COMPENSATION else None,
                                   recorded_by=actor, recorded_at=now)
    audit_record(actor=actor, action="fieldwork.order.damage_recorded", target=order, clause="§4.4(5)", now=now,
                 after={"damage": damage.pk, "description": text, "remedy": remedy, "remedy_note": note,
                        "amount": str(damage.amount) if damage.amount is not None else None})
    return damage


@transaction.atomic
def order_record_finish(*, actor: User, order: FieldWorkOrder, work_done: str, borrowed_items: str = "",
                        borrowed_returned: bool, safety_reminder: str, now: datetime) -> FieldWorkOrder:
    """The finish facts (§4.4(5)): the work done, borrowed items returned, the safety reminder
    given (and the hotline 95598 left)."""
    order = _lock(order)
    perms.require(perms.can_work_order(actor, order))
    table.check("finish_facts", order.status)
    errors: dict[str, str] = {}
    done = _text(work_done, field="work_done", errors=errors, limit=TEXT_MAX)
    borrowed = _text(borrowed_items, field="borrowed_items", errors=errors, limit=SHORT_MAX, required=False)
    reminder = _text(safety_reminder, field="safety_reminder", errors=errors, limit=TEXT_MAX)
    if errors:
        raise FieldworkInvalid(errors)
    returned = bool(borrowed_returned) or not borrowed  # nothing borrowed: nothing to return
    order.work_done, order.borrowed_items, order.borrowed_returned = done, borrowed, returned
    order.safety_reminder, order.safety_reminded_at = reminder, now
    order.save(update_fields=["work_done", "borrowed_items", "borrowed_returned", "safety_reminder",
                              "safety_reminded_at"])
    audit_record(actor=actor, action="fieldwork.order.finish_recorded", target=order, clause="§4.4(5)", now=now,
                 after={"work_done": done, "borrowed_items": borrowed, "borrowed_returned": returned,
                        "safety_reminder": reminder, "hotline": table.HOTLINE})
    return order


@transaction.atomic
def order_confirm(*, actor: User, order: FieldWorkOrder, signer_name: str, signature: str,
                  now: datetime) -> FieldWorkOrder:
    """The customer confirms the work order by signing on screen (§4.4(5))."""
    order = _lock(order)
    perms.require(perms.can_work_order(actor, order))
    table.check("finish_facts", order.status)
    try:
        sha256 = signature_capture(actor=actor, target=order, purpose=CONFIRM_PURPOSE,
                                   signer_role=SignerRole.CUSTOMER, signer_name=signer_name,
                                   png=png_from_data_url(signature), now=now, clause="§4.4(5)").image_sha256
    except SignatureRefused as exc:
        raise FieldworkInvalid({exc.field: translated(exc.message, _)}) from None
    order.confirmed_at, order.confirmed_by_name, order.confirmation_signature_sha256 = now, signer_name.strip(), sha256
    order.save(update_fields=["confirmed_at", "confirmed_by_name", "confirmation_signature_sha256"])
    audit_record(actor=actor, action="fieldwork.order.confirmed", target=order, clause="§4.4(5)", now=now,
                 before={"confirmed_at": None},
                 after={"confirmed_at": now.isoformat(), "signer_name": order.confirmed_by_name,
                        "signature_sha256": sha256})
    return order


@transaction.atomic
def order_declare_meals(*, actor: User, order: FieldWorkOrder, happened: bool, amount=None, paid_to: str = "",
                        now: datetime) -> FieldWorkOrder:
    """§4.4(6): no meals or lodging at the customer's; where it happened, the payment made."""
    order = _lock(order)
    perms.require(perms.can_work_order(actor, order))
    table.check("declare_meals", order.status)
    errors: dict[str, str] = {}
    money = _amount(amount, field="amount", errors=errors)
    to = _text(paid_to, field="paid_to", errors=errors, limit=50, required=False)
    if errors:
        raise FieldworkInvalid(errors)
    refused = table.meals_refusal(happened=bool(happened), amount=money, paid_to=to)
    if refused is not None:
        raise refused
    order.meals_declared_at, order.meals_happened = now, bool(happened)
    order.meals_amount, order.meals_paid_to = (money, to) if happened else (None, "")
    order.save(update_fields=["meals_declared_at", "meals_happened", "meals_amount", "meals_paid_to"])
    audit_record(actor=actor, action="fieldwork.order.meals_declared", target=order, clause="§4.4(6)", now=now,
                 after={"happened": bool(happened), "amount": str(money) if happened and money else None,
                        "paid_to": order.meals_paid_to})
    return order


@transaction.atomic
def order_complete(*, actor: User, order: FieldWorkOrder, now: datetime) -> FieldWorkOrder:
    """Complete the order: refused (§4.4(5), (6)) until borrowed items are returned, every damage
    has its remedy, the safety reminder is given, the customer confirmed, and meals declared."""
    order = _lock(order)
    perms.require(perms.can_work_order(actor, order))
    table.check("finish", order.status)
    unresolved = order.damages.filter(remedy="COMPENSATION", amount__isnull=True).count()
    refused = table.finish_refusal(table.FinishFacts(
        borrowed_returned=order.borrowed_returned,
        damages_unresolved=unresolved, confirmed=order.confirmed_at is not None,
        safety_reminded=order.safety_reminded_at is not None, meals_declared=order.meals_declared_at is not None))
    if refused is not None:
        raise refused
    _stage(order, actor=actor, name="finish", action="completed", field="completed_at", now=now)
    _close_deadlines(order, now=now, actor=actor)
    return order


def _close_deadlines(order: FieldWorkOrder, *, now: datetime, actor: User) -> None:
    """An order that ends leaves no delay notice open (met late if it was never given)."""
    for deadline in Deadline.objects.filter(target_type=order._meta.label_lower, target_id=str(order.pk),
                                            met_at__isnull=True):
        deadline_meet(deadline=deadline, now=now, actor=actor)


# -- rating (§4.4(5)) ----------------------------------------------------------------------------------

def _rate(order: FieldWorkOrder, *, actor: User | None, rating: int, comment: str, via: str,
          now: datetime) -> FieldWorkOrder:
    table.check("rate", order.status)
    errors: dict[str, str] = {}
    text = _text(comment, field="comment", errors=errors, limit=2000, required=False)
    if errors:
        raise FieldworkInvalid(errors)
    refused = table.rating_refusal(rating=rating, already_rated=order.rated_at is not None)
    if refused is not None:
        raise refused
    order.rating, order.rating_comment, order.rated_at, order.rating_via = rating, text, now, via
    order.save(update_fields=["rating", "rating_comment", "rated_at", "rating_via"])
    audit_record(actor=actor, action="fieldwork.order.rated", target=order, clause="§4.4(5)", now=now,
                 after={"rating": rating, "comment": text, "via": via})
    return order


@transaction.atomic
def order_rate(*, actor: User, order: FieldWorkOrder, rating: int, comment: str = "",
               now: datetime) -> FieldWorkOrder:
    """The customer's rating (1-5) and comments taken on site, once."""
    order = _lock(order)
    perms.require(perms.can_work_order(actor, order))
    return _rate(order, actor=actor, rating=rating, comment=comment, via=RatingVia.ON_SITE, now=now)


@transaction.atomic
def rating_link_create(*, actor: User, order: FieldWorkOrder, now: datetime) -> str:
    """A one-time link token (for a URL or QR code) by which the customer rates the completed
    order later without logging in; valid once, for RATING_LINK_DAYS days. Only the token's
    hash is stored: the token is shown now and never again."""
    order = _lock(order)
    perms.require(perms.can_work_order(actor, order))
    table.check("rate", order.status)
    if order.rated_at is not None:
        raise table.rating_refusal(rating=1, already_rated=True)
    token = secrets.token_urlsafe(24)
    link = RatingLink.objects.create(order=order, token_sha256=token_sha256(token), created_by=actor,
                                     created_at=now, expires_at=now + timedelta(days=RATING_LINK_DAYS))
    audit_record(actor=actor, action="fieldwork.order.rating_link_created", target=order, clause="§4.4(5)",
                 now=now, after={"link": link.pk, "expires_at": link.expires_at.isoformat()})
    return token


def _keyed(text: str | None) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), (text or "").encode(), hashlib.sha256).hexdigest()


def _public_attempt_begin(*, client_key: str, now: datetime) -> RatingFailure:
    with transaction.atomic():
        throttle_lock(f"fieldwork-rating:client:{client_key}")
        recent = RatingFailure.objects.filter(at__gte=now - PUBLIC_WINDOW, client_hash=client_key)
        if recent.count() >= PUBLIC_FAILURE_LIMIT:
            raise RatingThrottled()
        RatingFailure.objects.filter(at__lt=now - timedelta(days=1)).delete()
        return RatingFailure.objects.create(client_hash=client_key, at=now)


@transaction.atomic
def _public_rate(*, token: str, rating: int, comment: str, now: datetime) -> FieldWorkOrder | None:
    if not token or len(token) > 200:
        return None
    link = (RatingLink.objects.select_for_update().filter(token_sha256=token_sha256(token), used_at__isnull=True,
                                                          expires_at__gt=now).first())
    if link is None:
        return None
    order = _lock(link.order)
    _rate(order, actor=None, rating=rating, comment=comment, via=RatingVia.LINK, now=now)
    link.used_at = now
    link.save(update_fields=["used_at"])
    return order


def rating_submit_public(*, token: str, rating: int, comment: str = "", client: str | None = None,
                         now: datetime) -> FieldWorkOrder | None:
    """The customer's rating through a one-time link (§4.4(5)): None for an unknown, used or
    expired token (not told apart; counted as a failure of the client), RatingThrottled while
    the client is locked out, RuleViolation for a rating outside 1-5. The link is locked and
    marked used in the rating's transaction: of two submissions at once, one is stored."""
    attempt = _public_attempt_begin(client_key=_keyed(client), now=now)
    order = _public_rate(token=token, rating=rating, comment=comment, now=now)
    if order is not None:
        attempt.delete()
    return order


# -- configuration: checklist items (§4.4(2), (4)) -----------------------------------------------------

CHECKLIST_POSITION_MAX = 32767


@transaction.atomic
def checklist_item_save(*, actor: User, stage: str, text: str, utility: str = "", position: int = 0,
                        active: bool = True, item: ChecklistItem | None = None, now: datetime) -> ChecklistItem:
    """Add or change a configurable checklist item (§4.4(2) before leaving, §4.4(4) before work):
    its stage, utility (blank: every utility), text, position, and whether it is in use (a
    deactivated item is kept for the records that ticked it, and no longer asked). The
    administrator and the heads (`permissions.can_configure_checklists`)."""
    if not perms.can_configure_checklists(actor):
        raise perms.NotAllowed(_("您无权配置现场服务检查项。"))
    errors: dict[str, str] = {}
    _choice(stage, ChecklistStage, field="stage", errors=errors)
    words = _text(text, field="text", errors=errors, limit=SHORT_MAX)
    if utility and utility not in {c for c, _label in FieldWorkOrder._meta.get_field("utility").choices}:
        errors["utility"] = _("无效的选项。")
    if not isinstance(position, int) or isinstance(position, bool) or not 0 <= position <= CHECKLIST_POSITION_MAX:
        errors["position"] = _("应为 0 至 %(n)d 之间的整数。") % {"n": CHECKLIST_POSITION_MAX}
    if errors:
        raise FieldworkInvalid(errors)
    if item is not None:
        item = ChecklistItem.objects.select_for_update().get(pk=item.pk)
    before = ({"stage": item.stage, "text": item.text, "utility": item.utility, "position": item.position,
               "active": item.active} if item is not None else None)
    item = item or ChecklistItem()
    item.stage, item.text, item.utility, item.position, item.active = stage, words, utility, position, bool(active)
    item.save()
    audit_record(actor=actor, action="fieldwork.checklist_item.saved", target=item, clause=table.CHECKLIST_CLAUSE[stage],
                 now=now, before=before, after={"stage": stage, "text": words, "utility": utility,
                                                "position": position, "active": item.active})
    return item


def order_sync_due(target_ids: list[str]) -> None:
    """Copy each order's earliest open deadline to `next_due_at` (a due listener of the calendar)."""
    deadlines = Deadline.objects.filter(target_type=FieldWorkOrder._meta.label_lower,
                                        target_id=Cast(OuterRef("pk"), CharField()), met_at__isnull=True)
    FieldWorkOrder.objects.filter(pk__in=[int(i) for i in target_ids if str(i).isdigit()]).update(
        next_due_at=Subquery(deadlines.order_by("due_at").values("due_at")[:1]))
