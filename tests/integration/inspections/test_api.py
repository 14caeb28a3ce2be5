"""The inspections API: a routine and a special inspection end to end, and its answers: 422
naming the field, 409 with the clause, 403, 404."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from tests.integration.customers.factories import CustomerFactory
from utilicase.inspections.models import InspectionOrder

API = "/api/v1/inspections"


@pytest.fixture
def api(client, example_user):
    class Api:
        def as_(self, username):
            client.force_login(example_user(username))
            return self

        def get(self, path):
            return client.get(API + path)

        def post(self, path, data=None):
            return client.post(API + path, data or {}, content_type="application/json")

    return Api()


@pytest.fixture
def today():
    return timezone.localdate()


def _order(api, customer, today, **extra):
    body = {"kind": "ROUTINE", "customer_id": customer.pk, "purpose": "用电安全检查", "planned_date": today.isoformat(),
            "inspectors": ["inspector1", "inspector2"], **extra}
    response = api.as_("inspector1").post("/orders", body)
    assert response.status_code == 201, response.content
    return response.json()


def test_a_routine_inspection_end_to_end(api, customer, today):
    order = _order(api, customer, today)
    oid = order["id"]
    assert order["status"] == "DRAFT" and order["number"].startswith("JC")
    assert api.as_("inspector1").post(f"/orders/{oid}/submit").json()["status"] == "SUBMITTED"
    inbox = api.as_("office_head1").get("/work/to-approve").json()
    assert [o["id"] for o in inbox["items"]] == [oid]
    assert api.as_("office_head1").post(f"/orders/{oid}/approve").json()["status"] == "APPROVED"
    r = api.as_("inspector1").post(f"/orders/{oid}/appoint", {"appointment_at": f"{today}T15:00:00",
                                                              "contact": "王建华", "method": "PHONE"})
    assert r.json()["status"] == "APPOINTED"
    assert api.as_("inspector1").post(f"/orders/{oid}/prepare").json()["status"] == "PREPARED"
    assert [o["id"] for o in api.as_("inspector2").get("/work/today").json()["items"]] == [oid]
    r = api.as_("inspector1").post(f"/orders/{oid}/arrive", {"present": ["inspector1", "inspector2"],
                                                             "certificates_shown": True})
    body = r.json()
    assert body["status"] == "ARRIVED"
    assert {i["inspector"]: i["certificate"] for i in body["inspectors"]} == {
        "inspector1": "XJ-D-2024-0131", "inspector2": "XJ-D-2024-0132"}
    assert api.as_("inspector1").post(f"/orders/{oid}/inspect").json()["status"] == "INSPECTING"
    r = api.as_("inspector1").post(f"/orders/{oid}/operations", {
        "equipment": "进线柜", "operation": "分闸", "consent": True, "consent_by": "王建华", "operator_name": "客户电工刘强"})
    assert r.json()["operations"][0]["operator_name"] == "客户电工刘强"
    due = (today + timedelta(days=10)).isoformat()
    r = api.as_("inspector1").post(f"/orders/{oid}/findings", {
        "finding_type": "SAFETY_DEFECT", "description": "接地线断开", "rectification_required": True,
        "requirement": "更换接地线", "due_date": due})
    body = r.json()
    assert body["findings"][0]["number"] == 1 and body["rectifications"][0]["due_date"] == due
    assert any(d["kind"] == "inspection.rectification" for d in body["deadlines"])
    rid = body["rectifications"][0]["id"]
    for step in ("leave", "archive"):
        assert api.as_("inspector1").post(f"/orders/{oid}/{step}").status_code == 200
    r = api.as_("inspector1").post(f"/orders/{oid}/close")
    assert r.status_code == 409 and r.json()["clause"] == "§2.5(3)"
    r = api.as_("inspector2").post(f"/rectifications/{rid}/reinspect", {"result": "ACCEPTED", "note": "已更换"})
    assert r.json()["rectifications"][0]["status"] == "ACCEPTED"
    assert api.as_("inspector1").post(f"/orders/{oid}/close").json()["status"] == "CLOSED"


def test_a_special_inspection_from_suspicion(api, customer, today):
    body = {"kind": "SPECIAL", "customer_id": customer.pk, "purpose": "计量数据异常核查",
            "planned_date": today.isoformat(), "inspectors": ["inspector1", "inspector2"], "trigger": "SUSPICION",
            "suspicion_source": "METER_DATA", "support_police": True}
    r = api.as_("enterprise_deputy1").post("/orders", body)
    assert r.status_code == 201
    oid = r.json()["id"]
    assert r.json()["approval_unit"] == "tf-power" and r.json()["support_police"] is True
    api.as_("enterprise_deputy1").post(f"/orders/{oid}/submit")
    r = api.as_("office_head1").post(f"/orders/{oid}/approve")
    assert r.status_code == 409 and r.json()["clause"] == "§2.4(3)"
    assert api.as_("enterprise_deputy1").post(f"/orders/{oid}/approve").json()["status"] == "APPROVED"
    r = api.as_("inspector1").post(f"/orders/{oid}/appoint", {"appointment_at": f"{today}T15:00:00",
                                                              "contact": "客户", "method": "PHONE"})
    assert r.status_code == 409 and r.json()["clause"] == "§2.4(2)"
    assert api.as_("inspector1").post(f"/orders/{oid}/prepare").json()["status"] == "PREPARED"
    r = api.as_("inspector1").post(f"/orders/{oid}/arrive", {"present": ["inspector1"], "certificates_shown": True})
    assert r.status_code == 409 and r.json()["clause"] == "§2.4(4)"
    api.as_("inspector1").post(f"/orders/{oid}/arrive", {"present": ["inspector1", "inspector2"],
                                                         "certificates_shown": True})
    api.as_("inspector1").post(f"/orders/{oid}/inspect")
    r = api.as_("inspector1").post(f"/orders/{oid}/operations", {
        "equipment": "电能表", "operation": "开启表箱", "consent": True, "consent_by": "户主", "operator_name": "王建国"})
    assert r.status_code == 409 and r.json()["clause"] == "§2.4(4)"
    r = api.as_("inspector1").post(f"/orders/{oid}/findings", {"finding_type": "SUSPECTED_THEFT",
                                                               "description": "表尾短接"})
    assert r.json()["enforcement_required"] is True


def test_bad_input_is_422_naming_the_field(api, customer, today, other_customer):
    r = api.as_("inspector1").post("/orders", {"kind": "ROUTINE", "customer_id": other_customer.pk, "purpose": "x",
                                               "planned_date": today.isoformat(), "inspectors": ["inspector1"]})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"][-1] == "customer_id"
    r = api.as_("inspector1").post("/orders", {"kind": "ROUTINE", "customer_id": customer.pk, "purpose": "x",
                                               "planned_date": today.isoformat(), "inspectors": ["nobody"]})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"][-1] == "inspectors"
    r = api.as_("inspector1").post("/orders", {"kind": "ROUTINE", "customer_id": customer.pk, "purpose": " ",
                                               "planned_date": today.isoformat(), "inspectors": ["inspector1"]})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"][-1] == "purpose"
    oid = _order(api, customer, today)["id"]
    r = api.as_("inspector1").post(f"/orders/{oid}/inspectors", {"inspectors": ["hall_staff1", "inspector1"]})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"][-1] == "inspectors"


def test_403_and_404(api, customer, today):
    oid = _order(api, customer, today)["id"]
    assert api.as_("hall_staff1").get(f"/orders/{oid}").status_code == 404
    assert api.as_("hall_staff1").post(f"/orders/{oid}/submit").status_code == 404
    assert api.as_("office_head1").get(f"/orders/{oid}").status_code == 200
    r = api.as_("hall_staff1").post("/orders", {"kind": "ROUTINE", "customer_id": customer.pk, "purpose": "x",
                                                "planned_date": today.isoformat(), "inspectors": ["inspector1"]})
    assert r.status_code in (403, 422)
    assert api.as_("inspector1").get("/orders/999999").status_code == 404


def test_plans_generate_and_completion(api, org, customer, today):
    month = today.replace(day=1)
    r = api.as_("office_head1").post("/plans", {"office": "tf-power-city", "utility": "POWER",
                                                "month": f"{month:%Y-%m}"})
    assert r.status_code == 201
    pid = r.json()["id"]
    second = CustomerFactory(office=org["tf-power-city"], account_number="1010000002", name="李四")
    for c in (customer, second):
        r = api.as_("office_head1").post(f"/plans/{pid}/entries", {
            "customer_id": c.pk, "planned_date": month.isoformat(), "inspectors": ["inspector1", "inspector2"]})
        assert r.status_code == 201, r.content
    r = api.as_("office_head1").post(f"/plans/{pid}/entries", {
        "customer_id": customer.pk, "planned_date": month.isoformat(), "inspectors": ["inspector1", "inspector2"]})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"][-1] == "customer_id"
    made = api.as_("office_head1").post(f"/plans/{pid}/generate").json()["orders"]
    assert len(made) == 2
    assert api.as_("office_head1").post(f"/plans/{pid}/generate").json()["orders"] == []
    assert InspectionOrder.objects.count() == 2
    rows = api.as_("office_head1").get(f"/plans/completion?month={month:%Y-%m}").json()
    assert [(r["office"], r["planned"], r["done"]) for r in rows] == [("tf-power-city", 2, 0)]
    assert api.as_("office_head1").get("/plans/completion?month=2026-13").status_code == 422
    plan = api.as_("inspector1").get(f"/plans/{pid}").json()
    assert sorted(e["order"] for e in plan["entries"]) == sorted(made)


def test_overdue_rectifications_list(api, flow, example_user, now):
    from utilicase.inspections import services

    order = flow.inspecting()
    flow.finding(order, due=date(2026, 10, 1))
    services.order_leave(actor=example_user("inspector1"), order=order, now=now)
    rows = api.as_("office_head1").get("/work/overdue-rectifications").json()["items"]
    # The pinned clock is in the past of the real one, so the deadline has passed.
    assert [(r["order"], r["finding"]) for r in rows] == [(order.number, 1)]
