"""The field service pages: a metering order taken from the appointment to the customer's rating
through its page, refusals kept in their form beside the clause, the worker's list of today by
slot, and the public rating page (no login, valid once, CSP-clean)."""

import base64
import re
from datetime import timedelta

import pytest
from django.urls import reverse

from tests.integration.customers.factories import CustomerFactory
from tests.integration.documents.conftest import ink_png
from utilicase.fieldwork import services
from utilicase.fieldwork.models import FieldWorkOrder, Kind, RatingVia, Status
from utilicase.fieldwork.selectors import checklist_items

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def clock(monkeypatch, now):
    monkeypatch.setattr("django.utils.timezone.now", lambda: now)


@pytest.fixture
def customer(org):
    return CustomerFactory(office=org["tf-power-city"], account_number="1010000001", name="Wang Jianhua",
                           address="12 Jiefang Road")


@pytest.fixture
def order(example_user, customer, now):
    return services.order_create(actor=example_user("field_worker1"), kind=Kind.METERING, customer=customer,
                                 description="Replace the meter.", workers=[example_user("field_worker1")],
                                 now=now - timedelta(days=1))


def data_url() -> str:
    return "data:image/png;base64," + base64.b64encode(ink_png(1)).decode()


def act(client, order, name, data=None, **extra):
    return client.post(reverse("fieldwork:act", args=[order.pk, name]), data or {}, **extra)


def page_of(client, order) -> str:
    return client.get(reverse("fieldwork:detail", args=[order.pk])).content.decode()


def block(page: str, block_id: str) -> str:
    return page.split(f'id="{block_id}"')[1].split("</form>")[0]


def ticks(order, stage) -> dict:
    return {f"item_{i}": "on" for i, _ in enumerate(checklist_items(stage=stage, utility=order.utility))}


APPOINT = {"reached": "CUSTOMER", "reached_name": "Wang Jianhua", "slot_start": "2026-09-30T10:00",
           "slot_end": "2026-09-30T12:00", "address": "12 Jiefang Road", "address_confirmed": "on",
           "preparation": "Clear the meter box."}


def test_a_metering_order_goes_from_appointment_to_rating_on_its_page_s4_4(as_user, order, client, now):
    worker = as_user("field_worker1")
    page = page_of(worker, order)
    assert 'id="phone-script"' in page and "Wang Jianhua" in block(page, "action-appoint")
    assert act(worker, order, "appoint", APPOINT).status_code == 303
    assert act(worker, order, "depart", ticks(order, "BEFORE_LEAVING")).status_code == 303
    assert act(worker, order, "arrive", {"apology": ""}).status_code == 303
    assert act(worker, order, "start_work", ticks(order, "BEFORE_WORK")).status_code == 303
    assert act(worker, order, "record_damage", {"description": "Scratched the wall.", "remedy": "REPAIR",
                                                "note": "Painted over."}).status_code == 303
    assert act(worker, order, "declare_meals", {"happened": "0"}).status_code == 303
    assert act(worker, order, "finish_facts", {"work_done": "Meter replaced.", "borrowed_items": "A ladder",
                                               "borrowed_returned": "on",
                                               "safety_reminder": "Keep the meter box closed."}).status_code == 303
    assert act(worker, order, "confirm", {"signer_name": "Wang Jianhua", "signature": data_url()}).status_code == 303
    assert act(worker, order, "finish", {"confirmed": "on"}).status_code == 303
    order.refresh_from_db()
    assert (order.status, order.reached_name, order.minutes_late, order.borrowed_returned, order.confirmed_by_name,
            order.meals_happened, order.damages.get().remedy) == (
        Status.COMPLETED, "Wang Jianhua", 0, True, "Wang Jianhua", False, "REPAIR")

    page = worker.post(reverse("fieldwork:rating_link", args=[order.pk])).content.decode()
    url = re.search(r'id="rating-url">([^<]+)<', page).group(1)
    assert "<svg" in page.split('id="rating-qr"')[1][:200]
    worker.logout()
    public = client.get(url)
    assert public.status_code == 200 and order.number in public.content.decode()
    answer = client.post(url, {"rating": "5", "comment": "Quick and tidy."})
    assert answer.status_code == 200 and 'data-result="thanks"' in answer.content.decode()
    order.refresh_from_db()
    assert (order.rating, order.rating_comment, order.rating_via) == (5, "Quick and tidy.", RatingVia.LINK)
    again = client.post(url, {"rating": "1"})
    assert again.status_code == 404 and 'data-result="gone"' in again.content.decode()
    assert FieldWorkOrder.objects.get(pk=order.pk).rating == 5


