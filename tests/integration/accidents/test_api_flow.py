"""An accident case end to end through /api/v1/ (§2.7): the report, arrival with the customer's
witness, the investigation with its evidence, the cause removed and supply restored, the report
with the four don't-let-go items (closing refused while one is open), the compensation
calculated and charged to billing, the result notice with its rectification deadline, the
re-inspection; on a second case the refusal and its referral. Each refusal answers 409 with its
clause."""

import base64
from datetime import date, datetime, timedelta

import pytest

from tests.integration.accidents.conftest import ITEM_RECORDS
from tests.integration.documents.conftest import ink_png
from utilicase.accidents.domain import transitions as table
from utilicase.accidents.models import DontLetGo
from utilicase.billing.models import Receivable
from utilicase.core.workdays import SHANGHAI
from utilicase.org.services import token_create

pytestmark = pytest.mark.django_db
BASE = "/api/v1/accidents"
DOCS = "/api/v1/documents"
TARGET = "accidents.accidentcase"


@pytest.fixture
def clock(monkeypatch, now):
    state = {"at": now}
    monkeypatch.setattr("django.utils.timezone.now", lambda: state["at"])

    def move(to=None):
        if to is not None:
            state["at"] = to
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


def post(client, url, body=None):
    return client.post(url, body or {}, content_type="application/json")


def refused(response, clause):
    assert response.status_code == 409, response.content
    assert response.json()["clause"] == clause
    return response.json()["detail"]


