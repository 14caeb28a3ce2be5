"""Complaint pages: work list, intake with the customer lookup, the case page and its actions."""

from datetime import timedelta

import pytest
from django.urls import reverse

from utilicase.calendar.services import deadlines_sweep
from utilicase.complaints.models import Complaint, ComplaintCategory
from utilicase.demo.data import STAFF

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clock(monkeypatch, now):
    monkeypatch.setattr("django.utils.timezone.now", lambda: now)


INTAKE = {"q": "", "contact_name": "李秀英", "contact_phone": "13899001122", "channel": "PHONE",
          "content": "电费突增，要求核查电表。", "reception_started_at": "2026-09-30T09:50", "end_now": "on"}


@pytest.mark.parametrize("username", [u for u, *_ in STAFF])
def test_every_role_has_a_worklist(as_user, username):
    response = as_user(username).get(reverse("complaints:worklist"))
    assert response.status_code == 200
    assert "暂无待办投诉" in response.content.decode()


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("complaints:worklist"))
    assert response.status_code == 302 and "/login/" in response.url


def test_worklist_marks_overdue_and_escalated(as_user, flow, now):
    overdue = flow.routed(started_at=now - timedelta(days=12))
    deadlines_sweep(now=now)
    fresh = flow.routed()
    page = as_user("handler1").get(reverse("complaints:worklist")).content.decode()
    assert page.index(overdue.number) < page.index(fresh.number)
    assert page.count('class="overdue"') == 1 and "已督办" in page and "已超期" in page
    head = as_user("hall_head1").get(reverse("complaints:worklist")).content.decode()
    assert overdue.number in head and fresh.number not in head


def test_worklist_filters_and_pages(as_user, flow, now):
    for _ in range(26):
        flow.receive()
    late = flow.receive(started_at=now - timedelta(days=12))
    client = as_user("hall_staff1")
    first = client.get(reverse("complaints:worklist")).content.decode()
    assert "共 27 件" in first and "第 1 / 2 页" in first and first.count("<tr") == 26
    only_overdue = client.get(reverse("complaints:worklist"), {"overdue": "1"}).content.decode()
    assert "共 1 件" in only_overdue and late.number in only_overdue
    assert "暂无待办投诉" in client.get(reverse("complaints:worklist"), {"status": "ROUTED"}).content.decode()


def test_all_visible_complaints_for_a_manager(as_user, flow):
    c = flow.routed()
    page = as_user("enterprise_deputy1").get(reverse("complaints:worklist"), {"all": "on"}).content.decode()
    assert c.number in page and "我可见的投诉" in page


def test_intake_form_autofocuses_the_lookup_and_defaults_to_phone(as_user):
    page = as_user("hall_staff1").get(reverse("complaints:new")).content.decode()
    assert 'id="customer-q"' in page and "autofocus" in page.split('id="customer-q"')[1].split(">")[0]
    assert '<option value="PHONE" selected>' in page
    assert 'value="2026-09-30T10:00"' in page  # reception start and end prefilled with now


def test_intake_is_for_hall_staff_only(as_user):
    assert as_user("handler1").get(reverse("complaints:new")).status_code == 403
    assert as_user("handler1").post(reverse("complaints:new"), INTAKE).status_code == 403


def test_intake_takes_the_complaint_and_ends_reception_now(as_user, now):
    response = as_user("hall_staff1").post(reverse("complaints:new"), INTAKE)
    c = Complaint.objects.get()
    assert response.status_code == 302 and response.url == reverse("complaints:detail", args=[c.pk])
    assert c.reception_ended_at == now and c.reception_started_at == now - timedelta(minutes=10)
    assert (c.channel, c.contact_name, c.number) == ("PHONE", "李秀英", "TS2026000001")


def test_intake_with_a_customer_picked_from_the_lookup(as_user, customer):
    as_user("hall_staff1").post(reverse("complaints:new"), {**INTAKE, "contact_name": "", "contact_phone": "",
                                                             "customer": str(customer.pk)})
    assert Complaint.objects.get().customer == customer


def test_intake_errors_are_shown_and_nothing_is_stored(as_user):
    response = as_user("hall_staff1").post(reverse("complaints:new"), {
        **INTAKE, "end_now": "", "reception_ended_at": "2026-09-30T09:40"})
    assert response.status_code == 400
    assert "接待结束时间不能早于开始时间" in response.content.decode()
    assert not Complaint.objects.exists()
    missing = as_user("hall_staff1").post(reverse("complaints:new"), {**INTAKE, "contact_phone": ""})
    assert "请选择客户，或填写联系人姓名和电话" in missing.content.decode()


