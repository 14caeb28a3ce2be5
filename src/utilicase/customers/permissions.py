"""Access functions of the customers context. Each condition on its own line."""

from utilicase.customers.models import Customer
from utilicase.org.models import Role, Unit, UnitKind, User
from utilicase.org.selectors import company_of, unit_in_scope

HALL_ROLES = frozenset({Role.HALL_STAFF, Role.HALL_HEAD})


def hall_company(user: User) -> Unit | None:
    """The company whose customers a service-hall clerk or hall head serves: the company their
    hall belongs to (a hall takes complaints for the whole company, §6.5(i)). None for anyone
    else, whose customers are those of their scope."""
    if not user.is_authenticated or not user.is_active:
        return None
    if user.role not in HALL_ROLES:
        return None
    if user.unit_id is None or user.unit.kind != UnitKind.HALL:
        return None
    return company_of(user.unit)


def can_view_customer(user: User, customer: Customer) -> bool:
    """The one customer scope rule (customers.selectors.customers_in_scope does the same in a
    query): hall staff see every customer of their hall's company; anyone else a customer whose
    enterprise or serving office is in their scope."""
    company = hall_company(user)
    if company is not None:
        return customer.enterprise.path.startswith(company.path)
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
