"""/api/v1/complaints: intake (201 with the deadlines; 422 naming the field, nothing stored),
reads scoped to the caller (404 out of sight), each transition as a POST (409 with the clause
when the regulation refuses, 403 when the caller may not)."""

import hashlib

import pytest

from tests.integration.evidence.helpers import data_url, signature_png
from utilicase.audit.models import AuditEvent
from utilicase.calendar.models import Deadline
from utilicase.complaints.models import Complaint
from utilicase.org.services import token_create

pytestmark = pytest.mark.django_db

GOOD = {"channel": "PHONE", "contact_name": "李秀英", "contact_phone": "13899001122",
        "content": "电费突增，要求核查电表。", "reception_started_at": "2026-09-30T10:00:00+08:00",
        "reception_ended_at": "2026-09-30T10:00:00+08:00"}


@pytest.fixture(autouse=True)
def clock(monkeypatch, now):
    monkeypatch.setattr("django.utils.timezone.now", lambda: now)


@pytest.fixture
def api(client, example_user, now):
    """api("hall_staff1").post(path, json) — calls with that user's bearer token."""

    class Caller:
        def __init__(self, username):
            _, token = token_create(actor=None, user=example_user(username), now=now)
            self.headers = {"Authorization": f"Bearer {token}"}

        def get(self, path, params=None):
            return client.get(path, params or {}, headers=self.headers)

        def post(self, path, body=None):
            return client.post(path, body or {}, content_type="application/json", headers=self.headers)

    return Caller


def fields(response) -> list[str]:
    assert response.status_code == 422, response.content
    return [e["loc"][-1] for e in response.json()["detail"]]


def nothing_stored():
    return (not Complaint.objects.exists() and not Deadline.objects.exists()
            and not AuditEvent.objects.filter(action__startswith="complaints.").exists())


def create(api, **changes):
    response = api("hall_staff1").post("/api/v1/complaints", {**GOOD, **changes})
    assert response.status_code == 201, response.content
    return response.json()


def test_create_answers_number_status_and_deadlines_s6_6_6_s6_6_8(api):
    response = api("hall_staff1").post("/api/v1/complaints", GOOD)
    assert response.status_code == 201
    body = response.json()
    assert (body["number"], body["status"]) == ("TS2026000001", "RECEIVED")
    assert Complaint.objects.get(pk=body["id"]).number == "TS2026000001"
    assert [(d["kind"], d["due_at"], d["provisional"]) for d in body["deadlines"]] == [
        ("complaint.form", "2026-09-30T10:15:00+08:00", False),
        ("complaint.reply", "2026-10-14T00:00:00+08:00", False),
    ]
    assert body["deadlines"][1]["due_date"] == "2026-10-13"


def test_create_by_account_number_across_the_company(api, customer):
    body = create(api, contact_name="", contact_phone="", customer_account="1010000001")
    assert Complaint.objects.get(pk=body["id"]).customer == customer


def test_missing_contact_is_422_and_nothing_is_stored(api):
    assert fields(api("hall_staff1").post("/api/v1/complaints", {**GOOD, "contact_name": ""})) == ["contact_name"]
    assert nothing_stored()


def test_end_before_start_is_422(api):
    response = api("hall_staff1").post("/api/v1/complaints", {**GOOD, "reception_ended_at": "2026-09-30T09:59:00+08:00"})
    assert fields(response) == ["reception_ended_at"]
    assert "早于" in response.json()["detail"][0]["msg"]
    assert nothing_stored()


def test_end_in_the_future_is_422(api):
    response = api("hall_staff1").post("/api/v1/complaints", {**GOOD, "reception_ended_at": "2026-09-30T10:01:00+08:00"})
    assert fields(response) == ["reception_ended_at"]
    assert nothing_stored()


def test_unknown_channel_is_422(api):
    assert fields(api("hall_staff1").post("/api/v1/complaints", {**GOOD, "channel": "FAX"})) == ["channel"]
    assert nothing_stored()


def test_unknown_account_is_422(api):
    response = api("hall_staff1").post("/api/v1/complaints", {**GOOD, "customer_account": "9999999999"})
    assert fields(response) == ["customer_account"]
    assert "9999999999" in response.json()["detail"][0]["msg"]
    assert nothing_stored()


def test_missing_content_is_422(api):
    body = dict(GOOD)
    del body["content"]
    assert fields(api("hall_staff1").post("/api/v1/complaints", body)) == ["content"]
    assert nothing_stored()


def test_a_rejected_intake_uses_no_number(api):
    api("hall_staff1").post("/api/v1/complaints", {**GOOD, "contact_phone": ""})
    assert create(api)["number"] == "TS2026000001"


def test_only_hall_staff_create(api):
    response = api("handler1").post("/api/v1/complaints", GOOD)
    assert response.status_code == 403
    assert nothing_stored()


def test_unauthenticated_is_401(client):
    assert client.get("/api/v1/complaints").status_code == 401


