"""Reads of field work orders, restricted at the source to what the user may see; an order out
of sight is answered exactly like a missing one.

Who sees an order: its assigned workers and whoever opened it; field workers: every order of
their unit (the customer's office); heads (office heads, enterprise and company deputies): the
orders of the offices in their unit and below; nobody else.

The public rating page reads only `rating_link_get(token)`: the order's number, kind and
customer's name, never more."""

import hashlib
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet

from utilicase.customers.models import Customer
from utilicase.fieldwork import permissions as perms
from utilicase.fieldwork.domain import transitions as table
from utilicase.fieldwork.models import OPEN, ChecklistItem, Damage, FieldWorkOrder, RatingLink
from utilicase.org.models import Role, User
from utilicase.org.selectors import seen_by_unit

TARGET_TYPE = "fieldwork.fieldworkorder"


def _visible(*, user: User) -> QuerySet[FieldWorkOrder]:
    if not user.is_authenticated or not user.is_active:
        return FieldWorkOrder.objects.none()
    seen = Q(created_by=user) | Q(pk__in=FieldWorkOrder.workers.through.objects.filter(
        user_id=user.pk).values("fieldworkorder_id"))
    return FieldWorkOrder.objects.filter(seen_by_unit(seen, user=user, staff_role=Role.FIELD_WORKER,
                                                    manager_roles=perms.MANAGER_ROLES))


def order_ids_visible(*, user: User, ids: list[int]) -> list[int]:
    """Of these ids, those of the orders the user may see (`order_get` finds each), in one query."""
    return list(_visible(user=user).filter(pk__in=ids).values_list("pk", flat=True))


def order_get(*, user: User, id: int) -> FieldWorkOrder:
    """The order, or FieldWorkOrder.DoesNotExist when missing or out of sight."""
    return _visible(user=user).select_related("customer", "office").get(pk=id)


def order_by_number(*, user: User, number: str) -> FieldWorkOrder:
    return _visible(user=user).select_related("customer", "office").get(number=number)


@dataclass(frozen=True)
class Filters:
    status: str = ""
    kind: str = ""
    open_only: bool = False


def order_list(*, user: User, filters: Filters = Filters()) -> QuerySet[FieldWorkOrder]:
    found = _visible(user=user).select_related("customer", "office")
    if filters.status:
        found = found.filter(status=filters.status)
    if filters.kind:
        found = found.filter(kind=filters.kind)
    if filters.open_only:
        found = found.filter(OPEN)
    return found.order_by("-created_at", "-id")


def my_orders(*, user: User) -> QuerySet[FieldWorkOrder]:
    """The open orders the user is assigned to, by appointment slot (none last)."""
    return (FieldWorkOrder.objects.filter(OPEN, workers=user).select_related("customer", "office")
            .order_by("slot_start", "id"))


def customer_orders(*, user: User, customer: Customer) -> QuerySet[FieldWorkOrder]:
    return _visible(user=user).filter(customer=customer).order_by("-created_at", "-id")


def order_labels(ids: list[str]) -> dict[str, tuple[str, str]]:
    """Order number and customer name by id, in one query (web.targets describer)."""
    rows = (FieldWorkOrder.objects.filter(pk__in=[int(i) for i in ids if str(i).isdigit()])
            .select_related("customer").only("number", "customer__name"))
    return {str(o.pk): (o.number, o.customer.name) for o in rows}


def damages(*, order: FieldWorkOrder) -> QuerySet[Damage]:
    return order.damages.order_by("id")


def checklist_items(*, stage: str, utility: str) -> list[str]:
    """The active items of a checklist stage for a utility (§4.4(2), (4)), in order."""
    return list(ChecklistItem.objects.filter(stage=stage, active=True).filter(Q(utility="") | Q(utility=utility))
                .order_by("position", "id").values_list("text", flat=True))


def checklist_configuration() -> QuerySet[ChecklistItem]:
    """Every checklist item, in use or not, by stage, utility (every utility first) and position
    (the configuration page, §4.4(2), (4))."""
    return ChecklistItem.objects.order_by("stage", "utility", "position", "id")


