"""Customers API under /api/v1/customers. Reads only: customer data comes from the billing
system by import. Every answer is restricted to the caller's scope; a customer out of
scope answers 404 like a missing one. Amounts are decimal strings ("0.5500")."""

from datetime import date, datetime
from decimal import Decimal

from django.http import Http404, HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from utilicase.config.api_types import DbId, Pages
from utilicase.customers import selectors
from utilicase.customers.domain.fields import FieldInvalid, parse_month
from utilicase.customers.models import Customer

router = Router(tags=["customers"])

PAGE_SIZE = 50


class UnitRef(Schema):
    id: int
    code: str
    name: str


class ServicePointOut(Schema):
    utility: str
    voltage_level: str
    customer_class: str
    tariff_category: str
    unit_price: Decimal


class CustomerOut(Schema):
    id: int
    account_number: str
    name: str
    address: str
    contact_phone: str
    enterprise: UnitRef
    office: UnitRef
    created_at: datetime


class CustomerDetailOut(CustomerOut):
    service_points: list[ServicePointOut]

    @staticmethod
    def resolve_service_points(obj: Customer) -> list:
        return list(obj.service_points.all())


class PriceOut(Schema):
    enterprise: str
    month: str
    month_date: date
    price: Decimal
    source: str

    @staticmethod
    def resolve_enterprise(obj) -> str:
        return obj.enterprise.code

    @staticmethod
    def resolve_month(obj) -> str:
        return f"{obj.month_date:%Y-%m}"


@router.get("", response=list[CustomerOut], summary="Customers in scope")
@paginate(Pages, page_size=PAGE_SIZE)
def list_customers(request: HttpRequest, q: str | None = None):
    """`q` matches an account number (exactly or by prefix), a phone number, or part of the name."""
    return selectors.customer_list(user=request.auth, query=q)


@router.get("/prices", response=list[PriceOut], summary="Monthly average prices of an enterprise")
def list_prices(request: HttpRequest, enterprise: str, month: str | None = None):
    """The billing system's monthly average unit selling prices (§2.7(5)), newest first:
    the last 24 months, or the one month `month` (YYYY-MM; an empty list if none)."""
    unit = selectors.enterprise_for_prices(user=request.auth, code=enterprise)
    if unit is None:
        raise Http404("unknown enterprise")
    if month is None:
        return selectors.monthly_prices(enterprise=unit)
    try:
        month_date = parse_month(month)
    except FieldInvalid as exc:
        raise HttpError(422, f"month: {exc.message}") from None
    row = selectors.monthly_average_price(enterprise=unit, month_date=month_date)
    return [row] if row is not None else []


@router.get("/{customer_id}", response=CustomerDetailOut, summary="One customer with its service points")
def get_customer(request: HttpRequest, customer_id: DbId):
    try:
        return selectors.customer_get(user=request.auth, id=customer_id)
    except Customer.DoesNotExist:
        raise Http404("customer not found") from None
