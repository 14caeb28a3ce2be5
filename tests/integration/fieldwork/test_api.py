"""The field service API (/api/v1/fieldwork): a metering order from appointment to the public
rating, the refusals with their clause (409), scope (404), and the public rating endpoint."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.integration.fieldwork.conftest import data_url

pytestmark = pytest.mark.django_db
API = "/api/v1/fieldwork"
LEAVING = ["统一着装", "佩戴工作牌", "安全帽", "工器具齐全", "工作单及表单齐全"]
WORK = ["工器具摆放整齐", "公共场所已设安全措施和标志", "道路旁作业已设警示牌"]


@pytest.fixture
def api(client, example_user):
    class Api:
        def as_(self, username):
            client.force_login(example_user(username))
            return self

        def anonymous(self):
            client.logout()
            return self

        def get(self, path):
            return client.get(API + path)

        def post(self, path, data=None, **extra):
            return client.post(API + path, data or {}, content_type="application/json", **extra)

    return Api()


def _open(api, customer, **extra):
    body = {"kind": "METERING", "customer_id": customer.pk, "description": "更换电能表。",
            "workers": ["field_worker1"], **extra}
    return api.as_("field_worker1").post("/orders", body)


def test_4_4_metering_order_from_appointment_to_public_rating(api, customer):
    made = _open(api, customer)
    assert made.status_code == 201, made.content
    order = made.json()
    oid = order["id"]
    assert order["number"].startswith("FW") and order["status"] == "NEW" and order["workers"] == ["field_worker1"]
    assert order["checklists"]["BEFORE_LEAVING"] == LEAVING
    now = timezone.now()
    answer = api.post(f"/orders/{oid}/appointment", {
        "reached": "CUSTOMER", "slot_start": (now - timedelta(hours=1)).isoformat(),
        "slot_end": (now + timedelta(hours=1)).isoformat(), "address": "城区解放路 12 号", "address_confirmed": True,
        "preparation": "请清理表箱周围杂物。"})
    assert answer.status_code == 200 and answer.json()["status"] == "APPOINTED"
    assert "请清理表箱周围杂物。" in answer.json()["phone_script"][4]
    assert api.post(f"/orders/{oid}/depart", {"checked": LEAVING}).json()["status"] == "DEPARTED"
    arrived = api.post(f"/orders/{oid}/arrive", {}).json()
    assert (arrived["status"], arrived["minutes_late"]) == ("ARRIVED", 0)
    assert api.post(f"/orders/{oid}/start", {"checked": WORK}).json()["status"] == "WORKING"
    damaged = api.post(f"/orders/{oid}/damages", {"description": "碰坏地砖", "remedy": "COMPENSATION",
                                                   "amount": "80.00"})
    assert damaged.status_code == 201 and damaged.json()["damages"][0]["amount"] == "80.00"
    refused = api.post(f"/orders/{oid}/complete")
    assert refused.status_code == 409 and refused.json()["clause"] == "§4.4(5)"
    api.post(f"/orders/{oid}/finish", {"work_done": "已更换电能表。", "safety_reminder": "请勿私自打开表箱。"})
    signed = api.post(f"/orders/{oid}/confirmation", {"signer_name": "王建华", "signature": data_url()})
    assert signed.status_code == 200 and signed.json()["confirmed_by_name"] == "王建华"
    assert api.post(f"/orders/{oid}/meals", {"happened": False}).status_code == 200
    done = api.post(f"/orders/{oid}/complete")
    assert done.status_code == 200 and done.json()["status"] == "COMPLETED"
    link = api.post(f"/orders/{oid}/rating-link")
    assert link.status_code == 201
    token = link.json()["token"]
    api.anonymous()
    shown = api.get(f"/ratings/{token}")
    assert shown.status_code == 200 and shown.json()["number"] == order["number"]
    bad = api.post(f"/ratings/{token}", {"rating": 7})
    assert bad.status_code == 409 and bad.json()["clause"] == "§4.4(5)"
    rated = api.post(f"/ratings/{token}", {"rating": 5, "comment": "服务很好"})
    assert rated.status_code == 200 and rated.json() == {"number": order["number"], "rating": 5}
    assert api.post(f"/ratings/{token}", {"rating": 1}).status_code == 404
    assert api.get(f"/ratings/{token}").status_code == 404
    final = api.as_("field_worker1").get(f"/orders/{oid}").json()
    assert (final["rating"], final["rating_comment"], final["rating_via"]) == (5, "服务很好", "LINK")


def test_4_4_2_departure_refused_with_the_clause(api, customer):
    oid = _open(api, customer).json()["id"]
    now = timezone.now()
    api.post(f"/orders/{oid}/appointment", {
        "reached": "OTHER", "customer_contact": "13911112222", "slot_start": (now + timedelta(hours=1)).isoformat(),
        "slot_end": (now + timedelta(hours=3)).isoformat(), "address": "x", "address_confirmed": True})
    refused = api.post(f"/orders/{oid}/depart", {"checked": LEAVING[:2]})
    assert refused.status_code == 409 and refused.json()["clause"] == "§4.4(2)"


def test_4_4_3_delay_deadline_shown_on_the_order(api, customer):
    oid = _open(api, customer).json()["id"]
    now = timezone.now()
    start = now + timedelta(hours=2)
    api.post(f"/orders/{oid}/appointment", {
        "reached": "CUSTOMER", "slot_start": start.isoformat(), "slot_end": (start + timedelta(hours=2)).isoformat(),
        "address": "x", "address_confirmed": True})
    order = api.post(f"/orders/{oid}/delay", {"reason": "车辆故障"}).json()
    assert [d["kind"] for d in order["deadlines"]] == ["fieldwork.delay_notice"]
    assert order["deadlines"][0]["clause"] == "§4.4(3)" and order["next_due_at"] is not None
    told = api.post(f"/orders/{oid}/delay/notified").json()
    assert told["delay_notified_at"] is not None and told["next_due_at"] is None


def test_4_3_scope_other_office_worker_gets_404(api, customer, other_customer, example_user, org):
    from utilicase.org.models import Role, User

    User.objects.create_user(username="fw_dev", role=Role.FIELD_WORKER, unit=org["tf-power-dev"], password="x")
    oid = _open(api, customer).json()["id"]
    assert api.as_("fw_dev").get(f"/orders/{oid}").status_code == 404
    assert api.as_("office_head1").get(f"/orders/{oid}").status_code == 200
    assert api.as_("enterprise_deputy1").get(f"/orders/{oid}").status_code == 200
    assert api.as_("inspector1").get(f"/orders/{oid}").status_code == 404
    listed = api.as_("fw_dev").get("/orders").json()
    assert listed["count"] == 0 if isinstance(listed, dict) else listed == []


def test_4_3_inspection_kind_without_link_409(api, customer):
    refused = _open(api, customer, kind="INSPECTION")
    assert refused.status_code == 409 and refused.json()["clause"] == "§4.3"


def test_4_4_5_public_rating_throttled(api):
    api.anonymous()
    for _ in range(10):
        assert api.post("/ratings/nope", {"rating": 5}, REMOTE_ADDR="7.7.7.7").status_code == 404
    assert api.post("/ratings/nope", {"rating": 5}, REMOTE_ADDR="7.7.7.7").status_code == 429
    assert api.get("/orders").status_code == 401