def data_url(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode()


def document(api, case_id, doc_type, *, content=None):
    """Drafted from what the case offers, signed by the inspector, issued and signed for by the customer."""
    client = api("inspector1")
    offered = client.get(f"{DOCS}/types", {"target_type": TARGET, "target_id": str(case_id)})
    assert offered.status_code == 200, offered.content
    filled = next(t["content"] for t in offered.json() if t["doc_type"] == doc_type)
    created = post(client, DOCS, {"target_type": TARGET, "target_id": str(case_id), "doc_type": doc_type,
                                  "content": {**filled, **(content or {})}})
    assert created.status_code == 201, created.content
    doc_id = created.json()["id"]
    assert post(client, f"{DOCS}/{doc_id}/signatures", {"signer_role": "INSPECTOR", "signer_name": "王建国",
                                                        "image": data_url(ink_png())}).status_code == 201
    assert client.post(f"{DOCS}/{doc_id}/issue").status_code == 200
    served = client.post(f"{DOCS}/{doc_id}/service", {"method": "SIGNED", "signer_name": "李强",
                                                      "customer_signature": data_url(ink_png(3))})
    assert served.status_code == 201, served.content
    return client.get(f"{DOCS}/{doc_id}").json()


def open_on_site(api, customer, now) -> dict:
    client = api("inspector1")
    made = post(client, f"{BASE}/cases", {
        "customer_id": customer.pk, "description": "客户10kV配电室电缆头放电，开关跳闸，全厂停电。",
        "reported_at": (now - timedelta(hours=1)).isoformat(), "reported_by_name": "厂电工 李强",
        "inspectors": ["inspector1", "inspector2"]})
    assert made.status_code == 201, made.content
    case = made.json()
    arrival = {"dispatched_at": (now - timedelta(minutes=55)).isoformat(),
               "arrived_at": (now - timedelta(minutes=20)).isoformat(), "identity_shown": True}
    refused(post(client, f"{BASE}/cases/{case['id']}/arrive", {**arrival, "witness_name": ""}), "§2.7(1)")
    refused(post(client, f"{BASE}/cases/{case['id']}/arrive", {**arrival, "identity_shown": False,
                                                              "witness_name": "李强"}), "§2.7(2)")
    body = post(client, f"{BASE}/cases/{case['id']}/arrive", {**arrival, "witness_name": "李强"}).json()
    assert (body["status"], body["witness_name"]) == ("ON_SITE", "李强")
    assert body["dispatched_at"] == "2026-09-30T09:05:00+08:00" and body["arrived_at"] == "2026-09-30T09:40:00+08:00"
    return body


def test_an_accident_from_the_report_to_the_closing_through_the_api_s2_7(api, customer, prices, clock, now):
    case = open_on_site(api, customer, now)
    case_id, client = case["id"], api("inspector1")
    url = f"{BASE}/cases/{case_id}"

    # the investigation (§2.7(1)-(3)): entries by the customer's people, evidence registered
    refused(post(client, f"{url}/entries", {"at": (now - timedelta(minutes=10)).isoformat(), "text": "检查人员合闸试送。",
                                           "inspector_operated_equipment": True}), "§2.7(1)")
    body = post(client, f"{url}/entries", {"at": (now - timedelta(minutes=10)).isoformat(),
                                          "text": "客户电工拉开进线开关，检查人员在旁指导。", "operated_by": "李强"}).json()
    assert [(e["text"], e["operated_by"]) for e in body["entries"]] == [("客户电工拉开进线开关，检查人员在旁指导。", "李强")]
    item = post(client, "/api/v1/evidence/items", {"target_type": TARGET, "target_id": str(case_id), "kind": "PHOTO",
                                                   "description": "击穿的电缆终端头", "location": "客户10kV配电室"})
    assert item.status_code == 201, item.content
    assert item.json()["number"] == 1

    # cause, removal, restoration (§2.7(2)); the report deadline from the end (§2.7(4))
    refused(client.post(f"{url}/end"), "§2.7(2)")
    post(client, f"{url}/cause", {"cause": "电缆终端头受潮，绝缘击穿。"})
    refused(post(client, f"{url}/restore", {}), "§2.7(2)")
    post(client, f"{url}/cause-removed", {"note": "客户已更换终端头，试验合格。"})
    early = post(client, f"{url}/restore", {"restored_at": (now - timedelta(minutes=5)).isoformat()})
    assert early.status_code == 422 and early.json()["detail"][0]["loc"][-1] == "restored_at"
    body = post(client, f"{url}/restore", {}).json()
    assert body["restored_at"] == "2026-09-30T10:00:00+08:00"
    body = client.post(f"{url}/end").json()
    assert body["status"] == "INVESTIGATED"
    assert [(d["kind"], d["clause"], d["due_at"], d["met_at"]) for d in body["deadlines"]] == [
        ("accidents.report", "§2.7(4)", "2026-10-14T00:00:00+08:00", None)]  # 5 working days after the holidays
    assert body["next_due_at"] == "2026-10-14T00:00:00+08:00"

    # the report with the four items (§2.7(4)); closing refused while one is open
    for code, record in list(ITEM_RECORDS.items())[:3]:
        post(client, f"{url}/items", {"item": code, "record": record})
    report = document(api, case_id, "accident_report", content={"people_educated": "待组织学习"})
    detail = refused(post(client, f"{url}/report", {"countermeasures": "定期巡视电缆头。"}), "§2.7(4)")
    assert "1" in detail
    post(client, f"{url}/items", {"item": table.PEOPLE_EDUCATED, "record": ITEM_RECORDS[table.PEOPLE_EDUCATED]})
    clock(now + timedelta(days=1))
    body = post(client, f"{url}/report", {"countermeasures": "定期巡视电缆头。"}).json()
    assert (body["status"], body["report_number"]) == ("REPORT_FILED", report["number"])
    assert body["deadlines"][0]["met_at"] == "2026-10-01T10:00:00+08:00" and body["next_due_at"] is None
    # an item found open again (a record withdrawn): the case cannot close (§2.7(4))
    DontLetGo.objects.filter(case_id=case_id, item=table.MEASURES_TAKEN).update(done_at=None)
    assert api("inspector1").post(f"{url}/close", {}, content_type="application/json").status_code == 403
    manager = api("office_head1")
    detail = refused(post(manager, f"{url}/close", {}), "§2.7(4)")
    assert "1" in detail
    post(api("inspector1"), f"{url}/items", {"item": table.MEASURES_TAKEN, "record": "已落实。"})
    client = api("inspector1")

    # compensation (§2.7(5)): 90 min × 200 kWh/h = 300 kWh × 0.55 (August) = 165.00; then billing
    body = post(client, f"{url}/compensation", {"outage_minutes": 90, "interrupted_rate_per_hour": 200,
                                               "month": "2026-09"}).json()
    assert body["compensation"] == "165.00"
    assert (body["compensation_result"]["lost_supply"], body["compensation_result"]["price_month"]) == ("300", "2026-08")
    body = post(client, f"{url}/compensation/charge", {"due_date": "2026-10-30"}).json()
    assert body["compensation_charged_at"] == "2026-10-01T10:00:00+08:00"
    receivable = Receivable.objects.get(target_type=TARGET, target_id=str(case_id))
    assert (receivable.fee_type, str(receivable.amount), receivable.due_date) == (
        "COMPENSATION", "165.00", date(2026, 10, 30))
    refused(post(client, f"{url}/compensation/charge", {"due_date": "2026-10-30"}), "§2.7(5)")
    refused(post(client, f"{url}/compensation", {"outage_minutes": 30, "interrupted_rate_per_hour": 200,
                                                "month": "2026-09"}), "§2.7(5)")

    # the result notice with its rectification deadline (§2.7(6))
    refused(post(client, f"{url}/notice", {"rectification_date": "2026-10-20"}), "§2.7(6)")  # not served yet
    notice = document(api, case_id, "accident_result_notice", content={"rectification_date": "2026-10-20"})
    body = post(client, f"{url}/notice", {"rectification_date": "2026-10-20"}).json()
    assert (body["status"], body["notice_number"], body["rectification_date"]) == (
        "NOTICE_ISSUED", notice["number"], "2026-10-20")
    rectification = [d for d in body["deadlines"] if d["kind"] == "accident.rectification"]
    assert [(d["clause"], d["due_at"], d["met_at"]) for d in rectification] == [
        ("§2.7(6)", "2026-10-21T00:00:00+08:00", None)]
    assert body["next_due_at"] == "2026-10-21T00:00:00+08:00"
    refused(post(client, f"{url}/refer", {"note": "报公司。"}), "§2.7(6)")  # no refusal recorded

    # the re-inspection after the deadline: met, late (§2.7(6)); then the case closes
    clock(datetime(2026, 10, 22, 9, 0, tzinfo=SHANGHAI))
    assert client.get(url).json()["deadlines"][-1]["overdue"] is True
    body = post(client, f"{url}/reinspect", {"note": "已加装防潮措施。"}).json()
    assert body["status"] == "RECTIFIED" and body["reinspected_at"] == "2026-10-22T09:00:00+08:00"
    assert [(d["met_at"], d["overdue"]) for d in body["deadlines"] if d["kind"] == "accident.rectification"] == [
        ("2026-10-22T09:00:00+08:00", False)]
    body = post(api("office_head1"), f"{url}/close", {"note": "四不放过已落实，整改已复查。"}).json()
    assert (body["status"], body["closed_at"]) == ("CLOSED", "2026-10-22T09:00:00+08:00")
    refused(post(api("inspector1"), f"{url}/entries", {"at": "2026-10-22T08:00:00+08:00", "text": "补记。"}),
            "§2.7(2)")


def test_a_refusal_to_rectify_is_referred_through_the_api_s2_7_6(api, flow, customer, clock, now):
    case = flow.reported(customer)
    client = api("inspector1")
    url = f"{BASE}/cases/{case.pk}"
    refused(post(client, f"{url}/refusal", {"note": "拒不整改。"}), "§2.7(6)")  # no notice yet
    document(api, case.pk, "accident_result_notice", content={"rectification_date": "2026-10-10"})
    body = post(client, f"{url}/notice", {"rectification_date": "2026-10-10"}).json()
    assert body["next_due_at"] == "2026-10-11T00:00:00+08:00"
    clock(datetime(2026, 10, 9, 15, 0, tzinfo=SHANGHAI))
    body = post(client, f"{url}/refusal", {"note": "客户拒绝加装防潮措施。"}).json()
    assert body["status"] == "NOTICE_ISSUED" and body["refused_at"] == "2026-10-09T15:00:00+08:00"
    assert body["next_due_at"] is None
    assert [d["met_at"] for d in body["deadlines"] if d["kind"] == "accident.rectification"] == [
        "2026-10-09T15:00:00+08:00"]
    clock(datetime(2026, 10, 10, 9, 0, tzinfo=SHANGHAI))
    body = post(client, f"{url}/refer", {"note": "报公司管理部门处理。"}).json()
    assert (body["status"], body["referred_at"]) == ("REFERRED", "2026-10-10T09:00:00+08:00")
    assert body["actions"][-1]["name"] == "close" and body["actions"][-1]["allowed"] is True