def test_get_one_with_deadlines_and_actions(api):
    body = create(api)
    got = api("hall_staff1").get(f"/api/v1/complaints/{body['id']}").json()
    assert (got["number"], got["channel"], got["hall"], got["first_contact_owner"]) == (
        "TS2026000001", "PHONE", "tf-hall", "hall_staff1")
    assert got["next_due_at"] == "2026-09-30T10:15:00+08:00" and got["overdue"] is False
    actions = {a["name"]: a for a in got["actions"]}
    assert actions["complete_form"]["allowed"] and actions["complete_form"]["permitted"]
    assert (actions["route"]["allowed"], actions["route"]["refused_clause"]) == (False, "§6.6(4)")
    assert actions["close"]["refused_clause"] == "§6.6(8)"


def test_out_of_sight_is_404_like_missing(api):
    body = create(api)
    assert api("handler1").get(f"/api/v1/complaints/{body['id']}").status_code == 404
    assert api("hall_staff1").get(f"/api/v1/complaints/{body['id'] + 99}").status_code == 404
    assert api("handler1").post(f"/api/v1/complaints/{body['id']}/close").status_code == 404


def test_route_before_assessment_is_409_with_the_clause_s6_6_4(api):
    body = create(api)
    response = api("hall_staff1").post(f"/api/v1/complaints/{body['id']}/route", {"unit": "tf-power-marketing"})
    assert response.status_code == 409
    assert response.json()["clause"] == "§6.6(4)"
    assert Complaint.objects.get(pk=body["id"]).status == "RECEIVED"


def test_the_clerk_cannot_send_an_opinion_book_complaint_past_the_hall_head_409_s6_6_7(api, flow):
    c = flow.receive(channel="OPINION_BOOK")
    flow.complete_form(c)
    flow.assess(c)
    base = f"/api/v1/complaints/{c.pk}/route"
    assert api("hall_staff1").post(base, {"unit": "tf-hall"}).json()["routed_to_unit"] == "tf-hall"
    refused = api("hall_staff1").post(base, {"unit": "tf-power-marketing", "reason": "无法答复"})
    assert (refused.status_code, refused.json()["clause"]) == (409, "§6.6(7)")
    no_reason = api("hall_head1").post(base, {"unit": "tf-power-marketing"})
    assert (no_reason.status_code, no_reason.json()["clause"]) == (409, "§6.6(7)")
    in_person = api("hall_head1").post(f"/api/v1/complaints/{c.pk}/reply", {"method": "IN_PERSON", "content": "已答复"})
    assert (in_person.status_code, in_person.json()["clause"]) == (409, "§6.6(7)")
    onward = api("hall_head1").post(base, {"unit": "tf-power-marketing", "reason": "需核查电表"}).json()
    assert onward["routed_to_unit"] == "tf-power-marketing"


def test_close_without_reply_is_409_s6_6_8(api):
    body = create(api)
    response = api("hall_staff1").post(f"/api/v1/complaints/{body['id']}/close")
    assert (response.status_code, response.json()["clause"]) == (409, "§6.6(8)")


def test_the_whole_flow_through_the_api(api):
    staff = api("hall_staff1")
    cid = create(api)["id"]
    base = f"/api/v1/complaints/{cid}"
    assert staff.post(f"{base}/form-complete", {"content": "9月电费比8月高出一倍。"}).json()["form_late"] is False
    confirmed = staff.post(f"{base}/record-confirm", {"method": "READ_BACK", "answer": "客户确认无误"}).json()
    assert (confirmed["record_confirmation"], confirmed["record_answer"]) == ("READ_BACK", "客户确认无误")
    assessed = staff.post(f"{base}/assess", {"category": "metering-billing", "impact": "MODERATE", "is_valid": True,
                                             "validity_reason": "属实", "company_at_fault": False})
    assert (assessed.status_code, assessed.json()["status"], assessed.json()["category"]) == (
        200, "ASSESSED", "metering-billing")
    routed = staff.post(f"{base}/route", {"unit": "tf-power-marketing", "handler": "handler1"}).json()
    assert (routed["status"], routed["routed_to_unit"], routed["current_owner"]) == (
        "ROUTED", "tf-power-marketing", "handler1")
    assert staff.post(f"{base}/reply", {"method": "PHONE", "content": "已处理"}).status_code == 403
    replied = api("handler1").post(f"{base}/reply", {"method": "PHONE", "content": "已更换电表，多收电费退还。"}).json()
    assert (replied["status"], replied["reply"]["method"], replied["reply"]["replied_by"]) == (
        "REPLIED", "PHONE", "handler1")
    assert staff.post(f"{base}/close").json()["status"] == "CLOSED"


def test_hand_over_and_link(api, customer):
    staff = api("hall_staff1")
    cid = create(api)["id"]
    handed = staff.post(f"/api/v1/complaints/{cid}/hand-over", {"to": "hall_head1", "note": "转负责人"}).json()
    assert handed["first_contact_owner"] == "hall_head1"
    linked = api("hall_head1").post(f"/api/v1/complaints/{cid}/links",
                                    {"target_type": "CUSTOMER", "target_id": str(customer.pk)}).json()
    assert linked["customer"]["account_number"] == "1010000001"
    assert [(x["target_type"], x["label"]) for x in linked["links"]] == [("CUSTOMER", "1010000001 王建华")]


