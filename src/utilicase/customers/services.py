"""The writers of customers, service points and monthly average prices. Each one checks
the data, writes, and appends its audit event in one transaction.

Customer data is mastered by the billing system (营销系统) and mostly arrives by the CSV
import (`customers.importing`); these services serve the admin and later intake forms.
"""

from datetime import date, datetime
from decimal import Decimal

from django.db import transaction

from utilicase.audit.services import audit_record
from utilicase.customers.domain import fields as rules
from utilicase.customers.domain.fields import FieldInvalid
from utilicase.customers.models import Customer, MonthlyAveragePrice, ServicePoint
from utilicase.org.models import Unit, UnitKind, User


class CustomerInvalid(ValueError):
    """Customer data that breaks a rule: the errors by field name."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))


def enterprise_error(enterprise: Unit) -> str | None:
    if enterprise.kind != UnitKind.ENTERPRISE:
        return f'"{enterprise.code}" is not an enterprise'
    return None


def office_error(*, office: Unit, enterprise: Unit) -> str | None:
    """The serving unit must be a business office (营业所) below the customer's enterprise."""
    if office.kind != UnitKind.OFFICE:
        return f'"{office.code}" is not a business office'
    if office.pk == enterprise.pk or not office.path.startswith(enterprise.path):
        return f'"{office.code}" is not below enterprise "{enterprise.code}"'
    return None


def customer_errors(
    *, enterprise: Unit, office: Unit, account_number: str, name: str, address: str,
    contact_phone: str, exclude_id: int | None = None,
) -> tuple[dict[str, str], dict[str, str]]:
    """(errors by field, clean values). Shared by the services and the admin form."""
    errors: dict[str, str] = {}
    clean: dict[str, str] = {}
    checks = {
        "account_number": lambda: rules.parse_account_number(account_number),
        "name": lambda: rules.parse_text(name, field="name"),
        "address": lambda: rules.parse_text(address, field="address"),
        "contact_phone": lambda: rules.parse_phone(contact_phone),
    }
    for field, check in checks.items():
        try:
            clean[field] = check()
        except FieldInvalid as exc:
            errors[field] = exc.message
    if problem := enterprise_error(enterprise):
        errors["enterprise"] = problem
    elif problem := office_error(office=office, enterprise=enterprise):
        errors["office"] = problem
    if "account_number" in clean and "enterprise" not in errors:
        taken = Customer.objects.filter(enterprise=enterprise, account_number=clean["account_number"])
        if exclude_id is not None:
            taken = taken.exclude(pk=exclude_id)
        if taken.exists():
            errors["account_number"] = f'"{clean["account_number"]}" already exists in enterprise "{enterprise.code}"'
    return errors, clean


def customer_snapshot(customer: Customer) -> dict:
    return {
        "enterprise": customer.enterprise.code,
        "office": customer.office.code,
        "account_number": customer.account_number,
        "name": customer.name,
        "address": customer.address,
        "contact_phone": customer.contact_phone,
    }


@transaction.atomic
def customer_create(
    *, actor: User | None, enterprise: Unit, office: Unit, account_number: str, name: str,
    address: str, contact_phone: str, now: datetime,
) -> Customer:
    """A new customer account of the enterprise, served by one of its business offices."""
    errors, clean = customer_errors(
        enterprise=enterprise, office=office, account_number=account_number, name=name,
        address=address, contact_phone=contact_phone,
    )
    if errors:
        raise CustomerInvalid(errors)
    customer = Customer.objects.create(enterprise=enterprise, office=office, created_at=now, **clean)
    audit_record(actor=actor, action="customers.customer.created", target=customer,
                 after=customer_snapshot(customer), now=now)
    return customer


@transaction.atomic
def customer_update(
    *, actor: User | None, customer: Customer, office: Unit | None = None, name: str | None = None,
    address: str | None = None, contact_phone: str | None = None, now: datetime,
) -> Customer:
    """Changes the office, name, address or phone (None leaves a field as it is). The
    enterprise and the account number identify the account and do not change."""
    before = customer_snapshot(customer)
    errors, clean = customer_errors(
        enterprise=customer.enterprise,
        office=office if office is not None else customer.office,
        account_number=customer.account_number,
        name=name if name is not None else customer.name,
        address=address if address is not None else customer.address,
        contact_phone=contact_phone if contact_phone is not None else customer.contact_phone,
        exclude_id=customer.pk,
    )
    if errors:
        raise CustomerInvalid(errors)
    changed = []
    if office is not None and office.pk != customer.office_id:
        customer.office = office
        changed.append("office")
    for field in ("name", "address", "contact_phone"):
        if getattr(customer, field) != clean[field]:
            setattr(customer, field, clean[field])
            changed.append(field)
    if not changed:
        return customer
    customer.save(update_fields=changed)
    audit_record(actor=actor, action="customers.customer.updated", target=customer,
                 before=before, after=customer_snapshot(customer), now=now)
    return customer


