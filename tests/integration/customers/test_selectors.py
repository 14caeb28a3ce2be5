"""Scoped reads: a customer is visible when its enterprise or office is in the user's scope (hall
staff: see test_scope.py); search by account number, phone and name."""

from datetime import date
from decimal import Decimal

import pytest

from tests.integration.customers.factories import CustomerFactory
from utilicase.customers.models import Customer, MonthlyAveragePrice
from utilicase.customers.selectors import (
    customer_get,
    customer_list,
    monthly_average_price,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def customers(org):
    return {
        "city": CustomerFactory(office=org["tf-power-city"], account_number="1010000001", name="王建华",
                                contact_phone="13912345678"),
        "city2": CustomerFactory(office=org["tf-power-city"], account_number="1010000002", name="石河子市恒源纺织有限公司",
                                 contact_phone="0993-2123456"),
        "dev": CustomerFactory(office=org["tf-power-dev"], account_number="1020000001", name="李海燕"),
        "heat": CustomerFactory(office=org["tf-heat-east"], account_number="2010000001", name="王丽",
                                contact_phone="13912345678"),
    }


def names(queryset) -> set[str]:
    return {c.account_number for c in queryset}


def test_office_staff_see_the_customers_their_office_serves(customers, example_user):
    assert names(customer_list(user=example_user("inspector1"))) == {"1010000001", "1010000002"}


def test_enterprise_staff_see_their_enterprise_and_not_another(customers, example_user):
    assert names(customer_list(user=example_user("enterprise_deputy1"))) == {"1010000001", "1010000002", "1020000001"}


def test_company_staff_see_every_enterprise(customers, example_user):
    assert len(customer_list(user=example_user("company_deputy1"))) == 4


def test_staff_of_a_unit_without_customers_see_none(customers, example_user):
    assert names(customer_list(user=example_user("handler1"))) == set()


def test_customer_get_out_of_scope_is_the_same_as_missing(customers, example_user):
    deputy = example_user("enterprise_deputy1")
    assert customer_get(user=deputy, id=customers["dev"].pk) == customers["dev"]
    with pytest.raises(Customer.DoesNotExist):
        customer_get(user=deputy, id=customers["heat"].pk)
    with pytest.raises(Customer.DoesNotExist):
        customer_get(user=deputy, id=999_999)


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("1010000001", {"1010000001"}),          # exact account
        ("101000", {"1010000001", "1010000002"}),  # account prefix
        ("0000001", set()),                      # not a prefix
        ("13912345678", {"1010000001"}),        # phone; the heat customer is out of scope
        ("139 1234 5678", {"1010000001"}),       # phone typed with spaces
        ("0993-2123456", {"1010000002"}),
        ("恒源", {"1010000002"}),                 # part of the name
        ("王", {"1010000001"}),
        ("  ", {"1010000001", "1010000002", "1020000001"}),
    ],
)
def test_search_by_account_phone_and_name(customers, example_user, query, found):
    assert names(customer_list(user=example_user("enterprise_deputy1"), query=query)) == found


def test_monthly_average_price_of_any_day_of_the_month(org):
    MonthlyAveragePrice.objects.create(enterprise=org["tf-power"], month_date=date(2026, 8, 1), price=Decimal("0.5521"))
    assert monthly_average_price(enterprise=org["tf-power"], month_date=date(2026, 8, 20)).price == Decimal("0.5521")
    assert monthly_average_price(enterprise=org["tf-power"], month_date=date(2026, 9, 1)) is None
    assert monthly_average_price(enterprise=org["tf-heat"], month_date=date(2026, 8, 1)) is None


@pytest.mark.parametrize("query", ["13912345678", "0993-2123456", "101000"])
def test_search_by_number_reads_the_indexed_columns_only(org, example_user, query):
    """A query of digits is no name: it never becomes LIKE '%…%' on the name, which no index
    serves (a whole-table read at a million customers)."""
    sql = str(customer_list(user=example_user("enterprise_deputy1"), query=query).query)
    assert '"name"' not in sql.split("WHERE", 1)[1]
    assert '"contact_phone"' in sql and '"account_number"' in sql