def test_customer_lookup_as_you_type(as_user, customer):
    client = as_user("hall_staff1")
    found = client.get(reverse("complaints:customer_lookup"), {"q": "10100"}).content.decode()
    assert f'value="{customer.pk}"' in found and "王建华" in found and "data-first" in found
    by_phone = client.get(reverse("complaints:customer_lookup"), {"q": "13912345678"}).content.decode()
    assert "1010000001" in by_phone
    assert "请至少输入3位" in client.get(reverse("complaints:customer_lookup"), {"q": "10"}).content.decode()
    assert "没有找到" in client.get(reverse("complaints:customer_lookup"), {"q": "777"}).content.decode()
    assert as_user("handler1").get(reverse("complaints:customer_lookup"), {"q": "101"}).status_code == 403


def test_case_page_shows_facts_deadlines_actions_and_timeline(as_user, flow):
    c = flow.receive(started_at=flow.now, minutes=0)
    page = as_user("hall_staff1").get(reverse("complaints:detail", args=[c.pk])).content.decode()
    assert c.number in page and "电费突增" in page and "孙丽娜" in page
    assert "2026-10-13 24:00前" in page and "2026-09-30 10:15前" in page
    assert 'id="action-complete_form"' in page and 'id="action-confirm_record"' in page
    refused = page.split("暂不能办理")[1]
    assert "§6.6(4)" in refused and "不得转交相关部门" in refused and "§6.6(8)" in refused
    assert "投诉已受理" in page and "complaints.complaint.received" not in page  # the timeline, in words


def test_case_page_out_of_sight_is_404(as_user, flow):
    c = flow.receive()
    assert as_user("handler1").get(reverse("complaints:detail", args=[c.pk])).status_code == 404
    assert as_user("hall_staff1").get(reverse("complaints:detail", args=[c.pk + 50])).status_code == 404


def test_action_buttons_walk_the_complaint(as_user, flow, example_user):
    c = flow.receive()
    client = as_user("hall_staff1")
    act = lambda name, data=None: client.post(reverse("complaints:act", args=[c.pk, name]), data or {})  # noqa: E731
    done = act("complete_form", {"content": "完整记录：9月电费突增。"})
    assert done.status_code == 303 and done["Location"] == reverse("complaints:detail", args=[c.pk])
    assert act("confirm_record", {"method": "READ_BACK", "answer": "客户说记录无误"}).status_code == 303
    category = str(ComplaintCategory.objects.get(code="metering-billing").pk)
    assert act("assess", {"category": category, "impact": "MINOR", "is_valid": "1", "validity_reason": "属实",
                          "company_at_fault": "0"}).status_code == 303
    assert act("route", {"unit": str(flow.org["tf-power-marketing"].pk),
                         "handler": str(example_user("handler1").pk)}).status_code == 303
    c.refresh_from_db()
    assert (c.status, c.content, c.handler.username) == ("ROUTED", "完整记录：9月电费突增。", "handler1")


def test_a_refused_action_shows_its_clause(as_user, flow):
    c = flow.receive()
    flow.complete_form(c)
    flow.confirm(c)
    response = as_user("hall_staff1").post(reverse("complaints:act", args=[c.pk, "route"]),
                                           {"unit": str(flow.org["tf-power-marketing"].pk)})
    assert response.status_code == 409
    alert = response.content.decode().split('role="alert"')[1].split("</div>")[0]
    assert "不得转交相关部门" in alert and "§6.6(4)" in alert


def test_an_action_the_user_may_not_take_is_403(as_user, flow):
    c = flow.routed()
    response = as_user("hall_head1").post(reverse("complaints:act", args=[c.pk, "reply"]),
                                          {"method": "PHONE", "content": "x"})
    assert response.status_code == 403


def test_bad_action_input_is_shown_on_the_form(as_user, flow):
    c = flow.routed()
    response = as_user("handler1").post(reverse("complaints:act", args=[c.pk, "reply"]), {"method": "PHONE"})
    assert response.status_code == 400
    form = response.content.decode().split('id="action-reply"')[1].split("</form>")[0]
    assert "这个字段是必填项" in form
    assert not hasattr(Complaint.objects.get(pk=c.pk), "reply")


def test_unknown_action_is_404(as_user, flow):
    c = flow.receive()
    assert as_user("hall_staff1").post(reverse("complaints:act", args=[c.pk, "teleport"])).status_code == 404
