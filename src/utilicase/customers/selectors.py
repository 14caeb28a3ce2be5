"""Reads of customers, restricted at the source to the user's customer scope (one rule,
customers_in_scope). A customer out of scope is answered exactly like a missing one."""

import re
from datetime import date

from django.db.models import Prefetch, Q, QuerySet

from utilicase.customers.domain import fields as rules
from utilicase.customers.models import Customer, MonthlyAveragePrice, ServicePoint
from utilicase.customers.permissions import can_view_prices, hall_company
from utilicase.org.models import Unit, UnitKind, User
from utilicase.org.selectors import units_in_scope

INTAKE_FIND_LIMIT = 10


def customers_in_scope(*, user: User) -> QuerySet[Customer]:
    """The one rule of which customers a user may see, used by every page and lookup: staff of a
    service hall, who take complaints for the whole company their hall belongs to, see that
    company's customers; anyone else sees a customer whose enterprise or serving office is their
    unit or below it (permissions.can_view_customer decides the same for one customer)."""
    company = hall_company(user)
    if company is not None:
        customers = Customer.objects.filter(enterprise__path__startswith=company.path)
    else:
        scope = units_in_scope(user=user)
        customers = Customer.objects.filter(Q(enterprise__in=scope) | Q(office__in=scope))
    return customers.select_related("enterprise", "office")


_NUMBER_LIKE = re.compile(r"[0-9+()\-]+")


def customer_list(*, user: User, query: str | None = None) -> QuerySet[Customer]:
    """The customers in the user's scope, by enterprise and account number. `query` matches
    an account number exactly or by prefix, a phone number, or part of the name. A query of
    digits (and phone punctuation) is no name: it is matched on the indexed account number and
    phone only, so it never reads every customer for a name containing it."""
    customers = customers_in_scope(user=user)
    text = (query or "").strip()
    if text:
        phone = "".join(text.split())
        matches = Q(account_number__startswith=text) | Q(contact_phone=phone)
        if not _NUMBER_LIKE.fullmatch(phone):
            matches |= Q(name__contains=text)
        customers = customers.filter(matches)
    return customers.order_by("enterprise__path", "account_number")


def customer_get(*, user: User, id: int) -> Customer:
    """The customer with its service points; Customer.DoesNotExist when it is missing or
    out of the user's scope (the two are not told apart)."""
    return customers_in_scope(user=user).prefetch_related(
        Prefetch("service_points", queryset=ServicePoint.objects.order_by("utility"))
    ).get(pk=id)


def customer_find_for_intake(*, user: User, text: str) -> list[Customer]:
    """Complaint intake lookup (§6.5(ii)(5): record the customer's details without making them
    repeat), within the user's customer scope (customers_in_scope). Matches an account number
    exactly or by prefix, or a phone number exactly (both columns indexed, one query each);
    exact account matches first, at most INTAKE_FIND_LIMIT customers."""
    compact = "".join((text or "").split())
    if not compact:
        return []
    customers = customers_in_scope(user=user)
    by_account = list(customers.filter(account_number__startswith=compact)
                      .order_by("account_number", "enterprise__path")[:INTAKE_FIND_LIMIT])
    by_phone = list(customers.filter(contact_phone=compact).order_by("account_number")[:INTAKE_FIND_LIMIT])
    found = {c.pk: c for c in sorted(by_account, key=lambda c: c.account_number != compact) + by_phone}
    return list(found.values())[:INTAKE_FIND_LIMIT]


def monthly_average_price(*, enterprise: Unit, month_date: date) -> MonthlyAveragePrice | None:
    """The billing system's average unit selling price of the month `month_date` is in.
    §2.7(5) compensation uses the month before the outage: pass `previous_month(...)`."""
    return (
        MonthlyAveragePrice.objects.filter(enterprise=enterprise, month_date=rules.month_start(month_date))
        .select_related("enterprise").first()
    )


def monthly_prices(*, enterprise: Unit, limit: int = 24) -> list[MonthlyAveragePrice]:
    """The enterprise's latest monthly average prices, newest first."""
    return list(
        MonthlyAveragePrice.objects.filter(enterprise=enterprise)
        .select_related("enterprise").order_by("-month_date")[:limit]
    )


def enterprise_for_prices(*, user: User, code: str) -> Unit | None:
    """The enterprise with this code when the user may read its prices (see permissions)."""
    enterprise = Unit.objects.filter(code=code, kind=UnitKind.ENTERPRISE).first()
    if enterprise is None or not can_view_prices(user, enterprise):
        return None
    return enterprise
