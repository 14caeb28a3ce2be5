"""Access functions of the organisation. Each condition on its own line."""

from utilicase.org.models import Role, Unit, User
from utilicase.org.selectors import member_unit_id, unit_in_scope


def can_view_unit(user: User, unit: Unit) -> bool:
    return unit_in_scope(user=user, unit=unit)


def can_manage_reference_data(user: User) -> bool:
    """Organisation, staff, certificates, tariffs, calendar: administrators only."""
    if not user.is_authenticated or not user.is_active:
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
