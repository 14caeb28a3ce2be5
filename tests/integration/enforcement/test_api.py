"""The three suspension paths end to end through the API (§1.2(1), §1.2(2), §1.1): the case,
its documents (documents API), its fees (calculator), payments (billing API), suspension,
restoration, referral and closure; refusals 409 with the clause, bad input 422, out of sight 404."""

import base64
from datetime import timedelta

import pytest

from tests.integration.documents.conftest import ink_png
from tests.integration.enforcement import conftest as shared
from tests.integration.enforcement.conftest import BASIS, THEFT_1000_KWH
from utilicase.enforcement.models import EnforcementCase
from utilicase.org.services import token_create

pytestmark = pytest.mark.django_db
BASE = "/api/v1/enforcement"
DOCS = "/api/v1/documents"


@pytest.fixture
def clock(monkeypatch, now):
    """The server's clock, moved by the test: clock(timedelta) moves it on."""
    state = {"at": now}
    monkeypatch.setattr("django.utils.timezone.now", lambda: state["at"])
    shared._CLOCK[0] = now

    def move(delta=timedelta(0)):
        state["at"] = state["at"] + delta
        shared._CLOCK[0] = state["at"]
        return state["at"]

    return move


@pytest.fixture
def api(client, example_user, now):
    tokens = {}

    def as_user(username: str):
        if username not in tokens:
            tokens[username] = token_create(actor=None, user=example_user(username), now=now)[1]
        client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {tokens[username]}"
        return client

    return as_user


