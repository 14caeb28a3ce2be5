"""The organisation around a complaint: the hall's heads, where a complaint may be routed,
who may take it over or handle it, the customers and categories chosen at intake."""


from django.db.models import QuerySet
from django.utils.translation import gettext as _

from utilicase.complaints import permissions as perms
from utilicase.complaints.domain import transitions as table
from utilicase.complaints.models import Complaint, ComplaintCategory
from utilicase.customers.models import Customer
from utilicase.customers.selectors import customer_find_for_intake, customers_in_scope
from utilicase.org.models import Role, Unit, UnitKind, User
from utilicase.org.selectors import company_of, staff_with_role


def customer_in_company(*, customer: Customer, unit: Unit) -> bool:
    return customer.enterprise.path.startswith(company_of(unit).path)


def hall_heads(*, hall: Unit) -> QuerySet[User]:
    return staff_with_role(role=Role.HALL_HEAD, unit=hall).order_by("username")


def leadership_units(*, hall: Unit) -> list[Unit]:
    """Leadership (领导) an opinion-book complaint may be passed to (§6.6(7)): the hall's company
    (its deputy manager) and the company's supply enterprises (theirs)."""
    company = company_of(hall)
    return [company, *Unit.objects.filter(path__startswith=company.path, kind=UnitKind.ENTERPRISE).order_by("path")]


def route_targets(*, complaint: Complaint) -> list[Unit]:
    """Where a complaint may be routed: its own hall (the hall head answers), every department
    of the hall's company and, for an opinion-book complaint, leadership (§6.6(7))."""
    company = company_of(complaint.hall)
    departments = Unit.objects.filter(path__startswith=company.path, kind=UnitKind.DEPARTMENT).order_by("path")
    leaders = leadership_units(hall=complaint.hall) if complaint.channel == table.OPINION_BOOK else []
    return [complaint.hall, *departments, *leaders]


def route_target_error(*, complaint: Complaint, unit: Unit) -> str | None:
    if unit.pk == complaint.hall_id:
        return None
    if unit.kind in perms.LEADERSHIP_KINDS:
        if complaint.channel != table.OPINION_BOOK:
            return _("只有意见簿投诉由营业厅负责人向领导反映；其他投诉转给相关部门。")
        if unit.pk not in {u.pk for u in leadership_units(hall=complaint.hall)}:
            return _("该单位不是本营业厅所在公司的领导。")
        return None
    if unit.kind != UnitKind.DEPARTMENT:
        return _("投诉只能转给部门，或由本营业厅负责人答复。")
    if not unit.path.startswith(company_of(complaint.hall).path):
        return _("该部门不属于本营业厅所在公司。")
    return None


def handlers_of(*, unit: Unit) -> QuerySet[User]:
    return staff_with_role(role=perms.handler_role(unit), unit=unit).order_by("username")


def hand_over_targets(*, complaint: Complaint) -> QuerySet[User]:
    return (User.objects.filter(unit_id=complaint.hall_id, role__in=perms.HALL_ROLES, is_active=True)
            .exclude(pk=complaint.first_contact_owner_id).order_by("username"))


def intake_customer(*, user: User, id: int) -> Customer | None:
    """A customer chosen at intake: one in the user's customer scope (for hall staff, the
    customers of their hall's company; see customers.selectors.customers_in_scope), or None."""
    if not perms.can_receive_complaint(user):
        return None
    return customers_in_scope(user=user).filter(pk=id).first()


def intake_customers_by_account(*, user: User, account: str) -> list[Customer]:
    """The customers of the user's company with exactly this account number (one per
    enterprise at most)."""
    compact = "".join((account or "").split())
    return [c for c in customer_find_for_intake(user=user, text=compact) if c.account_number == compact]


def categories() -> QuerySet[ComplaintCategory]:
    return ComplaintCategory.objects.filter(is_active=True).order_by("position", "id")