def phone_script(*, order: FieldWorkOrder, gettext=lambda s: s) -> list[str]:
    """§4.4(1): the lines the worker reads while calling, filled from the order."""
    company = order.office.name if order.office_id else ""
    values = {"company": company, "customer": order.customer.name, "service": order.get_kind_display(),
              "address": order.address or order.customer.address, "preparation": order.preparation or "—"}
    return [gettext(line).format(**values) for line in table.PHONE_SCRIPT]


def assignable_workers(*, order: FieldWorkOrder) -> QuerySet[User]:
    """Active field workers of the units over and under the order's office, within its company."""
    company_path = "/" + order.office.path.strip("/").split("/")[0] + "/"
    return User.objects.filter(is_active=True, role=Role.FIELD_WORKER,
                               unit__path__startswith=company_path).order_by("username")


def token_sha256(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class PublicRating:
    number: str
    kind: str
    customer_name: str
    completed_at: datetime | None


def rating_link_get(*, token: str, now: datetime) -> PublicRating | None:
    """What the public rating page shows for a token: None for an unknown, used or expired one
    (not told apart), or when the order was rated otherwise."""
    if not token or len(token) > 200:
        return None
    link = (RatingLink.objects.select_related("order", "order__customer")
            .filter(token_sha256=token_sha256(token), used_at__isnull=True, expires_at__gt=now).first())
    if link is None or link.order.rated_at is not None:
        return None
    order = link.order
    return PublicRating(number=order.number, kind=order.get_kind_display(), customer_name=order.customer.name,
                        completed_at=order.completed_at)



@dataclass(frozen=True)
class Action:
    """A step the order's page may offer: `open` when its stage allows it now, `permitted` when
    the user may take it (the page shows the permitted ones; a refused one with its clause)."""

    name: str
    clause: str
    open: bool
    permitted: bool


# In the order of the work (§4.4), as the order's page offers them. `confirm` (the customer's
# signature, §4.4(5)) is a record of the finishing stage.
ACTIONS = ("assign", "appoint", "announce_delay", "notify_delay", "depart", "arrive", "start_work", "record_damage",
           "declare_meals", "finish_facts", "confirm", "finish", "rate", "cancel")
# Steps the heads and the office's field workers take; the others are the work of whoever works
# the order (permissions.py).
MANAGE_ACTIONS = frozenset({"assign", "cancel"})


def _stage(name: str) -> tuple[frozenset, str]:
    transition = table.TABLE.get(name)
    if transition:
        return transition.sources, transition.clause
    return table.RECORD_STAGES["finish_facts" if name == "confirm" else name]


def _done_once(name: str, order: FieldWorkOrder) -> bool:
    """Whether a record taken once (or only after another) is still to be taken."""
    if name == "notify_delay":  # told once a delay is announced, and only once
        return order.delay_announced_at is not None and order.delay_notified_at is None
    if name == "announce_delay":
        return order.delay_announced_at is None and order.slot_start is not None
    if name == "declare_meals":
        return order.meals_declared_at is None
    if name == "finish_facts":
        return order.safety_reminded_at is None
    if name == "confirm":
        return order.confirmed_at is None
    if name == "rate":
        return order.rated_at is None
    return True


def order_actions(*, user: User, order: FieldWorkOrder) -> list[Action]:
    """Every step of the order in the order of the work: whether its stage allows it now (and
    it is still to be taken), whether the user may take it, and the clause it rests on."""
    works, manages = perms.can_work_order(user, order), perms.can_manage_order(user, order)
    found = []
    for name in ACTIONS:
        sources, clause = _stage(name)
        opened = order.status in sources and _done_once(name, order)
        found.append(Action(name, clause, opened, manages if name in MANAGE_ACTIONS else works))
    return found


def order_id_by_number(user: User, number: str) -> str | None:
    """The id of the field work order with this number when the user may see it, else None (missing and out
    of sight are not told apart): its core.cases reference, which the search page asks."""
    found = _visible(user=user).filter(number=number).values_list("pk", flat=True).first()
    return str(found) if found is not None else None