def test_bad_transition_input_is_422(api):
    staff = api("hall_staff1")
    cid = create(api)["id"]
    assert fields(staff.post(f"/api/v1/complaints/{cid}/hand-over", {"to": "nobody"})) == ["to"]
    assert fields(staff.post(f"/api/v1/complaints/{cid}/hand-over", {"to": "handler1"})) == ["to"]
    assert fields(staff.post(f"/api/v1/complaints/{cid}/route", {"unit": "no-such-unit"})) == ["unit"]
    assert fields(staff.post(f"/api/v1/complaints/{cid}/assess", {
        "category": "nonsense", "impact": "MINOR", "is_valid": True, "validity_reason": "x",
        "company_at_fault": False})) == ["category"]
    assert fields(staff.post(f"/api/v1/complaints/{cid}/links", {"target_type": "MOON", "target_id": "1"})) == [
        "target_type"]


def test_list_filters_and_pages(api, flow, now):
    first = create(api)["id"]
    second = create(api, reception_started_at="2026-09-01T09:00:00+08:00",
                    reception_ended_at="2026-09-01T09:10:00+08:00")["id"]
    staff = api("hall_staff1")
    body = staff.get("/api/v1/complaints").json()
    assert body["count"] == 2 and [c["id"] for c in body["items"]] == [first, second]
    assert [c["id"] for c in staff.get("/api/v1/complaints", {"overdue": "true"}).json()["items"]] == [second]
    assert [c["id"] for c in staff.get("/api/v1/complaints", {"overdue": "false"}).json()["items"]] == [first]
    assert [c["id"] for c in staff.get("/api/v1/complaints", {"received_from": "2026-09-30"}).json()["items"]] == [
        first]
    assert [c["id"] for c in staff.get("/api/v1/complaints", {"received_to": "2026-09-29"}).json()["items"]] == [
        second]
    assert staff.get("/api/v1/complaints", {"status": "ROUTED"}).json()["count"] == 0
    assert staff.get("/api/v1/complaints", {"unit": "tf-hall"}).json()["count"] == 2
    assert staff.get("/api/v1/complaints", {"unit": "tf-power-marketing"}).json()["count"] == 0
    assert staff.get("/api/v1/complaints", {"status": "LOST"}).status_code == 422
    assert staff.get("/api/v1/complaints", {"unit": "nowhere"}).status_code == 422
    assert api("handler1").get("/api/v1/complaints").json()["count"] == 0


def test_list_is_paginated_by_fifty(api, flow):
    for _ in range(51):
        flow.receive()
    staff = api("hall_staff1")
    first, second = staff.get("/api/v1/complaints").json(), staff.get("/api/v1/complaints", {"page": 2}).json()
    assert (first["count"], len(first["items"]), len(second["items"])) == (51, 50, 1)


def test_openapi_lists_the_complaint_routes(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"/api/v1/complaints", "/api/v1/complaints/{complaint_id}", "/api/v1/complaints/{complaint_id}/route",
            "/api/v1/complaints/kpis"} <= set(paths)


def test_times_outside_the_century_and_nul_text_are_422(api):
    staff = api("hall_staff1")
    assert fields(staff.post("/api/v1/complaints", {**GOOD, "reception_started_at": "0001-01-01T00:00:00"})) == [
        "reception_started_at"]
    assert fields(staff.post("/api/v1/complaints", {**GOOD, "content": "a\x00b"})) == ["content"]
    assert staff.get("/api/v1/complaints", {"received_to": "9999-12-31"}).status_code == 422
    assert staff.get("/api/v1/complaints/kpis", {"month": "1999-12"}).status_code == 422
    assert staff.get("/api/v1/complaints/9223372036854775808").status_code == 422
    assert nothing_stored()


def test_a_call_s_record_confirmation_without_the_answer_is_409_s6_5_ii_7(api):
    cid = create(api)["id"]
    response = api("hall_staff1").post(f"/api/v1/complaints/{cid}/record-confirm", {"method": "READ_BACK"})
    assert (response.status_code, response.json()["clause"]) == (409, "§6.5(ii)(7)")
    assert Complaint.objects.get(pk=cid).record_confirmed_at is None


def test_a_visit_is_confirmed_by_signature_through_the_api_s6_5_ii_7(api):
    cid = create(api, channel="VISIT")["id"]
    png = signature_png()
    response = api("hall_staff1").post(f"/api/v1/complaints/{cid}/record-confirm", {
        "method": "SIGNATURE", "signer_name": "李秀英", "signature": data_url(png)})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["record_confirmation"], body["record_signature_sha256"], body["record_contact"]) == (
        "SIGNATURE", hashlib.sha256(png).hexdigest(), "")


def test_a_visit_s_contact_that_is_no_phone_is_422_naming_the_field_s6_5_ii_7(api):
    cid = create(api, channel="VISIT")["id"]
    response = api("hall_staff1").post(f"/api/v1/complaints/{cid}/record-confirm",
                                       {"method": "CONTACT", "contact": "问前台"})
    assert fields(response) == ["contact"]
    assert Complaint.objects.get(pk=cid).record_contact == ""
