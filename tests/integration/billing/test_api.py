"""The billing API: payments from the billing system, refusals with their clause, scope, exports."""

import csv
import io
from decimal import Decimal

import pytest

from tests.integration.documents.conftest import TARGET_TYPE
from utilicase.billing.models import ExportEntry, Payment


@pytest.fixture
def token_headers(example_user, now):
    from utilicase.org.services import token_create

    def make(username: str) -> dict:
        _, token = token_create(actor=None, user=example_user(username), now=now)
        return {"Authorization": f"Bearer {token}"}

    return make


def post(client, path, body, headers):
    return client.post(f"/api/v1/billing{path}", data=body, content_type="application/json", headers=headers)


def test_billing_system_records_a_payment(client, token_headers, make_receivable, customer):
    r = make_receivable(customer, amount="648.00")
    answer = post(client, "/payments", {"receivable": r.pk, "amount": 600.5, "receipt_number": "YX-20261008-1",
                                        "paid_at": "2026-09-29T09:30:00"}, token_headers("office_head1"))
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert body["amount"] == "600.50" and body["source"] == "BILLING_API"
    assert body["paid_at"] == "2026-09-29T09:30:00+08:00"
    case = client.get(f"/api/v1/billing/cases?target_type={TARGET_TYPE}&target_id={customer.pk}",
                      headers=token_headers("office_head1")).json()
    assert case["balance"] == "47.50" and case["fully_paid"] is False
    assert case["receivables"][0]["paid"] == "600.50"


def test_2_6_4_api_payment_above_balance_is_409_with_clause(client, token_headers, make_receivable, customer):
    r = make_receivable(customer, amount="648.00")
    answer = post(client, "/payments", {"receivable": r.pk, "amount": "648.01", "receipt_number": "YX-1",
                                        "paid_at": "2026-09-29T09:30:00+08:00"}, token_headers("office_head1"))
    assert answer.status_code == 409 and answer.json()["clause"] == "§2.6(4)"
    assert not Payment.objects.exists()


def test_2_6_4_api_same_receipt_twice_is_409(client, token_headers, make_receivable, customer):
    r = make_receivable(customer, amount="648.00")
    body = {"receivable": r.pk, "amount": "100", "receipt_number": "YX-1", "paid_at": "2026-09-29T09:30:00+08:00"}
    headers = token_headers("office_head1")
    assert post(client, "/payments", body, headers).status_code == 201
    again = post(client, "/payments", body, headers)
    assert again.status_code == 409 and again.json()["clause"] == "§2.6(4)"
    assert Payment.objects.count() == 1


def test_api_bad_input_is_422(client, token_headers, make_receivable, customer):
    r = make_receivable(customer)
    headers = token_headers("office_head1")
    for body in ({"receivable": r.pk, "amount": "1.005", "receipt_number": "A", "paid_at": "2026-09-29T09:30"},
                 {"receivable": r.pk, "amount": "-1", "receipt_number": "A", "paid_at": "2026-09-29T09:30"},
                 {"receivable": r.pk, "amount": "1", "receipt_number": "A", "paid_at": "2099-09-29T09:30"}):
        assert post(client, "/payments", body, headers).status_code == 422, body
    assert not Payment.objects.exists()


def test_api_scope_and_roles(client, token_headers, make_receivable, other_customer):
    r = make_receivable(other_customer, actor="enterprise_deputy1")  # the development zone office
    body = {"receivable": r.pk, "amount": "1", "receipt_number": "A", "paid_at": "2026-09-29T09:30"}
    assert post(client, "/payments", body, token_headers("office_head1")).status_code == 404
    assert post(client, "/payments", body, token_headers("inspector1")).status_code == 403
    assert client.get(f"/api/v1/billing/receivables/{r.pk}", headers=token_headers("office_head1")).status_code == 404
    listed = client.get("/api/v1/billing/receivables", headers=token_headers("office_head1")).json()
    assert listed["items"] == []
    listed = client.get("/api/v1/billing/receivables", headers=token_headers("enterprise_deputy1")).json()
    assert [i["id"] for i in listed["items"]] == [r.pk]
    assert client.get("/api/v1/billing/receivables", headers=token_headers("discipline1")).status_code == 403


def test_1_1_api_lists_overdue(client, token_headers, make_receivable, customer):
    from datetime import date

    late = make_receivable(customer, due=date(2020, 1, 1))
    make_receivable(customer, due=date(2099, 1, 1), fee_type="VIOLATION_FEE")
    listed = client.get("/api/v1/billing/receivables?overdue=true", headers=token_headers("office_head1")).json()
    assert [i["id"] for i in listed["items"]] == [late.pk]


def test_api_reversal(client, token_headers, make_receivable, customer, example_user, now):
    from tests.integration.billing.test_services import pay

    r = make_receivable(customer)
    payment = pay(r, "10.00", "SJ-1", actor=example_user("office_head1"), now=now)
    headers = token_headers("office_head1")
    first = post(client, f"/payments/{payment.pk}/reversal", {"reason": "录错"}, headers)
    assert first.status_code == 201 and first.json()["amount"] == "-10.00"
    second = post(client, f"/payments/{payment.pk}/reversal", {"reason": "again"}, headers)
    assert second.status_code == 409 and second.json()["clause"] == "§2.6(4)"


def test_api_exports_once_as_json_and_csv(client, token_headers, make_receivable, customer):
    r = make_receivable(customer, amount="1944.00", fee_type="VIOLATION_FEE")
    headers = token_headers("enterprise_deputy1")
    made = post(client, "/exports", {"enterprise": "tf-power"}, headers)
    assert made.status_code == 201
    batch = made.json()
    assert batch["number"] == "2026-0001" and batch["entries"][0]["entry"] == r.pk
    assert batch["entries"][0]["amount"] == "1944.00" and batch["entries"][0]["fee_type"] == "VIOLATION_FEE"
    assert post(client, "/exports", {"enterprise": "tf-power"}, headers).status_code == 204
    assert ExportEntry.objects.count() == 1
    listed = client.get("/api/v1/billing/exports", headers=headers).json()
    assert [b["number"] for b in listed["items"]] == ["2026-0001"] and listed["items"][0]["total"] == "1944.00"
    got = client.get(f"/api/v1/billing/exports/{batch['id']}", headers=headers).json()
    assert got == batch
    data = client.get(f"/api/v1/billing/exports/{batch['id']}/csv", headers=headers)
    assert data["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(data.content.decode("utf-8-sig"))))
    assert [(row["entry"], row["amount"], row["case_number"]) for row in rows] == [
        (str(r.pk), "1944.00", "WZ-1010000001")]
    assert Decimal(rows[0]["amount"]) == r.amount


def test_api_export_refused_to_roles_and_out_of_scope(client, token_headers, make_receivable, customer):
    make_receivable(customer)
    assert post(client, "/exports", {"enterprise": "tf-power"}, token_headers("office_head1")).status_code == 403
    assert post(client, "/exports", {"enterprise": "tf-heat"}, token_headers("enterprise_deputy1")).status_code == 404
    assert post(client, "/exports", {"enterprise": "tf-power"}, token_headers("company_deputy1")).status_code == 201
