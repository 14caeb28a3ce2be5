"""Fixtures for the field service tests: a power customer of 城区供电营业所 and `flow`, which takes
a field work order through its stages with the demo users at pinned times (the pinned clock is
2026-09-30 10:00 Asia/Shanghai; the slot agreed is 10:00-12:00 that day)."""

import base64
from datetime import datetime, timedelta

import pytest

from tests.integration.customers.factories import CustomerFactory
from tests.integration.documents.conftest import ink_png
from utilicase.fieldwork import services
from utilicase.fieldwork.models import FieldWorkOrder, Kind
from utilicase.fieldwork.selectors import checklist_items


def data_url(seed: int = 1) -> str:
    return "data:image/png;base64," + base64.b64encode(ink_png(seed)).decode()


@pytest.fixture
def customer(org):
    return CustomerFactory(office=org["tf-power-city"], account_number="1010000001", name="王建华",
                           contact_phone="13912345678", address="城区解放路 12 号")


@pytest.fixture
def other_customer(org):
    return CustomerFactory(office=org["tf-power-dev"], account_number="1020000001", name="开发区客户",
                           contact_phone="13912345679")


class Flow:
    def __init__(self, org, example_user, now: datetime, customer):
        self.org, self.user, self.now, self.customer = org, example_user, now, customer
        self.slot_start, self.slot_end = now, now + timedelta(hours=2)

    def order(self, *, kind=Kind.METERING, actor="field_worker1", workers=("field_worker1",), customer=None,
              **kwargs) -> FieldWorkOrder:
        return services.order_create(actor=self.user(actor), kind=kind, customer=customer or self.customer,
                                     description=kwargs.pop("description", "更换电能表。"),
                                     workers=[self.user(u) for u in workers], now=self.now - timedelta(days=1),
                                     **kwargs)

    def appointed(self, **kwargs) -> FieldWorkOrder:
        return services.order_appoint(
            actor=self.user("field_worker1"), order=self.order(**kwargs), reached="CUSTOMER",
            slot_start=self.slot_start, slot_end=self.slot_end, address="城区解放路 12 号", address_confirmed=True,
            preparation="请清理电表箱周围杂物。", now=self.now - timedelta(hours=20))

    def departed(self, **kwargs) -> FieldWorkOrder:
        order = self.appointed(**kwargs)
        return services.order_depart(actor=self.user("field_worker1"), order=order,
                                     checked=checklist_items(stage="BEFORE_LEAVING", utility=order.utility),
                                     now=self.now - timedelta(minutes=40))

    def arrived(self, **kwargs) -> FieldWorkOrder:
        return services.order_arrive(actor=self.user("field_worker1"), order=self.departed(**kwargs),
                                     now=self.now + timedelta(minutes=5))

    def working(self, **kwargs) -> FieldWorkOrder:
        order = self.arrived(**kwargs)
        return services.order_start_work(actor=self.user("field_worker1"), order=order,
                                         checked=checklist_items(stage="BEFORE_WORK", utility=order.utility),
                                         now=self.now + timedelta(minutes=10))

    def finishable(self, **kwargs) -> FieldWorkOrder:
        order = self.working(**kwargs)
        worker, at = self.user("field_worker1"), self.now + timedelta(minutes=50)
        order = services.order_record_finish(actor=worker, order=order, work_done="已更换电能表并封印。",
                                             borrowed_items="梯子", borrowed_returned=True,
                                             safety_reminder="请勿私自打开表箱。", now=at)
        order = services.order_confirm(actor=worker, order=order, signer_name="王建华", signature=data_url(),
                                       now=at)
        return services.order_declare_meals(actor=worker, order=order, happened=False, now=at)

    def completed(self, **kwargs) -> FieldWorkOrder:
        order = self.finishable(**kwargs)
        return services.order_complete(actor=self.user("field_worker1"), order=order,
                                       now=self.now + timedelta(minutes=55))


@pytest.fixture
def flow(org, example_user, now, customer):
    return Flow(org, example_user, now, customer)