def test_departing_with_the_checklist_unticked_is_refused_in_its_form_s4_4_2(as_user, order, example_user, now):
    services.order_appoint(actor=example_user("field_worker1"), order=order, reached="CUSTOMER",
                           slot_start=now, slot_end=now + timedelta(hours=2), address="12 Jiefang Road",
                           address_confirmed=True, now=now - timedelta(hours=3))
    worker = as_user("field_worker1")
    response = act(worker, order, "depart", {}, **HTMX)
    assert response.status_code == 409
    form = block(response.content.decode(), "action-depart")
    assert "§4.4(2)" in form and "检查单尚未完成" in form
    assert FieldWorkOrder.objects.get(pk=order.pk).status == Status.APPOINTED


def test_someone_else_answering_without_the_customer_s_contact_is_refused_s4_4_1(as_user, order):
    worker = as_user("field_worker1")
    response = act(worker, order, "appoint", {**APPOINT, "reached": "OTHER", "reached_name": "Neighbour"}, **HTMX)
    assert response.status_code == 409
    assert "§4.4(1)" in block(response.content.decode(), "action-appoint")
    assert FieldWorkOrder.objects.get(pk=order.pk).status == Status.NEW


def test_arriving_late_without_an_apology_is_refused_and_with_one_recorded_s4_4_3(as_user, order, example_user,
                                                                                   now, monkeypatch):
    actor = example_user("field_worker1")
    order = services.order_appoint(actor=actor, order=order, reached="CUSTOMER", slot_start=now - timedelta(hours=2),
                                   slot_end=now - timedelta(minutes=30), address="12 Jiefang Road",
                                   address_confirmed=True, now=now - timedelta(hours=5))
    order = services.order_depart(actor=actor, order=order, now=now - timedelta(hours=3),
                                  checked=checklist_items(stage="BEFORE_LEAVING", utility=order.utility))
    worker = as_user("field_worker1")
    response = act(worker, order, "arrive", {"apology": ""}, **HTMX)
    assert response.status_code == 409 and "§4.4(3)" in block(response.content.decode(), "action-arrive")
    assert act(worker, order, "arrive", {"apology": "Said sorry for the traffic."}).status_code == 303
    order.refresh_from_db()
    assert (order.status, order.minutes_late, order.apology) == (Status.ARRIVED, 30, "Said sorry for the traffic.")
    assert "30" in page_of(worker, order)


def test_finishing_before_the_customer_confirms_is_refused_in_its_form_s4_4_5(as_user, order, example_user, now):
    actor = example_user("field_worker1")
    order = services.order_appoint(actor=actor, order=order, reached="CUSTOMER", slot_start=now,
                                   slot_end=now + timedelta(hours=2), address="12 Jiefang Road",
                                   address_confirmed=True, now=now - timedelta(hours=5))
    order = services.order_depart(actor=actor, order=order, now=now - timedelta(hours=1),
                                  checked=checklist_items(stage="BEFORE_LEAVING", utility=order.utility))
    order = services.order_arrive(actor=actor, order=order, now=now)
    order = services.order_start_work(actor=actor, order=order, now=now,
                                      checked=checklist_items(stage="BEFORE_WORK", utility=order.utility))
    worker = as_user("field_worker1")
    response = act(worker, order, "finish", {"confirmed": "1"}, **HTMX)
    assert response.status_code == 409 and "§4.4(5)" in block(response.content.decode(), "action-finish")
    assert FieldWorkOrder.objects.get(pk=order.pk).status == Status.WORKING


