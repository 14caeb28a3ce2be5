"""Who may do what with accident cases. A permission refusal is `NotAllowed` (403), never a
RuleViolation (409). Seeing a case at all is the selectors' business (out of sight is a 404)."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from utilicase.accidents.models import AccidentCase
from utilicase.org.models import Role, User
from utilicase.org.permissions import MANAGER_ROLES, is_active_user, is_manager_of

OPENER_ROLES = frozenset({Role.INSPECTOR, *MANAGER_ROLES})


class NotAllowed(PermissionDenied):
    """The user may not take this action on this case."""


def is_assigned(user: User, case: AccidentCase) -> bool:
    if case.pk is None:
        return False
    return case.inspectors.filter(pk=user.pk).exists()


def can_open_for(user: User, customer) -> bool:
    """Inspectors and managers whose unit serves the customer take an accident report."""
    if not is_active_user(user):
        return False
    if user.role not in OPENER_ROLES:
        return False
    if user.unit_id is None:
        return False
    return customer.office.path.startswith(user.unit.path)


def can_work_case(user: User, case: AccidentCase) -> bool:
    """Everything done on the case: its inspectors, the inspectors of the customer's office, the
    managers over that office."""
    if not is_active_user(user):
        return False
    if is_assigned(user, case):
        return True
    if user.role == Role.INSPECTOR and user.unit_id == case.office_id:
        return True
    return is_manager_of(user, case.office)


def can_close_case(user: User, case: AccidentCase) -> bool:
    """Closing and the referral to company management: the managers over the customer's office."""
    if not is_active_user(user):
        return False
    return is_manager_of(user, case.office)


def require(allowed: bool) -> None:
    if not allowed:
        raise NotAllowed(_("您无权对该事故调查案件执行此操作。"))