def data_url(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode()


def post(client, url, body=None):
    return client.post(url, body or {}, content_type="application/json")


def document(api, case_id, doc_type, *, content=None, issuer="inspector1", serve=True):
    client = api("inspector1")
    offered = client.get(f"{DOCS}/types", {"target_type": "enforcement.enforcementcase", "target_id": str(case_id)})
    assert offered.status_code == 200, offered.content
    filled = next(t["content"] for t in offered.json() if t["doc_type"] == doc_type)
    created = post(client, DOCS, {"target_type": "enforcement.enforcementcase", "target_id": str(case_id),
                                  "doc_type": doc_type, "content": {**filled, **(content or {})}})
    assert created.status_code == 201, created.content
    doc_id = created.json()["id"]
    assert post(client, f"{DOCS}/{doc_id}/signatures", {"signer_role": "INSPECTOR", "signer_name": "王建国",
                                                        "image": data_url(ink_png())}).status_code == 201
    issued = api(issuer).post(f"{DOCS}/{doc_id}/issue")
    assert issued.status_code == 200, issued.content
    if serve:
        served = api("inspector1").post(f"{DOCS}/{doc_id}/service", {
            "method": "SIGNED", "signer_name": "客户", "customer_signature": data_url(ink_png(3))})
        assert served.status_code == 201, served.content
    return issued.json()


def pay_all(api, case_body, at):
    client = api("office_head1")  # records payments by hand (billing)
    for i, receivable in enumerate(case_body["receivables"]):
        due = float(receivable["amount"]) - float(receivable["paid"])
        if due <= 0:
            continue
        response = post(client, "/api/v1/billing/payments", {
            "receivable": receivable["id"], "amount": f"{due:.2f}", "receipt_number": f"SJ{case_body['id']}{i}",
            "paid_at": at.isoformat(), "source": "MANUAL"})
        assert response.status_code == 201, response.content


def open_case(api, customer, *, kind="THEFT", stopped=True, now):
    body = {"kind": kind, "customer_id": customer.pk, "facts": "表后私接线路绕越计量装置。",
            "discovered_at": (now - timedelta(hours=1)).isoformat(), "inspectors": ["inspector1", "inspector2"]}
    if stopped:
        body.update(act_stopped_at=(now - timedelta(minutes=50)).isoformat(), act_stopped_how="拆除私接线路。")
    response = post(api("inspector1"), f"{BASE}/cases", body)
    assert response.status_code == 201, response.content
    return response.json()


def notice_and_fees(api, case_id, *, due, data=THEFT_1000_KWH):
    document(api, case_id, "violation_notice", content={"legal_basis": BASIS})
    client = api("inspector1")
    assert client.post(f"{BASE}/cases/{case_id}/serve-notice").json()["status"] == "NOTICE_SERVED"
    body = post(client, f"{BASE}/cases/{case_id}/fees", {"data": data}).json()
    assert (body["status"], body["total"], body["back_billing"]) == ("FEES_CALCULATED", "2040.00", "510.00")
    assert body["fee_lines"][-1]["rule"] == "GB-1996 Art.102"
    body = post(client, f"{BASE}/cases/{case_id}/charge", {"due_date": due}).json()
    assert body["status"] == "FEES_DUE" and body["balance"] == "2040.00"
    assert [r["fee_type"] for r in body["receivables"]] == ["BACK_BILLING", "VIOLATION_FEE"]
    return body


def suspend_body(**kw):
    return {"legal_basis": BASIS, "customer_response": "COOPERATED", **kw}


def test_1_2_1_residential_theft_from_site_to_restoration_through_the_api(api, residential, clock, now):
    case = open_case(api, residential, now=now)
    case_id = case["id"]
    assert (case["status"], case["supply"], case["customer_class"]) == ("DISCOVERED", "NORMAL", "RESIDENTIAL")
    client = api("inspector1")
    body = post(client, f"{BASE}/cases/{case_id}/suspend", suspend_body(
        customer_response="OBSTRUCTED", police_called_at=(now - timedelta(minutes=20)).isoformat(),
        superior_reported_at=(now - timedelta(minutes=18)).isoformat(), superior_name="张志强")).json()
    assert body["supply"] == "SUSPENDED"
    suspension = body["suspensions"][0]
    assert (suspension["path"], suspension["superior_name"]) == ("ON_SITE", "张志强")
    assert body["deadlines"][0]["kind"] == "enforcement.suspension_report"
    report = post(client, f"{BASE}/suspensions/{suspension['id']}/report", {"text": "已于现场停电，客户阻挠，已报警。"})
    assert report.status_code == 200 and report.json()["suspensions"][0]["reported_at"]

    body = notice_and_fees(api, case_id, due="2026-10-15")
    restore = client.post(f"{BASE}/cases/{case_id}/restore")
    assert restore.status_code == 409 and restore.json()["clause"] == "§2.6(4)"
    pay_all(api, body, clock(timedelta(days=1)))
    body = client.get(f"{BASE}/cases/{case_id}").json()
    assert body["status"] == "PAID" and body["balance"] == "0.00"
    restore = client.post(f"{BASE}/cases/{case_id}/restore")
    assert restore.status_code == 409 and restore.json()["clause"] == "§2.6(4)"
    assert post(client, f"{BASE}/cases/{case_id}/correction", {"note": "私接线路已拆除。"}).status_code == 200
    assert post(client, f"{BASE}/cases/{case_id}/liability", {"note": "客户签字承认并接受处理。"}).status_code == 200
    body = client.post(f"{BASE}/cases/{case_id}/restore").json()
    assert body["supply"] == "RESTORED" and body["suspensions"][0]["restored_at"]
    notice = document(api, case_id, "restoration_notice", issuer="office_head1")
    assert notice["status"] == "ISSUED"
    closed = post(api("office_head1"), f"{BASE}/cases/{case_id}/close", {"note": "已结案。"})
    assert closed.status_code == 200 and closed.json()["status"] == "CLOSED"


def test_1_2_2_important_customer_two_approvals_then_suspension_through_the_api(api, important, clock, now):
    case_id = open_case(api, important, now=now)["id"]
    client = api("inspector1")
    refused = post(client, f"{BASE}/cases/{case_id}/suspend", suspend_body())
    assert refused.status_code == 409 and refused.json()["clause"] == "§1.2(2)"
    body = post(client, f"{BASE}/cases/{case_id}/applications", {"reason": "高压客户窃电，申请停电。"}).json()
    application = body["applications"][0]["id"]
    inbox = api("enterprise_deputy1").get(f"{BASE}/work/applications").json()
    assert [a["id"] for a in inbox["items"]] == [application]
    early = post(api("company_deputy1"), f"{BASE}/applications/{application}/approve")
    assert early.status_code == 409 and early.json()["clause"] == "§1.2(2)"
    reviewed = post(api("enterprise_deputy1"), f"{BASE}/applications/{application}/review", {"comment": "同意"})
    assert reviewed.status_code == 200 and reviewed.json()["status"] == "PENDING_APPROVAL"
    still = post(api("inspector1"), f"{BASE}/cases/{case_id}/suspend", suspend_body())
    assert still.status_code == 409 and still.json()["clause"] == "§1.2(2)"
    approved = post(api("company_deputy1"), f"{BASE}/applications/{application}/approve", {"comment": "批准"})
    assert approved.status_code == 200 and approved.json()["status"] == "APPROVED"
    body = post(api("inspector1"), f"{BASE}/cases/{case_id}/suspend", suspend_body(scope="LIMITED")).json()
    assert body["supply"] == "LIMITED" and body["suspensions"][0]["path"] == "APPROVED"
    assert body["applications"][0]["status"] == "USED"


def test_1_1_unpaid_fees_notice_served_suspension_and_referral_through_the_api(api, residential, clock, now):
    case_id = open_case(api, residential, kind="VIOLATION", now=now)["id"]
    notice_and_fees(api, case_id, due="2026-09-30")
    client = api("inspector1")
    early = post(client, f"{BASE}/cases/{case_id}/suspend", suspend_body())
    assert early.status_code == 409 and early.json()["clause"] == "§1.1"
    clock(timedelta(days=2))
    unpaid = client.get(f"{BASE}/work/unpaid").json()
    assert [c["id"] for c in unpaid["items"]] == [case_id]
    document(api, case_id, "suspension_notice", content={"planned_at": "2026-10-03 09:00"}, serve=False)
    not_served = post(client, f"{BASE}/cases/{case_id}/suspend", suspend_body())
    assert not_served.status_code == 409 and not_served.json()["clause"] == "§1.1"
    doc_id = client.get(DOCS, {"target_type": "enforcement.enforcementcase", "target_id": str(case_id)}).json()
    notice_id = next(d["id"] for d in doc_id["items"] if d["doc_type"] == "suspension_notice")
    assert client.post(f"{DOCS}/{notice_id}/service", {"method": "SIGNED", "signer_name": "客户",
                                                       "customer_signature": data_url(ink_png(4))}).status_code == 201
    body = post(client, f"{BASE}/cases/{case_id}/suspend", suspend_body()).json()
    assert body["supply"] == "SUSPENDED" and body["suspensions"][0]["path"] == "UNPAID"
    referred = post(client, f"{BASE}/cases/{case_id}/referrals", {
        "reason": "UNPAID_SUSPENDED", "recipient": "POWER_ADMINISTRATION", "referred_on": "2026-10-02",
        "documents": "违约用电通知书、停(限)电通知单及送达回证"})
    assert referred.status_code == 201 and referred.json()["status"] == "REFERRED"
    referral = referred.json()["referrals"][0]
    assert (referral["clause"], referral["recipient"]) == ("§1.1", "POWER_ADMINISTRATION")
    assert EnforcementCase.objects.get(pk=case_id).status == "REFERRED"


def test_api_bad_input_is_422_naming_the_field_and_out_of_sight_is_404(api, residential, clock, now):
    case_id = open_case(api, residential, now=now)["id"]
    response = post(api("inspector1"), f"{BASE}/cases/{case_id}/suspend", {"legal_basis": BASIS,
                                                                        "customer_response": "MAYBE"})
    assert response.status_code == 422
    assert api("hall_staff1").get(f"{BASE}/cases/{case_id}").status_code == 404
    assert post(api("field_worker1"), f"{BASE}/cases/{case_id}/restore").status_code == 404
    response = post(api("inspector1"), f"{BASE}/cases", {"kind": "THEFT", "customer_id": 999999, "facts": "x",
                                                       "discovered_at": now.isoformat()})
    assert response.status_code == 422 and response.json()["detail"][0]["loc"][-1] == "customer_id"
    basis = api("inspector1").get(f"{BASE}/legal-basis").json()
    assert BASIS in [b["code"] for b in basis]
