"""Demo field work orders of 城区供电营业所 (power), written through the services (numbers,
deadlines, audit events, the customer's signature), assigned to field_worker1:

- a metering order to be appointed (the phone script is shown on it);
- a fault repair appointed for three hours from now, with a delay known beforehand whose notice
  to the customer is due at the slot's start (§4.4(3));
- a metering order completed yesterday with a damage compensated, the customer's signature and a
  rating of 5 given through the one-time link (§4.4(5));
- a new connection completed today and not rated yet (a rating link can be made for it);
- when the portal's demo customer is of 城区供电营业所, a metering order of theirs completed today,
  not rated yet (the portal offers it to rate).

Needs the demo organisation and at least four power customers of 城区供电营业所."""

import base64
import io
from datetime import datetime, timedelta

from django.db import transaction
from PIL import Image, ImageDraw

from utilicase.customers.demo import demo_portal_customer
from utilicase.customers.models import Customer
from utilicase.fieldwork import services
from utilicase.fieldwork.models import ChecklistStage, FieldWorkOrder
from utilicase.fieldwork.selectors import checklist_items
from utilicase.org.models import User


def _signature() -> str:
    image = Image.new("RGBA", (400, 150), (0, 0, 0, 0))
    ImageDraw.Draw(image).line([(30, 90), (110, 30), (190, 100), (270, 35), (360, 80)], fill=(0, 0, 0, 255), width=4)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()


def _appoint(order, worker, *, start: datetime, at: datetime, preparation: str = ""):
    return services.order_appoint(actor=worker, order=order, reached="CUSTOMER", slot_start=start,
                                  slot_end=start + timedelta(hours=2), address=order.customer.address,
                                  address_confirmed=True, preparation=preparation, now=at)


def _complete(order, worker, *, start: datetime, damage: bool) -> FieldWorkOrder:
    order = _appoint(order, worker, start=start, at=start - timedelta(days=1), preparation="请清理表箱周围杂物。")
    order = services.order_depart(actor=worker, order=order, now=start - timedelta(minutes=30),
                                  checked=checklist_items(stage=ChecklistStage.BEFORE_LEAVING, utility=order.utility))
    order = services.order_arrive(actor=worker, order=order, now=start + timedelta(minutes=10))
    order = services.order_start_work(actor=worker, order=order, now=start + timedelta(minutes=15),
                                      checked=checklist_items(stage=ChecklistStage.BEFORE_WORK, utility=order.utility))
    done = start + timedelta(minutes=70)
    if damage:
        services.damage_record(actor=worker, order=order, description="搬梯子时碰坏门口地砖一块",
                               remedy="COMPENSATION", remedy_note="当场按价赔偿", amount="80.00", now=done)
    order = services.order_record_finish(actor=worker, order=order, work_done=order.description,
                                         borrowed_items="客户家梯子", borrowed_returned=True,
                                         safety_reminder="请勿私自打开表箱；如有异常请拨打 95598。", now=done)
    order = services.order_confirm(actor=worker, order=order, signer_name=order.customer.name,
                                   signature=_signature(), now=done)
    order = services.order_declare_meals(actor=worker, order=order, happened=False, now=done)
    return services.order_complete(actor=worker, order=order, now=done + timedelta(minutes=2))


@transaction.atomic
def make_demo_fieldwork(*, now: datetime) -> list[FieldWorkOrder]:
    worker = User.objects.filter(username="field_worker1").select_related("unit").first()
    customers = list(Customer.objects.filter(office__code="tf-power-city", enterprise__utility="POWER")
                     .select_related("office", "enterprise").order_by("-account_number")[:4])
    if worker is None or len(customers) < 4:
        return []
    made = []

    def order(kind, customer, description, at):
        return services.order_create(actor=worker, kind=kind, customer=customer, description=description,
                                     workers=[worker], now=at)

    made.append(order("METERING", customers[0], "电能表故障，更换电能表。", now - timedelta(hours=2)))
    repair = order("FAULT_REPAIR", customers[1], "客户报修：进户线接头发热。", now - timedelta(hours=3))
    repair = _appoint(repair, worker, start=now + timedelta(hours=3), at=now - timedelta(hours=2))
    made.append(services.order_announce_delay(actor=worker, order=repair, reason="前一户抢修尚未结束",
                                              now=now - timedelta(minutes=30)))
    metering = _complete(order("METERING", customers[2], "电能表轮换。", now - timedelta(days=3)), worker,
                         start=now - timedelta(days=1), damage=True)
    token = services.rating_link_create(actor=worker, order=metering, now=now - timedelta(hours=20))
    services.rating_submit_public(token=token, rating=5, comment="师傅准时，服务周到。", client="demo",
                                  now=now - timedelta(hours=18))
    made.append(metering)
    made.append(_complete(order("NEW_CONNECTION", customers[3], "新装接电：安装电能表并接电。", now - timedelta(days=2)),
                          worker, start=now - timedelta(hours=4), damage=False))
    # The portal's demo customer (of this office) has completed work to rate in the portal.
    portal = demo_portal_customer()
    if portal is not None and portal.office_id == worker.unit_id and portal not in customers:
        made.append(_complete(order("METERING", portal, "更换计量箱并加封。", now - timedelta(days=2)), worker,
                              start=now - timedelta(hours=6), damage=False))
    return made