def test_the_worker_s_list_shows_today_s_orders_by_slot(as_user, example_user, customer, now):
    actor = example_user("field_worker1")

    def booked(description, start):
        order = services.order_create(actor=actor, kind=Kind.METERING, customer=customer, description=description,
                                      workers=[actor], now=now - timedelta(days=1))
        return services.order_appoint(actor=actor, order=order, reached="CUSTOMER", slot_start=start,
                                      slot_end=start + timedelta(hours=1), address="12 Jiefang Road",
                                      address_confirmed=True, now=now - timedelta(hours=20))

    late = booked("Afternoon.", now + timedelta(hours=4))
    early = booked("Morning.", now - timedelta(hours=1))
    tomorrow = booked("Tomorrow.", now + timedelta(days=1))
    page = as_user("field_worker1").get(reverse("fieldwork:worklist")).content.decode()
    listed = page.split('id="worklist"')[1]
    assert listed.index(early.number) < listed.index(late.number)
    assert tomorrow.number not in listed
    assert as_user("inspector1").get(reverse("fieldwork:worklist") + "?list=nope").status_code == 404


def test_the_public_rating_page_needs_no_login_and_explains_an_unknown_link(client):
    response = client.get(reverse("fieldwork:rate", args=["no-such-token"]))
    page = response.content.decode()
    assert response.status_code == 404 and 'data-result="gone"' in page and "95598" in page
    assert "<script>" not in page and ' style="' not in page
    assert "Content-Security-Policy" in response.headers


def test_an_order_is_opened_on_its_page_for_a_customer_of_the_office_s4_3(as_user, customer, example_user):
    head = as_user("office_head1")
    worker = example_user("field_worker1")
    response = head.post(reverse("fieldwork:order_new"), {"kind": "METERING", "account_number": "1010000001",
                                                           "description": "Replace the meter.",
                                                           "workers": [str(worker.pk)]})
    order = FieldWorkOrder.objects.get()
    assert response.status_code == 302 and response.url == reverse("fieldwork:detail", args=[order.pk])
    assert (order.kind, order.customer, list(order.workers.all())) == (Kind.METERING, customer, [worker])
    missing = head.post(reverse("fieldwork:order_new"), {"kind": "METERING", "account_number": "999",
                                                          "description": "x"})
    assert missing.status_code == 400 and FieldWorkOrder.objects.count() == 1


def test_an_inspection_order_without_its_inspection_is_refused_s4_3(as_user, customer):
    response = as_user("office_head1").post(reverse("fieldwork:order_new"), {
        "kind": "INSPECTION", "account_number": "1010000001", "description": "Inspect."})
    assert response.status_code == 409 and "§4.3" in response.content.decode()
    assert not FieldWorkOrder.objects.exists()


def test_the_office_head_assigns_the_workers_on_the_order_page_s4_3(as_user, order, example_user):
    worker = example_user("field_worker1")
    head = as_user("office_head1")
    assert 'id="action-assign"' in page_of(head, order)
    assert act(head, order, "assign", {"workers": [str(worker.pk)]}).status_code == 303
    none = act(head, order, "assign", {"workers": []}, **HTMX)
    assert none.status_code == 400 and list(order.workers.all()) == [worker]


def test_the_order_page_lists_the_ticked_checklist_items_s4_4_2(as_user, order, example_user, now):
    actor = example_user("field_worker1")
    order = services.order_appoint(actor=actor, order=order, reached="CUSTOMER", slot_start=now,
                                   slot_end=now + timedelta(hours=2), address="12 Jiefang Road",
                                   address_confirmed=True, now=now - timedelta(hours=5))
    items = checklist_items(stage="BEFORE_LEAVING", utility=order.utility)
    services.order_depart(actor=actor, order=order, checked=items, now=now - timedelta(hours=1))
    page = page_of(as_user("field_worker1"), order)
    assert items and " / ".join(items) in page and "§4.4(2)" in page
