"""The search page (web.search): customers by account number, phone and name, cases of every type
by number, each through its type's scoped lookup; a case number opens the case; an office head of
another office finds nothing of this office's case; whistleblower reports only for discipline
inspection, by number, and for anyone else a report's number is answered as a missing one
(§6.7(iii)(1-6))."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from tests.integration.complaints.conftest import Flow as ComplaintFlow
from tests.integration.complaints.conftest import ensure_categories
from tests.integration.customers.factories import CustomerFactory
from tests.integration.inspections.conftest import Flow as InspectionFlow
from utilicase.org.models import Role
from utilicase.org.services import staff_create
from utilicase.whistleblowing import services as reports

pytestmark = pytest.mark.django_db

URL = reverse("search")
TOKENS = re.compile(r'(csrfmiddlewaretoken" value="|"X-CSRFToken": ")[^"]+')


def _page(response, number: str = "") -> str:
    """The page without its per-response CSRF tokens (and the searched number blanked)."""
    text = TOKENS.sub(r"\1", response.content.decode())
    return text.replace(number, "NUMBER") if number else text


@pytest.fixture
def customer(org):
    return CustomerFactory(office=org["tf-power-city"], account_number="1010000001", name="王建华",
                           contact_phone="13912345678")


@pytest.fixture
def dev_head(org, now):
    return staff_create(actor=None, username="office_head_dev", full_name="开发区所长", role=Role.OFFICE_HEAD,
                        unit=org["tf-power-dev"], password="x-pass-2026-long", now=now)


@pytest.fixture
def order(org, example_user, now, customer):
    return InspectionFlow(org, example_user, now, customer).order()


def test_a_case_number_opens_the_case_for_whoever_may_see_it(client, example_user, order):
    client.force_login(example_user("office_head1"))
    response = client.get(URL, {"q": order.number})
    assert response.status_code == 302
    assert response["Location"] == reverse("inspections:detail", args=[order.pk])


def test_an_office_head_of_another_office_finds_nothing_of_this_offices_case(client, dev_head, order, customer):
    client.force_login(dev_head)
    for text in (order.number, customer.contact_phone, customer.account_number, customer.name):
        response = client.get(URL, {"q": text})
        assert response.status_code == 200
        assert response.context["found"].cases == [] and response.context["found"].customers == []
        assert reverse("inspections:detail", args=[order.pk]) not in response.content.decode()
        assert reverse("customers:detail", args=[customer.pk]) not in response.content.decode()
        assert "没有找到与" in response.content.decode()


def test_a_number_typed_in_lower_case_finds_the_case(client, example_user, order):
    client.force_login(example_user("inspector1"))
    assert client.get(URL, {"q": order.number.lower()})["Location"] == reverse("inspections:detail", args=[order.pk])


def test_customers_by_phone_account_beginning_and_name(client, example_user, org, customer):
    CustomerFactory(office=org["tf-power-city"], account_number="1010000002", name="王建军", contact_phone="13800000002")
    client.force_login(example_user("office_head1"))
    by_phone = client.get(URL, {"q": "13912345678"}).context["found"]
    assert [c.account_number for c in by_phone.customers] == ["1010000001"] and by_phone.cases == []
    by_account = client.get(URL, {"q": "101000000"}).context["found"]
    assert [c.account_number for c in by_account.customers] == ["1010000001", "1010000002"]
    page = client.get(URL, {"q": "建华"})
    assert [c.name for c in page.context["found"].customers] == ["王建华"]
    assert reverse("customers:detail", args=[customer.pk]) in page.content.decode()


def test_a_complaint_number_opens_the_complaint(client, org, example_user, now, customer):
    ensure_categories()
    complaint = ComplaintFlow(org, example_user, now).receive(customer=customer)
    client.force_login(example_user("hall_staff1"))
    assert client.get(URL, {"q": complaint.number})["Location"] == reverse("complaints:detail", args=[complaint.pk])
    client.force_login(example_user("inspector1"))  # a complaint of the hall is not the inspector's
    assert client.get(URL, {"q": complaint.number}).context["found"].cases == []


def test_empty_search_shows_the_form_and_nothing_else(client, example_user):
    client.force_login(example_user("office_head1"))
    response = client.get(URL)
    assert response.status_code == 200
    assert 'id="search-results"' not in response.content.decode()
    assert client.get(URL, {"q": "   "}).context["found"].text == ""


def test_the_navigation_has_the_search_box(client, example_user):
    client.force_login(example_user("office_head1"))
    page = client.get(reverse("home")).content.decode()
    assert f'action="{URL}"' in page and 'name="q"' in page


def test_whistleblower_reports_by_number_for_discipline_inspection_only_s6_7_iii(client, example_user, now):
    report, _ = reports.report_receive(actor=example_user("hall_staff1"), channel="PHONE", received_at=now,
                                       content="机密举报内容XK7Q", reporter_name="钱秘密", reporter_contact="13955554444",
                                       now=now, confirm=True)
    client.force_login(example_user("discipline1"))
    assert client.get(URL, {"q": report.number})["Location"] == reverse("whistleblowing:detail",
                                                                        args=[report.address])
    # By content or reporter: never (the search is by the report's number only).
    for text in ("XK7Q", "钱秘密", "13955554444"):
        assert client.get(URL, {"q": text}).context["found"].cases == []
    missing = "JB20260000000"
    for username in ("hall_staff1", "hall_head1", "office_head1", "admin", "company_deputy1"):
        client.force_login(example_user(username))
        found = client.get(URL, {"q": report.number})
        none = client.get(URL, {"q": missing})
        assert found.status_code == none.status_code == 200
        assert found.context["found"].cases == none.context["found"].cases == []
        assert _page(found, report.number) == _page(none, missing)


def test_a_front_line_receiver_does_not_find_their_own_unconfirmed_intake(client, example_user, now):
    report, _ = reports.report_receive(actor=example_user("hall_staff1"), channel="PHONE", received_at=now,
                                       content="内容", reporter_name="", reporter_contact="",
                                       now=now + timedelta(minutes=1))
    client.force_login(example_user("hall_staff1"))
    assert client.get(URL, {"q": report.number}).context["found"].cases == []
