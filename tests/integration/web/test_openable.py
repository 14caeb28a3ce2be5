"""The batched visibility check (core.cases.openable) answers exactly as the case-by-case one
(`case_for`), one query per case type, and the home page's query count does not grow with the
unit's deadlines."""

from datetime import timedelta

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from utilicase.core import cases

pytestmark = pytest.mark.django_db

BATCHED = ["accidents.accidentcase", "complaints.complaint", "enforcement.enforcementcase",
           "fieldwork.fieldworkorder", "inspections.inspectionorder"]
ROLES = ["hall_staff1", "hall_head1", "handler1", "office_head1", "inspector1", "field_worker1",
         "enterprise_deputy1", "company_deputy1", "discipline1", "admin"]


def test_every_case_type_answers_for_many_cases_at_once():
    assert sorted(t for t, case_type in cases.CASE_TYPES.items() if case_type.visible_ids is not None) == BATCHED
    assert "whistleblowing.report" not in cases.CASE_TYPES  # a reference only: nothing attaches to it


def test_the_batched_answer_is_the_case_by_case_one_for_every_role_and_case():
    from tests.integration.complaints.conftest import ensure_categories
    from utilicase.demo.data import load_demo
    from utilicase.org.models import User

    ensure_categories()
    load_demo(now=timezone.now(), customers=60)
    keys = []
    for target_type in BATCHED:
        pks = list(apps.get_model(target_type).objects.values_list("pk", flat=True))
        assert pks, target_type
        keys += [(target_type, str(pk)) for pk in pks]
        keys += [(target_type, f"0{pks[0]}"), (target_type, str(max(pks) + 1000)), (target_type, "abc"),
                 (target_type, ""), (target_type, str(2**70))]
    keys.append(("whistleblowing.report", "1"))  # not a case type: never openable
    for username in ROLES:
        user = User.objects.select_related("unit").get(username=username)
        one_by_one = {k for k in keys if cases.case_for(user, *k) is not None}
        with CaptureQueriesContext(connection) as queries:
            batched = cases.openable(user, keys)
        assert batched == one_by_one, username
        # per case type its units below the user's (a manager's scope) and the cases: none loaded one by one
        assert len(queries) <= 2 * len(BATCHED) < len(keys) // 4, username
    seen = {username: cases.openable(User.objects.get(username=username), keys) for username in ROLES}
    assert seen["discipline1"] == set()  # discipline inspection opens no case of these types
    assert seen["field_worker1"] and all(t == "fieldwork.fieldworkorder" for t, _ in seen["field_worker1"])
    assert set(seen["company_deputy1"]) > set(seen["office_head1"]) > set(seen["inspector1"])
    assert {t for t, _ in seen["hall_staff1"]} == {"complaints.complaint"}


def test_a_case_type_without_a_batched_answer_is_asked_case_by_case(org, example_user, monkeypatch):
    monkeypatch.setattr(cases, "CASE_TYPES", dict(cases.CASE_TYPES))
    cases.register_case_type("org.unit", info=lambda case: case,
                             load=lambda user, target_id: None if target_id == "2" else target_id)
    user = example_user("inspector1")
    assert cases.openable(user, [("org.unit", "1"), ("org.unit", "2"), ("org.unit", "3")]) == {
        ("org.unit", "1"), ("org.unit", "3")}


def _home_queries(client, user) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    return len(queries)


def test_the_home_page_asks_once_per_case_type_however_many_unit_deadlines(client, org, example_user, now):
    """Unowned deadlines of the hall (whose staff open its complaints) and of an office (whose
    field worker does not): the same number of queries for 3 and for 30 of them, and each listed
    exactly to whoever may open its complaint."""
    from tests.integration.customers.factories import CustomerFactory
    from utilicase.calendar.services import deadline_open
    from utilicase.complaints import services as complaint_services

    customer = CustomerFactory(office=org["tf-power-city"])
    hall_staff = example_user("hall_staff1")
    numbers = []

    def unit_deadlines(count: int) -> None:
        for _ in range(count):
            complaint = complaint_services.complaint_receive(
                actor=hall_staff, channel="PHONE", customer=customer, contact_name="", contact_phone="",
                content="电表走字异常。", reception_started_at=now - timedelta(minutes=5), reception_ended_at=now,
                now=now)
            numbers.append(complaint.number)
            for unit in ("tf-hall", "tf-power-city"):
                deadline_open(kind="test.unit", clause="", target=complaint, owner=None, owner_unit=org[unit],
                              start_at=now, working_days=5, now=now)

    users = ("hall_staff1", "field_worker1")
    unit_deadlines(3)
    few = {u: _home_queries(client, example_user(u)) for u in users}
    unit_deadlines(27)
    many = {u: _home_queries(client, example_user(u)) for u in users}
    assert many == few
    client.force_login(example_user("hall_staff1"))
    page = client.get("/").content.decode()
    assert all(number in page for number in numbers)
    client.force_login(example_user("field_worker1"))
    page = client.get("/").content.decode()
    assert not any(number in page for number in numbers)
