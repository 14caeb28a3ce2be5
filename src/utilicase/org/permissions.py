"""Access functions of the organisation. Each condition on its own line."""

from utilicase.org.models import Role, Unit, User
from utilicase.org.selectors import unit_in_scope


def can_view_unit(user: User, unit: Unit) -> bool:
    return unit_in_scope(user=user, unit=unit)


def can_manage_reference_data(user: User) -> bool:
    """Organisation, staff, certificates, tariffs, calendar: administrators only."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return user.role == Role.ADMIN
