"""Who sees and works field work orders: field workers their assigned orders and their unit's,
heads their unit and below (§4.3); nobody else."""

from datetime import timedelta

import pytest

from utilicase.fieldwork import selectors, services
from utilicase.fieldwork.permissions import NotAllowed
from utilicase.org.models import Role, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def dev_worker(org):
    return User.objects.create_user(username="fw_dev", role=Role.FIELD_WORKER, unit=org["tf-power-dev"])


def visible(user):
    return sorted(selectors.order_list(user=user).values_list("number", flat=True))


def test_4_3_field_worker_sees_own_unit_and_assigned(flow, dev_worker, other_customer, example_user):
    city = flow.order()
    dev = flow.order(actor="enterprise_deputy1", customer=other_customer, workers=())
    assert visible(example_user("field_worker1")) == [city.number]
    assert visible(dev_worker) == [dev.number]
    services.order_assign_workers(actor=example_user("enterprise_deputy1"), order=city,
                                  workers=[dev_worker], now=flow.now)
    assert visible(dev_worker) == sorted([city.number, dev.number])
    assert [o.number for o in selectors.my_orders(user=dev_worker)] == [city.number]


def test_4_3_heads_see_their_unit_and_below(flow, other_customer, example_user):
    city = flow.order()
    dev = flow.order(actor="enterprise_deputy1", customer=other_customer, workers=())
    assert visible(example_user("office_head1")) == [city.number]
    assert visible(example_user("enterprise_deputy1")) == sorted([city.number, dev.number])
    assert visible(example_user("inspector1")) == []
    assert visible(example_user("hall_staff1")) == []


def test_4_3_worker_of_another_office_may_not_work_the_order(flow, dev_worker):
    order = flow.order()
    with pytest.raises(NotAllowed):
        services.order_appoint(actor=dev_worker, order=order, reached="CUSTOMER", slot_start=flow.now,
                               slot_end=flow.now + timedelta(hours=1), address="x", address_confirmed=True,
                               now=flow.now)
    with pytest.raises(NotAllowed):
        flow.order(actor="fw_dev")


def test_4_3_order_registered_as_a_case_for_documents(flow, example_user, dev_worker):
    from utilicase.core.cases import case_for

    order = flow.order()
    found = case_for(example_user("field_worker1"), "fieldwork.fieldworkorder", str(order.pk))
    assert found is not None and found[1].number == order.number and found[1].utility == "POWER"
    assert case_for(dev_worker, "fieldwork.fieldworkorder", str(order.pk)) is None


def test_4_4_order_actions_follow_the_stage_and_the_user(flow, dev_worker):
    order = flow.appointed()
    actions = {a.name: a for a in selectors.order_actions(user=flow.user("field_worker1"), order=order)}
    assert actions["depart"].open and actions["depart"].permitted and actions["depart"].clause == "§4.4(2)"
    assert not actions["arrive"].open and not actions["notify_delay"].open and not actions["rate"].open
    others = {a.name: a for a in selectors.order_actions(user=dev_worker, order=order)}
    assert not others["depart"].permitted and not others["cancel"].permitted
