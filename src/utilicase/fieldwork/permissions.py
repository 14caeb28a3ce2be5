"""Who may do what with field work orders. A permission refusal raises `NotAllowed` (403),
never RuleViolation (409). Seeing an order at all is the selectors' business (out of sight is a
404).

- open an order: field workers and heads whose unit serves the customer's office;
- work it (appointment, checklists, arrival, finish, declaration): its assigned workers, the
  field workers of the customer's office, the heads over that office;
- assign workers, cancel: the heads over the office, and the office's field workers;
- configure the checklist items (§4.4(2), (4)), which every office uses: the administrator and
  the heads (office heads, enterprise and company deputies); never a field worker."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from utilicase.org.models import Role, User
from utilicase.org.permissions import MANAGER_ROLES, is_active_user, is_manager_of

OPENER_ROLES = frozenset({Role.FIELD_WORKER, *MANAGER_ROLES})


class NotAllowed(PermissionDenied):
    """The user may not take this action on this order."""


def is_assigned(user: User, order) -> bool:
    if order.pk is None:
        return False
    return order.workers.filter(pk=user.pk).exists()


def can_open_for(user: User, customer) -> bool:
    if not is_active_user(user) or user.role not in OPENER_ROLES or user.unit_id is None:
        return False
    return customer.office.path.startswith(user.unit.path)


def can_work_order(user: User, order) -> bool:
    if not is_active_user(user):
        return False
    if is_assigned(user, order):
        return True
    if user.role == Role.FIELD_WORKER and user.unit_id == order.office_id:
        return True
    return is_manager_of(user, order.office)


def can_manage_order(user: User, order) -> bool:
    if not is_active_user(user):
        return False
    if user.role == Role.FIELD_WORKER and user.unit_id == order.office_id:
        return True
    return is_manager_of(user, order.office)


def can_configure_checklists(user: User) -> bool:
    if not is_active_user(user):
        return False
    return user.is_superuser or user.role == Role.ADMIN or user.role in MANAGER_ROLES


def require(allowed: bool) -> None:
    if not allowed:
        raise NotAllowed(_("您无权对该现场服务工单执行此操作。"))
