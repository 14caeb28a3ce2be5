"""customers.selectors.customer_find_for_intake: hall staff look up the customers of their
hall's whole company, by account number (exact or prefix) or phone, ten at most."""

import pytest

from tests.integration.customers.factories import CustomerFactory
from utilicase.customers.selectors import INTAKE_FIND_LIMIT, customer_find_for_intake
from utilicase.org.services import unit_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def customers(org):
    return {
        "power": CustomerFactory(office=org["tf-power-city"], account_number="1010000001", contact_phone="13912345678"),
        "power2": CustomerFactory(office=org["tf-power-dev"], account_number="1010000002", contact_phone="13900000002"),
        "heat": CustomerFactory(office=org["tf-heat-east"], account_number="2010000001", contact_phone="13912345678"),
    }


def numbers(found) -> list[str]:
    return [c.account_number for c in found]


def test_hall_staff_find_the_whole_company(example_user, customers):
    assert numbers(customer_find_for_intake(user=example_user("hall_staff1"), text="1010000001")) == ["1010000001"]


def test_prefix_of_an_account_number(example_user, customers):
    assert numbers(customer_find_for_intake(user=example_user("hall_head1"), text="10100")) == [
        "1010000001", "1010000002"]


def test_exact_phone_across_enterprises(example_user, customers):
    assert numbers(customer_find_for_intake(user=example_user("hall_staff1"), text="139 1234 5678")) == [
        "1010000001", "2010000001"]


def test_an_exact_account_number_comes_first(example_user, org):
    CustomerFactory(office=org["tf-power-city"], account_number="10100000011")
    CustomerFactory(office=org["tf-power-city"], account_number="1010000001")
    assert numbers(customer_find_for_intake(user=example_user("hall_staff1"), text="1010000001")) == [
        "1010000001", "10100000011"]


def test_at_most_ten(example_user, org):
    for i in range(15):
        CustomerFactory(office=org["tf-power-city"], account_number=f"30{i:08d}")
    found = customer_find_for_intake(user=example_user("hall_staff1"), text="30")
    assert INTAKE_FIND_LIMIT == 10 and numbers(found) == [f"30{i:08d}" for i in range(10)]


def test_not_another_companys_customers(example_user, org, now):
    other = unit_create(actor=None, name="别的股份公司", code="other", kind="COMPANY", parent=None, now=now)
    enterprise = unit_create(actor=None, name="别的供电", code="other-power", kind="ENTERPRISE", parent=other,
                             utility="POWER", now=now)
    office = unit_create(actor=None, name="别的营业所", code="other-office", kind="OFFICE", parent=enterprise, now=now)
    CustomerFactory(office=office, account_number="1010000009")
    assert customer_find_for_intake(user=example_user("hall_staff1"), text="1010000009") == []


def test_other_roles_look_within_their_scope(example_user, customers):
    inspector = example_user("inspector1")  # tf-power-city
    assert numbers(customer_find_for_intake(user=inspector, text="10100")) == ["1010000001"]
    assert customer_find_for_intake(user=example_user("handler1"), text="2010000001") == []


def test_empty_text_finds_nothing(example_user, customers):
    assert customer_find_for_intake(user=example_user("hall_staff1"), text="  ") == []


def test_the_lookup_is_three_indexed_queries(example_user, customers, django_assert_max_num_queries):
    staff = example_user("hall_staff1")
    with django_assert_max_num_queries(3):  # the company, account numbers, phones
        assert len(customer_find_for_intake(user=staff, text="13912345678")) == 2
