"""The configurable checklists page (§4.4(2) before leaving, §4.4(4) before work): the
administrator and the heads list the items by stage and utility, add, edit and deactivate them
(each change audited); a field worker may not. What is configured is what the order's
departure checklist asks."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from tests.integration.customers.factories import CustomerFactory
from utilicase.audit.models import AuditEvent
from utilicase.fieldwork import services
from utilicase.fieldwork.models import ChecklistItem, Kind
from utilicase.fieldwork.permissions import NotAllowed

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clock(monkeypatch, now):
    monkeypatch.setattr("django.utils.timezone.now", lambda: now)


@pytest.fixture
def order(example_user, org, now):
    customer = CustomerFactory(office=org["tf-power-city"], account_number="1010000001", name="Wang Jianhua",
                               address="12 Jiefang Road")
    order = services.order_create(actor=example_user("field_worker1"), kind=Kind.METERING, customer=customer,
                                  description="Replace the meter.", workers=[example_user("field_worker1")],
                                  now=now - timedelta(days=1))
    return services.order_appoint(actor=example_user("field_worker1"), order=order, reached="CUSTOMER",
                                  slot_start=now, slot_end=now + timedelta(hours=2), address="12 Jiefang Road",
                                  address_confirmed=True, now=now - timedelta(hours=3))


def departure_items(client, order) -> list[str]:
    html = client.get(reverse("fieldwork:detail", args=[order.pk])).content.decode()
    form = html.split('id="action-depart"')[1].split("</form>")[0]
    return [label.strip() for label in re.findall(r'<label for="id_depart_item_\d+"[^>]*>([^<]*)<', form)]


def test_a_field_worker_may_not_configure_the_checklists(as_user, example_user, now):
    worker = as_user("field_worker1")
    assert worker.get(reverse("fieldwork:checklists")).status_code == 403
    item = ChecklistItem.objects.order_by("id").first()
    assert worker.get(reverse("fieldwork:checklist_edit", args=[item.pk])).status_code == 403
    answer = worker.post(reverse("fieldwork:checklists"), {"stage": "BEFORE_LEAVING", "text": "Torch.",
                                                           "position": "1", "active": "on"})
    assert answer.status_code == 403 and not ChecklistItem.objects.filter(text="Torch.").exists()
    with pytest.raises(NotAllowed):
        services.checklist_item_save(actor=example_user("field_worker1"), stage="BEFORE_LEAVING", text="Torch.",
                                     now=now)
    assert "fieldwork:checklists" not in worker.get(reverse("fieldwork:worklist")).content.decode()


def test_the_page_lists_the_items_by_stage_for_the_office_head(as_user):
    head = as_user("office_head1")
    html = head.get(reverse("fieldwork:checklists")).content.decode()
    before_leaving = html.split('id="checklist-before_leaving"')[1].split("</table>")[0]
    expected = list(ChecklistItem.objects.filter(stage="BEFORE_LEAVING").order_by("utility", "position", "id")
                    .values_list("text", flat=True))
    assert expected and all(text in before_leaving for text in expected)
    assert 'id="checklist-before_work"' in html
    assert 'href="/field/checklists/"' in head.get(reverse("fieldwork:worklist")).content.decode()


def test_a_new_item_is_asked_on_the_departure_checklist_and_a_deactivated_one_no_longer_s4_4_2(
        as_user, order):
    head = as_user("office_head1")
    before = departure_items(head, order)
    assert before  # the default checklist
    answer = head.post(reverse("fieldwork:checklists"), {"stage": "BEFORE_LEAVING", "utility": "POWER",
                                                         "text": "Check the torch battery.", "position": "0",
                                                         "active": "on"})
    assert answer.status_code == 302
    item = ChecklistItem.objects.get(text="Check the torch battery.")
    assert (item.stage, item.utility, item.position, item.active) == ("BEFORE_LEAVING", "POWER", 0, True)
    event = AuditEvent.objects.filter(action="fieldwork.checklist_item.saved").latest("seq")
    assert (event.clause, event.before, event.after["text"]) == ("§4.4(2)", None, "Check the torch battery.")
    worker = as_user("field_worker1")
    asked = departure_items(worker, order)
    assert asked.count("Check the torch battery.") == 1 and [t for t in asked if t != "Check the torch battery."] == before

    # a heat-only item is not asked of a power order
    head = as_user("office_head1")
    head.post(reverse("fieldwork:checklists"), {"stage": "BEFORE_LEAVING", "utility": "HEAT",
                                                "text": "Bring the valve key.", "position": "0", "active": "on"})
    assert "Bring the valve key." not in departure_items(head, order)

    # edited: text and position; then deactivated
    answer = head.post(reverse("fieldwork:checklist_edit", args=[item.pk]), {
        "stage": "BEFORE_LEAVING", "utility": "POWER", "text": "Check the torch and its battery.",
        "position": "500", "active": "on"})
    assert answer.status_code == 302
    assert departure_items(head, order)[-1] == "Check the torch and its battery."
    answer = head.post(reverse("fieldwork:checklist_edit", args=[item.pk]), {
        "stage": "BEFORE_LEAVING", "utility": "POWER", "text": "Check the torch and its battery.",
        "position": "500"})
    assert answer.status_code == 302
    assert departure_items(head, order) == before
    event = AuditEvent.objects.filter(action="fieldwork.checklist_item.saved").latest("seq")
    assert (event.before["active"], event.after["active"]) == (True, False)
    assert "Check the torch and its battery." in head.get(reverse("fieldwork:checklists")).content.decode()


def test_bad_input_is_refused_beside_its_field_and_nothing_stored(as_user):
    head = as_user("office_head1")
    count = ChecklistItem.objects.count()
    answer = head.post(reverse("fieldwork:checklists"), {"stage": "BEFORE_LEAVING", "text": "  ",
                                                         "position": "-1"})
    assert answer.status_code == 400 and ChecklistItem.objects.count() == count
    form = answer.content.decode().split('id="checklist-new"')[1].split("</form>")[0]
    alerts = re.findall(r'<input[^>]*name="(\w+)"[^>]*>\s*<div class="error" role="alert">', form)
    assert sorted(alerts) == ["position", "text"]


def test_the_administrator_may_configure(example_user, now):
    from utilicase.org.models import Role, User

    admin = User.objects.filter(role=Role.ADMIN, is_active=True).first()
    assert admin is not None
    item = services.checklist_item_save(actor=admin, stage="BEFORE_WORK", text="Test the earth.", position=3, now=now)
    assert (item.stage, item.position, item.active) == ("BEFORE_WORK", 3, True)
