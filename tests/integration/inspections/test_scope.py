"""Who sees an order (selectors): its inspectors and its office's, the office head (and above) of
its office, the organiser of a special inspection; nobody else (a 404 like a missing one)."""

import pytest

from tests.integration.customers.factories import CustomerFactory
from utilicase.core.cases import case_for
from utilicase.inspections import selectors
from utilicase.inspections.models import InspectionOrder, Kind
from utilicase.org.models import Role
from utilicase.org.services import staff_create


@pytest.fixture
def dev_inspector(org, now):
    return staff_create(actor=None, username="inspector_dev", full_name="开发区检查员", role=Role.INSPECTOR,
                        unit=org["tf-power-dev"], password="x-pass-2026-long", now=now)


def visible(user, order) -> bool:
    try:
        selectors.order_get(user=user, id=order.pk)
        return True
    except InspectionOrder.DoesNotExist:
        return False


@pytest.mark.parametrize("username,sees", [
    ("inspector1", True), ("inspector2", True), ("office_head1", True), ("enterprise_deputy1", True),
    ("company_deputy1", True), ("hall_staff1", False), ("handler1", False), ("discipline1", False),
    ("field_worker1", False), ("admin", False),
])
def test_who_sees_a_routine_order(flow, example_user, username, sees):
    order = flow.order()
    assert visible(example_user(username), order) is sees
    assert (case_for(example_user(username), "inspections.inspectionorder", str(order.pk)) is not None) is sees


def test_an_inspector_of_another_office_sees_only_the_orders_assigned_to_them(flow, dev_inspector, org):
    order = flow.order()
    assert not visible(dev_inspector, order)
    dev_customer = CustomerFactory(office=org["tf-power-dev"], account_number="1020000009", name="开发区客户")
    theirs = flow.order(actor="enterprise_deputy1", kind=Kind.ACCIDENT, customer=dev_customer,
                        inspectors=("inspector1", "inspector2"))
    assert visible(dev_inspector, theirs)  # their office's order
    assigned = flow.order(inspectors=("inspector1", "inspector_dev"))
    assert visible(dev_inspector, assigned)


def test_the_organiser_of_a_special_inspection_sees_their_own(flow, example_user, org, dev_inspector):
    dev_customer = CustomerFactory(office=org["tf-power-dev"], account_number="1020000010", name="开发区客户二")
    order = flow.order(kind=Kind.SPECIAL, actor="company_deputy1", customer=dev_customer)
    assert visible(example_user("company_deputy1"), order)
    assert not visible(example_user("office_head1"), order)  # another office's customer, organised above it
    assert visible(example_user("enterprise_deputy1"), order)  # the office is in the deputy's enterprise


def test_order_list_is_scoped(flow, example_user, now):
    order = flow.order()
    assert [o.pk for o in selectors.order_list(user=example_user("inspector1"), now=now)] == [order.pk]
    assert list(selectors.order_list(user=example_user("hall_staff1"), now=now)) == []


def test_order_actions_say_what_the_user_may_do_and_why_not(flow, example_user):
    order = flow.submitted(inspectors=("inspector1", "inspector2", "office_head1"))
    actions = {a.name: a for a in selectors.order_actions(user=example_user("office_head1"), order=order)}
    assert set(actions) == {"approve", "return"}
    assert actions["approve"].refusal.clause == "§2.4(3)" and not actions["approve"].available
    assert actions["return"].available
    special = flow.approved(kind=Kind.SPECIAL)
    actions = {a.name: a for a in selectors.order_actions(user=example_user("inspector1"), order=special)}
    assert actions["appoint"].refusal.clause == "§2.4(2)"
    assert actions["prepare"].available
