"""Access functions of the organisation. Each condition on its own line."""

from utilicase.org.models import Role, Unit, User
from utilicase.org.selectors import member_unit_id, unit_in_scope

# The heads over units: office heads, enterprise and company deputies.
MANAGER_ROLES = frozenset({Role.OFFICE_HEAD, Role.ENTERPRISE_DEPUTY, Role.COMPANY_DEPUTY})


def is_active_user(user: User) -> bool:
    return user.is_authenticated and user.is_active


def in_unit(user: User, unit: Unit) -> bool:
    """The unit is the user's home unit or below it."""
    if user.unit_id is None:
        return False
    return unit.path.startswith(user.unit.path)


def is_manager_of(user: User, unit: Unit) -> bool:
    """An office head, enterprise or company deputy whose scope holds the unit."""
    if user.role not in MANAGER_ROLES:
        return False
    return in_unit(user, unit)


def can_view_unit(user: User, unit: Unit) -> bool:
    return unit_in_scope(user=user, unit=unit)


def can_manage_reference_data(user: User) -> bool:
    """Organisation, staff, certificates, tariffs, calendar: administrators only."""
    if not is_active_user(user):
        return False
    if user.is_superuser:
        return True
    return user.role == Role.ADMIN


# Record types ("app_label.model") that, with whatever points at them (deadlines, audit events),
# only discipline inspection sees (§6.7(iii)(1-6)). Whistleblower reports register themselves.
CONFIDENTIAL_TARGET_TYPES: set[str] = set()


def is_discipline_member(user: User) -> bool:
    """The role `discipline` backed by a confirmed grant in force for the user's unit
    (§6.7(iii)(1-6)). Superuser status grants nothing here."""
    return member_unit_id(user=user) is not None


def can_see_confidential(user: User) -> bool:
    return is_discipline_member(user)
