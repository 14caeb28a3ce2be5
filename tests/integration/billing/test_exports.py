"""Numbered export batches of fee entries: each entry in exactly one batch, CSV and JSON."""

import csv
import io
import json
import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction

from utilicase.audit.models import AuditEvent
from utilicase.billing import services
from utilicase.billing.exports import batch_csv, batch_json
from utilicase.billing.models import ExportBatch, ExportEntry


def test_export_takes_entries_not_yet_exported_once(make_receivable, customer, other_customer, example_user, org,
                                                    now):
    deputy = example_user("enterprise_deputy1")
    a = make_receivable(customer, amount="648.00")
    b = make_receivable(customer, amount="1944.00", fee_type="VIOLATION_FEE")
    first = services.export_create(actor=deputy, enterprise=org["tf-power"], now=now)
    assert (first.number, first.entry_count, first.total) == ("2026-0001", 2, Decimal("2592.00"))
    assert services.export_create(actor=deputy, enterprise=org["tf-power"], now=now) is None  # nothing new
    c = make_receivable(other_customer, amount="10.50", fee_type="OTHER", actor="enterprise_deputy1",
                        at=now + timedelta(minutes=1))
    second = services.export_create(actor=deputy, enterprise=org["tf-power"], now=now + timedelta(minutes=2))
    assert second.number == "2026-0002"  # no number lost to the empty export
    assert [e.receivable_id for e in first.entries.order_by("line")] == [a.pk, b.pk]
    assert [e.receivable_id for e in second.entries.all()] == [c.pk]
    assert ExportEntry.objects.count() == 3
    event = AuditEvent.objects.filter(action="billing.export.created").order_by("seq").first()
    assert event.clause == "§2.6(4)" and event.after["number"] == "2026-0001" and event.after["entries"] == 2


def test_export_is_per_enterprise(make_receivable, customer, example_user, org, now):
    make_receivable(customer)
    assert services.export_create(actor=None, enterprise=org["tf-heat"], now=now) is None
    assert services.export_create(actor=None, enterprise=org["tf-power"], now=now).entry_count == 1


def test_database_refuses_an_entry_in_two_batches(make_receivable, customer, org, now):
    r = make_receivable(customer)
    batch = services.export_create(actor=None, enterprise=org["tf-power"], now=now)
    other = ExportBatch.objects.create(enterprise=org["tf-power"], year=2026, sequence_no=99, entry_count=1,
                                       total=r.amount, created_at=now)
    with pytest.raises(IntegrityError), transaction.atomic():
        ExportEntry.objects.create(batch=other, line=1, receivable=r, account_number=r.account_number,
                                   fee_type=r.fee_type, amount=r.amount, case_number=r.case_number)
    assert ExportEntry.objects.get(receivable=r).batch == batch


def test_csv_and_json_name_account_fee_type_amount_case_and_document(make_receivable, customer, org, now):
    r = make_receivable(customer, amount="1944.00", fee_type="VIOLATION_FEE", document_number="天富电违〔2026〕7号")
    batch = services.export_create(actor=None, enterprise=org["tf-power"], now=now)
    data = batch_csv(batch)
    assert data.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows == [{"batch": "2026-0001", "line": "1", "entry": str(r.pk), "account_number": "1010000001",
                     "fee_type": "VIOLATION_FEE", "amount": "1944.00", "case_number": "WZ-1010000001",
                     "document_number": "天富电违〔2026〕7号", "due_date": "2026-10-15"}]
    body = batch_json(batch)
    assert body["number"] == "2026-0001" and body["enterprise"] == "tf-power" and body["total"] == "1944.00"
    assert body["entries"][0]["amount"] == "1944.00" and body["entries"][0]["entry"] == r.pk


def test_command_exports_once(make_receivable, customer, org, capsys):
    make_receivable(customer)
    out, err = io.StringIO(), io.StringIO()
    call_command("billing", "export", "--enterprise", "tf-power", "--json", stdout=out, stderr=err)
    assert json.loads(out.getvalue())["entry_count"] == 1
    out2 = io.StringIO()
    call_command("billing", "export", "--enterprise", "tf-power", stdout=out2, stderr=err)
    assert out2.getvalue() == "" and "nothing to export" in err.getvalue()


def _race(n, work):
    barrier = threading.Barrier(n)
    results: list = []
    lock = threading.Lock()

    def run(i):
        try:
            barrier.wait()
            try:
                outcome = work(i)
            except Exception as exc:  # noqa: BLE001 - the outcome is what is compared
                outcome = exc
            with lock:
                results.append(outcome)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="concurrent connections need a server database")
@pytest.mark.django_db(transaction=True)
def test_two_exports_at_once_never_export_an_entry_twice(make_receivable, customer, org, now):
    made = [make_receivable(customer, amount=f"{10 + i}.00") for i in range(5)]
    results = _race(2, lambda i: services.export_create(actor=None, enterprise=org["tf-power"], now=now))
    batches = [r for r in results if isinstance(r, ExportBatch)]
    assert not [r for r in results if isinstance(r, Exception)], results
    assert len(batches) == 1 and results.count(None) == 1  # the second waited and found nothing left
    assert batches[0].number == "2026-0001" and batches[0].entry_count == 5
    assert sorted(ExportEntry.objects.values_list("receivable_id", flat=True)) == sorted(r.pk for r in made)
    assert ExportBatch.objects.count() == 1


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="concurrent connections need a server database")
@pytest.mark.django_db(transaction=True)
def test_exports_racing_with_new_entries_split_them_none_twice(make_receivable, customer, org, now):
    first = [make_receivable(customer, amount="1.00") for _ in range(3)]

    def work(i):
        if i == 0:
            return services.export_create(actor=None, enterprise=org["tf-power"], now=now + timedelta(seconds=1))
        if i == 1:
            return [make_receivable(customer, amount="2.00", at=now) for _ in range(3)]
        return services.export_create(actor=None, enterprise=org["tf-power"], now=now + timedelta(seconds=2))

    _race(3, work)
    entries = list(ExportEntry.objects.values_list("receivable_id", "batch__sequence_no"))
    exported = [pk for pk, _ in entries]
    assert len(exported) == len(set(exported))
    assert set(r.pk for r in first) <= set(exported)
    remaining = services.export_create(actor=None, enterprise=org["tf-power"], now=now + timedelta(seconds=3))
    total = ExportEntry.objects.count()
    assert total == 6, (entries, remaining)
    numbers = sorted(ExportBatch.objects.values_list("sequence_no", flat=True))
    assert numbers == list(range(1, len(numbers) + 1))
