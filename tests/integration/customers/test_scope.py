"""One customer scope rule for every page: the customer list, the customer page and the complaint
intake lookup answer the same for the same user. Hall staff and the hall head serve the whole
company their hall belongs to (§6.5(i)); anyone else sees the customers of their unit's scope."""

import re

import pytest
from django.urls import reverse

from tests.integration.customers.factories import CustomerFactory
from utilicase.customers.permissions import can_view_customer
from utilicase.customers.selectors import customer_find_for_intake, customer_list, customers_in_scope
from utilicase.org.services import unit_create

pytestmark = pytest.mark.django_db

PHONE = "13912345678"
# Who sees which of the four customers (the fourth belongs to another company).
EXPECTED = {
    "hall_staff1": {"1010000001", "1010000002", "2010000001"},
    "hall_head1": {"1010000001", "1010000002", "2010000001"},
    "company_deputy1": {"1010000001", "1010000002", "2010000001"},
    "enterprise_deputy1": {"1010000001", "1010000002"},
    "inspector1": {"1010000001"},
    "handler1": set(),
    "discipline1": set(),
}


@pytest.fixture
def customers(org, now):
    other = unit_create(actor=None, name="别的股份公司", code="other", kind="COMPANY", parent=None, now=now)
    enterprise = unit_create(actor=None, name="别的供电", code="other-power", kind="ENTERPRISE", parent=other,
                             utility="POWER", now=now)
    office = unit_create(actor=None, name="别的营业所", code="other-office", kind="OFFICE", parent=enterprise, now=now)
    return {c.account_number: c for c in (
        CustomerFactory(office=org["tf-power-city"], account_number="1010000001", contact_phone=PHONE),
        CustomerFactory(office=org["tf-power-dev"], account_number="1010000002", contact_phone=PHONE),
        CustomerFactory(office=org["tf-heat-east"], account_number="2010000001", contact_phone=PHONE),
        CustomerFactory(office=office, account_number="1010000009", contact_phone=PHONE),
    )}


def accounts(found) -> set[str]:
    return {c.account_number for c in found}


@pytest.mark.parametrize("username", sorted(EXPECTED))
def test_one_rule_for_the_list_the_lookup_and_one_customer(example_user, customers, username):
    user = example_user(username)
    assert accounts(customers_in_scope(user=user)) == EXPECTED[username]
    assert accounts(customer_list(user=user)) == EXPECTED[username]
    assert accounts(customer_find_for_intake(user=user, text=PHONE)) == EXPECTED[username]
    assert {a for a, c in customers.items() if can_view_customer(user, c)} == EXPECTED[username]


def list_page_accounts(client, q: str) -> set[str]:
    page = client.get(reverse("customers:list"), {"q": q}).content.decode()
    return set(re.findall(r'/customers/\d+/">(\d+)</a>', page))


def lookup_page_accounts(client, q: str) -> set[str]:
    page = client.get(reverse("complaints:customer_lookup"), {"q": q}).content.decode()
    return set(re.findall(r"<strong>(\d+)</strong>", page))


@pytest.mark.parametrize("username", ["hall_staff1", "hall_head1"])
def test_section_6_5_i_hall_staff_find_the_same_customers_on_both_pages(client, example_user, customers, username):
    client.force_login(example_user(username))
    for q in (PHONE, "10100"):
        on_list = list_page_accounts(client, q)
        assert on_list == lookup_page_accounts(client, q)
        assert on_list == {a for a in EXPECTED[username] if a.startswith(q) or q == PHONE}
    assert "您的管辖范围内还没有客户" not in client.get(reverse("customers:list")).content.decode()


@pytest.mark.parametrize("username", sorted(EXPECTED))
def test_the_customer_page_opens_exactly_for_the_customers_in_scope(client, example_user, customers, username):
    client.force_login(example_user(username))
    for account, customer in customers.items():
        status = client.get(reverse("customers:detail", args=[customer.pk])).status_code
        assert status == (200 if account in EXPECTED[username] else 404), account
    assert list_page_accounts(client, PHONE) == EXPECTED[username]
