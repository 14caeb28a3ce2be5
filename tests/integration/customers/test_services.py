"""Writers of customers, service points and monthly prices: rules, constraints and audit."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from tests.integration.customers.factories import CustomerFactory, ServicePointFactory
from utilicase.audit.models import AuditEvent
from utilicase.customers.models import Customer, MonthlyAveragePrice, ServicePoint
from utilicase.customers.services import (
    CustomerInvalid,
    customer_create,
    customer_update,
    monthly_price_set,
    service_point_set,
)

pytestmark = pytest.mark.django_db


def create(org, now, **changes) -> Customer:
    values = dict(actor=None, enterprise=org["tf-power"], office=org["tf-power-city"], account_number="1010000001",
                  name="王建华", address="石河子市北三路52小区3栋2单元401", contact_phone="139 1234 5678", now=now)
    return customer_create(**{**values, **changes})


def test_customer_create_stores_clean_values_and_audits(org, now, example_user):
    customer = create(org, now, actor=example_user("admin"))
    assert customer.contact_phone == "13912345678" and customer.created_at == now
    event = AuditEvent.objects.get(action="customers.customer.created")
    assert event.target_id == str(customer.pk)
    assert event.after["account_number"] == "1010000001" and event.after["office"] == "tf-power-city"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"office": "tf-heat-east"}, "office"),
        ({"office": "tf-power-marketing"}, "office"),
        ({"enterprise": "tf-power-city"}, "enterprise"),
        ({"contact_phone": "12345"}, "contact_phone"),
        ({"account_number": "10 01"}, "account_number"),
        ({"name": " "}, "name"),
        ({"address": "北三路\x0052号"}, "address"),
    ],
)
def test_customer_create_refuses_bad_data(org, now, changes, field):
    resolved = {k: org[v] if k in ("office", "enterprise") else v for k, v in changes.items()}
    with pytest.raises(CustomerInvalid) as exc:
        create(org, now, **resolved)
    assert field in exc.value.errors
    assert not Customer.objects.exists()


def test_account_number_is_unique_per_enterprise(org, now):
    create(org, now)
    with pytest.raises(CustomerInvalid) as exc:
        create(org, now, name="另一户")
    assert exc.value.errors == {"account_number": '"1010000001" already exists in enterprise "tf-power"'}
    create(org, now, enterprise=org["tf-gas"], office=org["tf-gas-city"])  # another enterprise: allowed


def test_database_refuses_a_duplicate_account_too(org):
    CustomerFactory(office=org["tf-power-city"], account_number="1010000001")
    with pytest.raises(IntegrityError), transaction.atomic():
        CustomerFactory(office=org["tf-power-dev"], account_number="1010000001")


def test_customer_update_changes_and_audits_before_and_after(org, now):
    customer = create(org, now)
    customer_update(actor=None, customer=customer, contact_phone="0993-2123456", office=org["tf-power-dev"], now=now)
    customer.refresh_from_db()
    assert customer.contact_phone == "0993-2123456" and customer.office == org["tf-power-dev"]
    event = AuditEvent.objects.get(action="customers.customer.updated")
    assert event.before["contact_phone"] == "13912345678" and event.after["contact_phone"] == "0993-2123456"


def test_customer_update_without_change_writes_no_event(org, now):
    customer = create(org, now)
    customer_update(actor=None, customer=customer, name="王建华", now=now)
    assert not AuditEvent.objects.filter(action="customers.customer.updated").exists()


def test_customer_update_refuses_an_office_of_another_enterprise(org, now):
    customer = create(org, now)
    with pytest.raises(CustomerInvalid) as exc:
        customer_update(actor=None, customer=customer, office=org["tf-gas-city"], now=now)
    assert list(exc.value.errors) == ["office"]


def test_service_point_set_creates_then_replaces(org, now):
    customer = create(org, now)
    service_point_set(actor=None, customer=customer, voltage_level="LOW", customer_class="RESIDENTIAL",
                      tariff_category="居民生活用电", unit_price="0.51", now=now)
    point = service_point_set(actor=None, customer=customer, voltage_level="HIGH", customer_class="IMPORTANT",
                              tariff_category="大工业", unit_price=Decimal("0.4230"), now=now)
    assert ServicePoint.objects.get() == point
    assert (point.utility, point.customer_class, point.unit_price) == ("POWER", "IMPORTANT", Decimal("0.4230"))
    events = list(AuditEvent.objects.filter(action="customers.service_point.set"))
    assert events[0].before is None and events[1].before["customer_class"] == "RESIDENTIAL"


def test_important_customer_must_be_high_voltage_s1_2_2(org, now):
    customer = create(org, now)
    with pytest.raises(CustomerInvalid) as exc:
        service_point_set(actor=None, customer=customer, voltage_level="LOW", customer_class="IMPORTANT",
                          tariff_category="大工业", unit_price="0.42", now=now)
    assert "(§1.2(2))" in exc.value.errors["voltage_level"]


def test_service_point_utility_is_the_enterprise_utility(org, now):
    customer = create(org, now)
    with pytest.raises(CustomerInvalid) as exc:
        service_point_set(actor=None, customer=customer, utility="GAS", voltage_level="LOW",
                          customer_class="RESIDENTIAL", tariff_category="居民生活用气", unit_price="2.07", now=now)
    assert list(exc.value.errors) == ["utility"]


@pytest.mark.parametrize(("customer_class", "voltage"), [("IMPORTANT", "LOW"), ("RESIDENTIAL", "HIGH"),
                                                         ("GENERAL", "HIGH")])
def test_database_refuses_a_class_on_the_wrong_voltage(org, customer_class, voltage):
    with pytest.raises(IntegrityError), transaction.atomic():
        ServicePointFactory(customer__office=org["tf-power-city"], customer_class=customer_class,
                            voltage_level=voltage)


def test_database_refuses_a_non_positive_price(org):
    with pytest.raises(IntegrityError), transaction.atomic():
        ServicePointFactory(customer__office=org["tf-power-city"], unit_price=Decimal("0"))


def test_monthly_price_set_upserts_and_audits_under_s2_7_5(org, now):
    monthly_price_set(actor=None, enterprise=org["tf-power"], month_date=date(2026, 8, 1), price="0.5521", now=now)
    monthly_price_set(actor=None, enterprise=org["tf-power"], month_date=date(2026, 8, 1), price="0.5530", now=now)
    assert MonthlyAveragePrice.objects.get().price == Decimal("0.5530")
    events = list(AuditEvent.objects.filter(action="customers.monthly_price.set"))
    assert [e.clause for e in events] == ["§2.7(5)", "§2.7(5)"]
    assert events[1].before == {"price": "0.5521", "source": "billing"}


def test_monthly_price_needs_the_first_day_and_an_enterprise(org, now):
    with pytest.raises(CustomerInvalid) as exc:
        monthly_price_set(actor=None, enterprise=org["tf-power-city"], month_date=date(2026, 8, 15), price="-1",
                          now=now)
    assert set(exc.value.errors) == {"enterprise", "month_date", "price"}
