"""Access functions of the customers context. Each condition on its own line."""

from utilicase.customers.models import Customer
from utilicase.org.models import Role, Unit, UnitKind, User
from utilicase.org.selectors import unit_in_scope


def can_view_customer(user: User, customer: Customer) -> bool:
    """The customer's enterprise or serving office is in the user's scope."""
    if unit_in_scope(user=user, unit=customer.enterprise):
        return True
    return unit_in_scope(user=user, unit=customer.office)


def can_view_prices(user: User, enterprise: Unit) -> bool:
    """An enterprise's monthly average prices are read by staff of that enterprise (its
    offices included, who price §2.7(5) compensation) and by anyone above it."""
    if not user.is_authenticated or not user.is_active:
        return False
    if enterprise.kind != UnitKind.ENTERPRISE:
        return False
    if unit_in_scope(user=user, unit=enterprise):
        return True
    if user.unit_id is None:
        return False
    return user.unit.path.startswith(enterprise.path)


def can_manage_customers(user: User) -> bool:
    """Customer and price data come from the billing system; administrators maintain them."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return user.role == Role.ADMIN
