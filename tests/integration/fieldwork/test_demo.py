"""The demo field work orders (§4.3, §4.4): written through the services, in the stages the
module's docstring promises."""

import pytest

from utilicase.calendar.models import Deadline
from utilicase.fieldwork.demo import make_demo_fieldwork
from utilicase.fieldwork.models import FieldWorkOrder

pytestmark = pytest.mark.django_db


def test_demo_field_work_orders(org, now):
    from tests.integration.customers.factories import CustomerFactory

    for i in range(4):
        CustomerFactory(office=org["tf-power-city"], account_number=f"10100000{i:02d}")
    made = make_demo_fieldwork(now=now)
    assert [o.status for o in made] == ["NEW", "APPOINTED", "COMPLETED", "COMPLETED"]
    rated = FieldWorkOrder.objects.get(pk=made[2].pk)
    assert (rated.rating, rated.rating_via) == (5, "LINK") and rated.damages.get().amount == 80
    assert FieldWorkOrder.objects.get(pk=made[3].pk).rating is None
    delay = Deadline.objects.get(kind="fieldwork.delay_notice")
    assert delay.target_id == str(made[1].pk) and delay.met_at is None


def test_the_portal_s_demo_customer_has_completed_work_to_rate(org, now):
    """The portal's demo customer (the power enterprise's first account) of this office gets a
    completed order, not rated, which the portal offers to rate."""
    from tests.integration.customers.factories import CustomerFactory
    from utilicase.portal.selectors import field_orders_of, may_rate

    for i in range(5):
        CustomerFactory(office=org["tf-power-city"], account_number=f"10100000{i:02d}")
    made = make_demo_fieldwork(now=now)
    assert [o.status for o in made] == ["NEW", "APPOINTED", "COMPLETED", "COMPLETED", "COMPLETED"]
    portal = made[4].customer
    assert portal.account_number == "1010000000" and portal not in [o.customer for o in made[:4]]
    shown = list(field_orders_of(portal))
    assert [o.pk for o in shown] == [made[4].pk] and may_rate(shown[0])