def service_point_snapshot(point: ServicePoint) -> dict:
    return {
        "utility": point.utility,
        "voltage_level": point.voltage_level,
        "customer_class": point.customer_class,
        "tariff_category": point.tariff_category,
        "unit_price": str(point.unit_price),
    }


@transaction.atomic
def service_point_set(
    *, actor: User | None, customer: Customer, voltage_level: str, customer_class: str,
    tariff_category: str, unit_price: Decimal | str, utility: str | None = None, now: datetime,
) -> ServicePoint:
    """Creates or replaces the customer's service point for the enterprise's utility.
    The class fixes the voltage level: residential and general customers are low-voltage
    (§1.2(1)), important customers high-voltage (§1.2(2))."""
    enterprise_utility = customer.enterprise.utility
    errors: dict[str, str] = {}
    values: dict = {}
    if utility is not None and utility != enterprise_utility:
        errors["utility"] = (
            f'"{utility}" is not the utility of enterprise "{customer.enterprise.code}" ({enterprise_utility})'
        )
    checks = {
        "voltage_level": lambda: rules.parse_voltage_level(voltage_level),
        "customer_class": lambda: rules.parse_customer_class(customer_class),
        "tariff_category": lambda: rules.parse_text(tariff_category, field="tariff_category"),
        "unit_price": lambda: rules.parse_price(str(unit_price)),
    }
    for field, check in checks.items():
        try:
            values[field] = check()
        except FieldInvalid as exc:
            errors[field] = exc.message
    if "voltage_level" in values and "customer_class" in values:
        if problem := rules.class_voltage_error(values["customer_class"], values["voltage_level"]):
            errors["voltage_level"] = problem
    if errors:
        raise CustomerInvalid(errors)
    point = ServicePoint.objects.select_for_update().filter(customer=customer, utility=enterprise_utility).first()
    before = service_point_snapshot(point) if point else None
    if point is None:
        point = ServicePoint.objects.create(customer=customer, utility=enterprise_utility, **values)
    else:
        for field, value in values.items():
            setattr(point, field, value)
        point.save(update_fields=list(values))
    audit_record(actor=actor, action="customers.service_point.set", target=customer,
                 before=before, after=service_point_snapshot(point), now=now)
    return point


@transaction.atomic
def monthly_price_set(
    *, actor: User | None, enterprise: Unit, month_date: date, price: Decimal | str,
    source: str = "billing", now: datetime,
) -> MonthlyAveragePrice:
    """Records (or corrects) the billing system's average unit selling price of one month,
    the price §2.7(5) compensation uses. `month_date` is the first day of the month."""
    errors: dict[str, str] = {}
    if problem := enterprise_error(enterprise):
        errors["enterprise"] = problem
    if month_date.day != 1:
        errors["month_date"] = f'"{month_date.isoformat()}" is not the first day of a month'
    try:
        amount = rules.parse_price(str(price))
    except FieldInvalid as exc:
        errors["price"] = exc.message
    try:
        source = rules.parse_text(source, field="source")
    except FieldInvalid as exc:
        errors["source"] = exc.message
    if errors:
        raise CustomerInvalid(errors)
    row = MonthlyAveragePrice.objects.select_for_update().filter(enterprise=enterprise, month_date=month_date).first()
    before = {"price": str(row.price), "source": row.source} if row else None
    if row is None:
        row = MonthlyAveragePrice.objects.create(enterprise=enterprise, month_date=month_date, price=amount,
                                                 source=source)
    else:
        row.price, row.source = amount, source
        row.save(update_fields=["price", "source"])
    audit_record(actor=actor, action="customers.monthly_price.set", target=row, before=before,
                 after={"enterprise": enterprise.code, "month": f"{month_date:%Y-%m}", "price": str(amount),
                        "source": source}, clause="§2.7(5)", now=now)
    return row
