"""The accidents API (/api/v1/accidents): a case from the report to the refusal's referral;
refusals answer 409 with the clause."""

import pytest
from django.utils import timezone

from tests.integration.accidents.conftest import ITEM_RECORDS
from utilicase.org.services import token_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client, example_user, now):
    _, token = token_create(actor=None, user=example_user("inspector1"), now=now)
    headers = {"Authorization": f"Bearer {token}"}

    def post(path, data=None):
        return client.post(f"/api/v1/accidents{path}", data=data or {}, content_type="application/json",
                           headers=headers)

    def get(path):
        return client.get(f"/api/v1/accidents{path}", headers=headers)

    return post, get


def test_api_report_arrival_entry_refusal_and_items_s2_7_1(api, customer):
    post, get = api
    now = timezone.now().replace(microsecond=0)
    made = post("/cases", {"customer_id": customer.pk, "description": "配电室开关跳闸", "reported_at": now.isoformat()})
    assert made.status_code == 201, made.content
    case = made.json()
    assert case["number"].startswith("SG") and [i["item"] for i in case["items"]] == list(ITEM_RECORDS)
    refused = post(f"/cases/{case['id']}/arrive", {"dispatched_at": now.isoformat(), "arrived_at": now.isoformat(),
                                                  "identity_shown": True, "witness_name": ""})
    assert refused.status_code == 409 and refused.json()["clause"] == "§2.7(1)"
    arrived = post(f"/cases/{case['id']}/arrive", {"dispatched_at": now.isoformat(), "arrived_at": now.isoformat(),
                                                  "identity_shown": True, "witness_name": "李强"})
    assert arrived.status_code == 200 and arrived.json()["status"] == "ON_SITE"
    operated = post(f"/cases/{case['id']}/entries", {"at": now.isoformat(), "text": "检查人员合闸",
                                                    "inspector_operated_equipment": True})
    assert operated.status_code == 409 and operated.json()["clause"] == "§2.7(1)"
    early = post(f"/cases/{case['id']}/end")
    assert early.status_code == 409 and early.json()["clause"] == "§2.7(2)"
    assert get(f"/cases/{case['id']}").json()["entries"] == []
    assert [c["number"] for c in get("/cases").json()["items"]] == [case["number"]]
