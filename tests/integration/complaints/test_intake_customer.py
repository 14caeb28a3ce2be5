"""Intake with a customer picked from the lookup (§6.5(ii)(5): the customer does not repeat what the
company knows): the contact fields are filled from the customer record, and the clerk is warned of
the customer's open complaints (number, status, due time), a warning and not a refusal."""

from datetime import timedelta

import pytest
from django.urls import reverse

from tests.integration.customers.factories import CustomerFactory
from utilicase.complaints.models import Complaint
from utilicase.org.models import Role
from utilicase.org.services import staff_create, unit_create

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clock(monkeypatch, now):
    monkeypatch.setattr("django.utils.timezone.now", lambda: now)


@pytest.fixture
def clerk(client, example_user):
    client.force_login(example_user("hall_staff1"))
    return client


def pick(client, **params):
    return client.get(reverse("complaints:customer_pick"), params)


def test_section_6_5_ii_5_picking_a_customer_fills_the_contact_name_and_phone(clerk, customer):
    page = pick(clerk, customer=customer.pk, contact_name="", contact_phone="").content.decode()
    assert '<div id="intake-contact">' in page
    assert 'name="contact_name" value="王建华"' in page
    assert 'name="contact_phone" id="id_contact_phone" value="13912345678"' in page


def test_a_customer_of_another_enterprise_of_the_company_fills_too(clerk, org):
    heat = CustomerFactory(office=org["tf-heat-east"], name="石河子市恒源纺织有限公司", contact_phone="0993-2345678")
    page = pick(clerk, customer=heat.pk).content.decode()
    assert 'value="石河子市恒源纺织有限公司"' in page and 'value="0993-2345678"' in page


def test_none_of_these_keeps_what_was_typed(clerk, customer):
    page = pick(clerk, customer="", contact_name="李秀英", contact_phone="13899001122").content.decode()
    assert 'name="contact_name" value="李秀英"' in page and 'value="13899001122"' in page
    assert "王建华" not in page


def test_the_pick_answers_only_hall_staff_and_only_for_the_company(clerk, customer, example_user, org, now, client):
    other = unit_create(actor=None, name="别的股份公司", code="other", kind="COMPANY", parent=None, now=now)
    enterprise = unit_create(actor=None, name="别的供电", code="other-power", kind="ENTERPRISE", parent=other,
                             utility="POWER", now=now)
    office = unit_create(actor=None, name="别的营业所", code="other-office", kind="OFFICE", parent=enterprise, now=now)
    outsider = CustomerFactory(office=office, name="别处客户")
    assert pick(clerk, customer=outsider.pk).status_code == 404
    assert pick(clerk, customer="abc").status_code == 404
    client.force_login(example_user("handler1"))
    assert pick(client, customer=customer.pk).status_code == 403


def test_the_matches_pick_by_htmx_without_inline_script(clerk, customer):
    page = clerk.get(reverse("complaints:customer_lookup"), {"q": "10100"}).content.decode()
    assert f'value="{customer.pk}" hx-get="{reverse("complaints:customer_pick")}" hx-trigger="change"' in page
    assert 'hx-target="#intake-contact"' in page and 'hx-include="#id_contact_name, #id_contact_phone"' in page
    assert '<div id="intake-open-complaints">' in page  # a new search clears the last warning
    assert "<script" not in page and "onchange" not in page


def test_section_6_5_ii_5_warns_of_the_open_complaints_with_number_and_due_time(clerk, customer, flow, org):
    fresh = flow.receive(customer=customer, contact_name="", contact_phone="")  # form due 15 minutes after
    routed = flow.routed(customer=customer, contact_name="", contact_phone="")  # reply: 5 working days after the holiday
    closed = flow.replied(customer=customer, contact_name="", contact_phone="")
    flow.close(closed)
    someone_else = flow.receive(customer=CustomerFactory(office=org["tf-power-city"]), contact_name="",
                                contact_phone="")
    page = pick(clerk, customer=customer.pk).content.decode()
    assert '<div id="intake-open-complaints" hx-swap-oob="true">' in page
    assert "该客户已有 2 件未办结的投诉" in page
    first = page.index(f'<a href="/complaints/{fresh.pk}/">{fresh.number}</a> 已受理 · <span>投诉单填写（15分钟）：2026-09-30 10:15前</span>')
    second = page.index(f'<a href="/complaints/{routed.pk}/">{routed.number}</a> 已转办 · <span>投诉答复（5个工作日）：2026-10-13 24:00前</span>')
    assert first < second  # soonest due first
    assert closed.number not in page and someone_else.number not in page


