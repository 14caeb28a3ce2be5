"""Who may do what with inspection plans and orders. Each condition on its own line.

A permission refusal is not a rule of the regulation: the services raise `NotAllowed` (a
PermissionDenied, answered 403), never RuleViolation (409). Who approves an order is the
regulation's rule (§2.4(3)), so a wrong approver is refused by the transition table, with the
clause. Seeing an order at all is the selectors' business (out of sight is a 404)."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from utilicase.inspections.models import InspectionOrder, InspectionPlan
from utilicase.org.models import Role, Unit, UnitKind, User
from utilicase.org.permissions import MANAGER_ROLES, is_active_user, is_manager_of

ORGANISER_ROLES = frozenset({Role.INSPECTOR, *MANAGER_ROLES})
# The unit kinds that organise inspections (their head approves a special one, §2.4(3)).
ORGANISING_UNITS = frozenset({UnitKind.OFFICE, UnitKind.ENTERPRISE, UnitKind.COMPANY})


class NotAllowed(PermissionDenied):
    """The user may not take this action on this order or plan."""


def is_assigned(user: User, order: InspectionOrder) -> bool:
    if order.pk is None:
        return False
    return order.assignments.filter(inspector_id=user.pk).exists()


def can_plan(user: User, office: Unit) -> bool:
    """A plan is made by the head of the office, or a deputy above it (§2.5(1))."""
    if not is_active_user(user):
        return False
    if office.kind != UnitKind.OFFICE:
        return False
    return is_manager_of(user, office)


def can_edit_plan(user: User, plan: InspectionPlan) -> bool:
    if not is_active_user(user):
        return False
    return is_manager_of(user, plan.office)


def can_create_order(user: User) -> bool:
    """Inspectors and the heads of organising units open orders; the unit is checked with the
    customer (services)."""
    if not is_active_user(user):
        return False
    if user.role not in ORGANISER_ROLES:
        return False
    if user.unit_id is None:
        return False
    return user.unit.kind in ORGANISING_UNITS


def can_organise_for(user: User, customer) -> bool:
    """The customer is served by the user's unit (their office, or an office below their
    enterprise or company)."""
    if user.unit_id is None:
        return False
    return customer.office.path.startswith(user.unit.path)


def _organiser(user: User, order: InspectionOrder) -> bool:
    if order.organiser_id == user.pk:
        return True
    return order.created_by_id == user.pk


def can_edit_order(user: User, order: InspectionOrder) -> bool:
    """The organiser (or whoever opened it) and the managers over the organising unit."""
    if not is_active_user(user):
        return False
    if _organiser(user, order):
        return True
    return is_manager_of(user, order.organiser_unit)


def can_submit_order(user: User, order: InspectionOrder) -> bool:
    return can_edit_order(user, order)


def can_decide_order(user: User, order: InspectionOrder) -> bool:
    """Any active member of staff may ask; the table refuses (§2.4(3)) who is not the approver."""
    return is_active_user(user)


def is_approver(user: User, order: InspectionOrder) -> bool:
    """The head of the approval unit in the approver's role (§2.4(3))."""
    if not is_active_user(user):
        return False
    if user.role != order.approver_role:
        return False
    return user.unit_id == order.approval_unit_id


def can_work_order(user: User, order: InspectionOrder) -> bool:
    """Stage moves, appointment, presence, operations: the assigned inspectors and the organiser."""
    if not is_active_user(user):
        return False
    if is_assigned(user, order):
        return True
    return order.organiser_id == user.pk


def can_record_finding(user: User, order: InspectionOrder) -> bool:
    if not is_active_user(user):
        return False
    return is_assigned(user, order)


def can_close_order(user: User, order: InspectionOrder) -> bool:
    if can_work_order(user, order):
        return True
    return is_manager_of(user, order.office)


def can_follow_up(user: User, order: InspectionOrder) -> bool:
    """The rectification loop (§2.5(3)): the order's inspectors, the inspectors of the customer's
    office, and the managers over it."""
    if not is_active_user(user):
        return False
    if is_assigned(user, order):
        return True
    if user.role == Role.INSPECTOR and user.unit_id == order.office_id:
        return True
    return is_manager_of(user, order.office)


# The permission of each action, for pages that list the actions.
BY_ACTION = {
    "submit": can_submit_order,
    "approve": can_decide_order,
    "return": can_decide_order,
    "appoint": can_work_order,
    "prepare": can_work_order,
    "arrive": can_work_order,
    "inspect": can_work_order,
    "leave": can_work_order,
    "archive": can_work_order,
    "close": can_close_order,
}


def require(allowed: bool) -> None:
    if not allowed:
        raise NotAllowed(_("您无权对该检查工作单执行此操作。"))
