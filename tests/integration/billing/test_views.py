"""The billing pages: the scoped list by due date, a case's receivables with the payment form
(refusals with their clause beside it), reversals, and the export batches with their downloads."""

from datetime import date
from decimal import Decimal

from django.urls import reverse

from tests.integration.documents.conftest import TARGET_TYPE
from utilicase.billing.models import ExportEntry, Payment


def test_list_is_scoped_and_sorted_by_due_date(as_user, make_receivable, customer, other_customer):
    later = make_receivable(customer, due=date(2026, 12, 1), fee_type="VIOLATION_FEE")
    sooner = make_receivable(customer, due=date(2026, 9, 1))
    make_receivable(other_customer, actor="enterprise_deputy1")
    page = as_user("office_head1").get(reverse("billing:list"))
    assert page.status_code == 200
    assert [r.pk for r in page.context["page"].object_list] == [sooner.pk, later.pk]
    assert "逾期" in page.content.decode()  # the one due 2026-09-01
    overdue = as_user("office_head1").get(reverse("billing:list") + "?show=overdue")
    assert [r.pk for r in overdue.context["page"].object_list] == [sooner.pk]
    deputy = as_user("enterprise_deputy1").get(reverse("billing:list"))
    assert len(deputy.context["page"].object_list) == 3
    assert as_user("discipline1").get(reverse("billing:list")).status_code == 403


def test_case_page_shows_breakdown_and_records_a_payment(as_user, make_receivable, customer):
    r = make_receivable(customer, amount="648.00",
                        breakdown=[{"text": "stolen 1000 kWh x 0.648", "amount_yuan": "648.00", "rule": "GB-1996 Art.103"}])
    client = as_user("office_head1")
    url = reverse("billing:case", args=[TARGET_TYPE, customer.pk])
    page = client.get(url).content.decode()
    assert "GB-1996 Art.103" in page and f'id="pay-{r.pk}"' in page
    answer = client.post(reverse("billing:pay", args=[r.pk]),
                         {"amount": "648.00", "receipt_number": "SJ-1", "paid_on": "2026-09-29", "paid_time": "09:30"})
    assert answer.status_code == 303 and answer["Location"] == url
    r.refresh_from_db()
    assert r.paid == Decimal("648.00") and Payment.objects.get().source == "MANUAL"


def test_2_6_4_case_page_shows_refusal_with_clause_beside_the_form(as_user, make_receivable, customer):
    r = make_receivable(customer, amount="648.00")
    answer = as_user("office_head1").post(reverse("billing:pay", args=[r.pk]),
                                          {"amount": "700.00", "receipt_number": "SJ-1", "paid_on": "2026-09-29"})
    assert answer.status_code == 409
    assert "§2.6(4)" in answer.content.decode() and "700.00" in answer.content.decode()
    assert not Payment.objects.exists()


def test_payment_form_refused_to_inspectors_and_out_of_scope(as_user, make_receivable, customer, other_customer):
    r = make_receivable(customer)
    body = {"amount": "1.00", "receipt_number": "SJ-1", "paid_on": "2026-09-29"}
    assert as_user("inspector1").post(reverse("billing:pay", args=[r.pk]), body).status_code == 403
    assert f'id="pay-{r.pk}"' not in as_user("inspector1").get(
        reverse("billing:case", args=[TARGET_TYPE, customer.pk])).content.decode()
    elsewhere = make_receivable(other_customer, actor="enterprise_deputy1")
    assert as_user("office_head1").post(reverse("billing:pay", args=[elsewhere.pk]), body).status_code == 404
    assert as_user("office_head1").get(reverse("billing:case", args=[TARGET_TYPE, other_customer.pk])).status_code == 404
    assert not Payment.objects.exists()


def test_reversal_from_the_case_page(as_user, make_receivable, customer, example_user, now):
    from tests.integration.billing.test_services import pay

    r = make_receivable(customer)
    payment = pay(r, "10.00", "SJ-1", actor=example_user("office_head1"), now=now)
    client = as_user("office_head1")
    assert client.post(reverse("billing:reverse", args=[payment.pk]), {"reason": "wrong"}).status_code == 400
    done = client.post(reverse("billing:reverse", args=[payment.pk]), {"reason": "wrong", "confirmed": "1"})
    assert done.status_code == 303
    assert Payment.objects.filter(reverses=payment).get().amount == Decimal("-10.00")


def test_exports_page_creates_a_batch_and_downloads_it(as_user, make_receivable, customer):
    r = make_receivable(customer, amount="1944.00", fee_type="VIOLATION_FEE")
    client = as_user("enterprise_deputy1")
    page = client.get(reverse("billing:exports"))
    assert page.status_code == 200 and page.context["pending"][0][1] == 1
    assert client.post(reverse("billing:export_new"), {"enterprise": "tf-power", "confirmed": "1"}).status_code == 303
    assert client.post(reverse("billing:export_new"), {"enterprise": "tf-power", "confirmed": "1"}).status_code == 303
    entry = ExportEntry.objects.get()
    assert entry.receivable == r and entry.batch.number == "2026-0001"
    data = client.get(reverse("billing:export_download", args=[entry.batch.pk, "csv"]))
    assert data["Content-Disposition"] == 'attachment; filename="billing-tf-power-2026-0001.csv"'
    assert "1944.00" in data.content.decode("utf-8-sig")
    assert client.get(reverse("billing:export_download", args=[entry.batch.pk, "json"])).json()["total"] == "1944.00"
    assert as_user("office_head1").get(reverse("billing:exports")).status_code == 403
    assert as_user("office_head1").get(reverse("billing:export_download", args=[entry.batch.pk, "csv"])).status_code == 403


def test_list_links_a_case_page_only_for_who_may_open_the_case(as_user, make_receivable, customer):
    """The list is by unit; the case page by case. A field worker of the office sees the fee in
    the list, but not a link to a case page that would answer 404."""
    from tests.integration.documents.conftest import _load, case_info
    from utilicase.core import cases

    cases.register_case_type(TARGET_TYPE, info=case_info,
                             load=lambda user, target_id: None if user.username == "field_worker1"
                             else _load(user, target_id))
    make_receivable(customer)
    case_page = reverse("billing:case", args=[TARGET_TYPE, str(customer.pk)])
    worker = as_user("field_worker1")
    page = worker.get(reverse("billing:list")).content.decode()
    assert "WZ-1010000001" in page and case_page not in page
    assert worker.get(case_page).status_code == 404
    head = as_user("office_head1").get(reverse("billing:list")).content.decode()
    assert f'href="{case_page}"' in head
