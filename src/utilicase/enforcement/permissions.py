"""Who may do what with enforcement cases. Each condition on its own line.

A permission refusal is not a rule of the regulation: the services raise `NotAllowed` (a
PermissionDenied, answered 403), never RuleViolation (409). Who reviews and approves a §1.2(2)
application is the regulation's rule, so a wrong deputy is refused by the transition table,
with the clause. Seeing a case at all is the selectors' business (out of sight is a 404)."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from utilicase.enforcement.models import EnforcementCase
from utilicase.org.models import Role, User
from utilicase.org.permissions import MANAGER_ROLES, is_active_user, is_manager_of

OPENER_ROLES = frozenset({Role.INSPECTOR, *MANAGER_ROLES})


class NotAllowed(PermissionDenied):
    """The user may not take this action on this case."""


def is_assigned(user: User, case: EnforcementCase) -> bool:
    if case.pk is None:
        return False
    return case.inspectors.filter(pk=user.pk).exists()


def can_open_for(user: User, customer) -> bool:
    """Inspectors and managers whose unit serves the customer open a case on site."""
    if not is_active_user(user):
        return False
    if user.role not in OPENER_ROLES:
        return False
    if user.unit_id is None:
        return False
    return customer.office.path.startswith(user.unit.path)


def can_work_case(user: User, case: EnforcementCase) -> bool:
    """Everything done on the case (stop, notices, fees, suspension, restoration, referrals):
    its inspectors, the inspectors of the customer's office, the managers over that office."""
    if not is_active_user(user):
        return False
    if is_assigned(user, case):
        return True
    if user.role == Role.INSPECTOR and user.unit_id == case.office_id:
        return True
    return is_manager_of(user, case.office)


def can_close_case(user: User, case: EnforcementCase) -> bool:
    """Closing or dismissing: the managers over the customer's office (the office head first)."""
    if not is_active_user(user):
        return False
    return is_manager_of(user, case.office)


def can_decide_application(user: User, case: EnforcementCase) -> bool:
    """Any active member of staff may ask; the table refuses (§1.2(2)) who is not the deputy."""
    return is_active_user(user)


def require(allowed: bool) -> None:
    if not allowed:
        raise NotAllowed(_("您无权对该违约用电、窃电案件执行此操作。"))
