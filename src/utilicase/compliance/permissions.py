"""Who reads compliance by clause: managers (office heads, deputies) every row but the
confidential ones (not the administrator, whose work is reference data, not cases); the service-hall head the complaint rows; discipline inspection the
whistleblower-report rows alone (§6.7(iii)(1-6)). `user=None` is the operator at the command
line: every row but the confidential ones. Each condition on its own line."""

from utilicase.compliance.registry import COMPLAINTS, CONFIDENTIAL, MANAGERS
from utilicase.org.models import Role
from utilicase.org.permissions import MANAGER_ROLES, is_active_user, is_discipline_member


def audience_allows(audience: str, user) -> bool:
    if user is None:
        return audience != CONFIDENTIAL
    if not is_active_user(user):
        return False
    if audience == CONFIDENTIAL:
        return is_discipline_member(user)
    if audience == MANAGERS:
        return user.role in MANAGER_ROLES
    if audience == COMPLAINTS:
        return user.role in MANAGER_ROLES or user.role == Role.HALL_HEAD
    return False


def can_view_compliance(user) -> bool:
    return any(audience_allows(a, user) for a in (MANAGERS, COMPLAINTS, CONFIDENTIAL))