def test_an_overdue_open_complaint_is_marked(clerk, customer, flow, now):
    late = flow.receive(customer=customer, contact_name="", contact_phone="", started_at=now - timedelta(hours=2))
    # received 08:00-08:10, the form due 15 minutes later
    page = pick(clerk, customer=customer.pk).content.decode()
    assert f'{late.number}</a> 已受理 · <span class="complaint-late">投诉单填写（15分钟）：2026-09-30 08:25前 已超期</span>' in page


def test_the_warning_names_the_five_due_first_and_counts_them_all(clerk, customer, flow, now):
    received = [flow.receive(customer=customer, contact_name="", contact_phone="",
                             started_at=now - timedelta(minutes=10 + i)) for i in range(6)]
    page = pick(clerk, customer=customer.pk).content.decode()
    assert "该客户已有 6 件未办结的投诉" in page
    assert [c.number in page for c in received] == [False, True, True, True, True, True]  # the latest is due last
    assert f'<a href="/customers/{customer.pk}/">以上是最先到期的 5 件；查看该客户的全部记录</a>' in page


def test_the_warning_lists_only_complaints_the_clerk_may_see(clerk, customer, flow, org, now):
    hall = unit_create(actor=None, name="开发区营业厅", code="tf-hall-dev", kind="HALL", parent=org["tianfu"], now=now)
    staff_create(actor=None, username="hall_staff9", full_name="马丽", role=Role.HALL_STAFF, unit=hall, password=None,
                 now=now)
    elsewhere = flow.receive(actor="hall_staff9", customer=customer, contact_name="", contact_phone="")
    assert elsewhere.number not in pick(clerk, customer=customer.pk).content.decode()


def test_a_warning_does_not_refuse_the_complaint(clerk, customer, flow):
    flow.receive(customer=customer, contact_name="", contact_phone="")
    response = clerk.post(reverse("complaints:new"), {
        "q": "1010000001", "customer": str(customer.pk), "contact_name": "王建华", "contact_phone": "13912345678",
        "channel": "PHONE", "content": "又一件事：抄表员未按时抄表。", "reception_started_at": "2026-09-30T09:50",
        "end_now": "on"})
    assert response.status_code == 302
    assert Complaint.objects.filter(customer=customer).count() == 2


def test_the_form_shown_again_keeps_the_pick_and_the_warning(clerk, customer, flow):
    open_one = flow.receive(customer=customer, contact_name="", contact_phone="")
    response = clerk.post(reverse("complaints:new"), {
        "q": "1010000001", "customer": str(customer.pk), "contact_name": "王建华", "contact_phone": "13912345678",
        "channel": "PHONE", "content": "", "reception_started_at": "2026-09-30T09:50", "end_now": "on"})
    page = response.content.decode()
    assert response.status_code == 400
    assert f'value="{customer.pk}"' in page and " checked>" in page
    assert f"{open_one.number}</a>" in page and "该客户已有 1 件未办结的投诉" in page
    assert 'name="contact_name" value="王建华"' in page


def test_the_warning_in_english(clerk, customer, flow):
    flow.receive(customer=customer, contact_name="", contact_phone="")
    flow.receive(customer=customer, contact_name="", contact_phone="")
    clerk.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = pick(clerk, customer=customer.pk).content.decode()
    assert "This customer has 2 open complaints. Handle the same matter in those complaints" in page
