"""Demo customers and prices: ~300 customers over three utilities and all classes, valid
data, reproducible from the seed; 24 months of plausible prices per enterprise."""

from collections import Counter
from datetime import date
from decimal import Decimal

import pytest

from utilicase.customers.demo import make_demo_customers, make_demo_prices
from utilicase.customers.domain import fields
from utilicase.customers.models import Customer, MonthlyAveragePrice, ServicePoint
from utilicase.org.models import UnitKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def enterprises(org):
    return [u for u in org.values() if u.kind == UnitKind.ENTERPRISE]


@pytest.fixture
def offices(org, enterprises):
    return {e: [u for u in org.values() if u.kind == UnitKind.OFFICE and u.parent_id == e.pk] for e in enterprises}


def snapshot() -> list[tuple]:
    return list(Customer.objects.order_by("enterprise_id", "account_number")
                .values_list("account_number", "name", "address", "contact_phone"))


def test_300_customers_over_three_utilities_and_every_class(enterprises, offices, now):
    made = make_demo_customers(enterprises=enterprises, offices_by_enterprise=offices, count=300, seed=2026, now=now)
    assert len(made) == Customer.objects.count() == ServicePoint.objects.count() == 300
    by_utility = Counter(ServicePoint.objects.values_list("utility", flat=True))
    assert set(by_utility) == {"POWER", "HEAT", "GAS"} and by_utility["POWER"] == 150
    by_class = Counter(ServicePoint.objects.values_list("customer_class", flat=True))
    assert by_class["RESIDENTIAL"] > by_class["GENERAL"] > by_class["IMPORTANT"] >= 3


def test_demo_customers_pass_the_import_rules(enterprises, offices, now):
    make_demo_customers(enterprises=enterprises, offices_by_enterprise=offices, count=300, seed=2026, now=now)
    for customer in Customer.objects.select_related("enterprise", "office"):
        assert fields.parse_phone(customer.contact_phone) == customer.contact_phone
        assert fields.parse_account_number(customer.account_number) == customer.account_number
        assert customer.office.parent_id == customer.enterprise_id
        assert customer.address.startswith(("石河子", "一"))
    for point in ServicePoint.objects.select_related("customer__enterprise"):
        assert point.utility == point.customer.enterprise.utility
        assert fields.class_voltage_error(point.customer_class, point.voltage_level) is None


def test_residents_have_peoples_names_and_others_company_names(enterprises, offices, now):
    make_demo_customers(enterprises=enterprises, offices_by_enterprise=offices, count=300, seed=2026, now=now)
    residents = ServicePoint.objects.filter(customer_class="RESIDENTIAL").values_list("customer__name", flat=True)
    assert all(2 <= len(name) <= 4 or "·" in name for name in residents)
    others = ServicePoint.objects.exclude(customer_class="RESIDENTIAL").values_list("customer__name", flat=True)
    assert all(name.endswith(("公司", "医院")) for name in others)


def test_same_seed_same_customers(enterprises, offices, now):
    make_demo_customers(enterprises=enterprises, offices_by_enterprise=offices, count=60, seed=7, now=now)
    first = snapshot()
    Customer.objects.all().delete()
    make_demo_customers(enterprises=enterprises, offices_by_enterprise=offices, count=60, seed=7, now=now)
    assert snapshot() == first
    Customer.objects.all().delete()
    make_demo_customers(enterprises=enterprises, offices_by_enterprise=offices, count=60, seed=8, now=now)
    assert snapshot() != first


def test_offices_may_be_keyed_by_code(org, enterprises, offices, now):
    by_code = {e.code: v for e, v in offices.items()}
    assert len(make_demo_customers(enterprises=enterprises, offices_by_enterprise=by_code, count=10, now=now)) == 10


def test_demo_customers_are_written_in_a_few_queries(enterprises, offices, now, django_assert_max_num_queries):
    with django_assert_max_num_queries(20):
        make_demo_customers(enterprises=enterprises, offices_by_enterprise=offices, count=300, seed=2026, now=now)


def test_24_months_of_plausible_prices_per_enterprise(org, enterprises):
    make_demo_prices(enterprises=enterprises, months=24, end_month_date=date(2026, 8, 1), seed=2026)
    assert MonthlyAveragePrice.objects.count() == 72
    power = MonthlyAveragePrice.objects.filter(enterprise=org["tf-power"])
    assert min(p.month_date for p in power) == date(2024, 9, 1)
    assert max(p.month_date for p in power) == date(2026, 8, 1)
    ranges = {"POWER": ("0.50", "0.60"), "HEAT": ("20", "30"), "GAS": ("2.0", "2.5")}
    for price in MonthlyAveragePrice.objects.select_related("enterprise"):
        low, high = ranges[price.enterprise.utility]
        assert Decimal(low) <= price.price <= Decimal(high)
