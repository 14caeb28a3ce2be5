"""Payments from the billing system's CSV: all or nothing, every error by line and column."""

import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from utilicase.audit.models import AuditEvent
from utilicase.billing.importing import ImportRejected, payments_import
from utilicase.billing.models import Payment

HEADER = "receivable,amount,receipt_number,paid_at\n"


def run(text: str, *, now, actor=None):
    return payments_import(actor=actor, file_name="payments.csv", data=text.encode("utf-8"), now=now)


def errors_of(text: str, *, now, actor=None) -> list[str]:
    with pytest.raises(ImportRejected) as rejected:
        run(text, now=now, actor=actor)
    return [str(e) for e in rejected.value.errors]


def test_import_records_each_payment_as_csv(make_receivable, customer, now):
    a = make_receivable(customer, amount="648.00")
    b = make_receivable(customer, amount="1944.00", fee_type="VIOLATION_FEE")
    result = run(HEADER + f"{a.pk},600.00,SJ-1,2026-09-29 09:30\n{a.pk},48,SJ-2,2026-09-29\n{b.pk},1000.5,SJ-3,"
                          "2026-09-30 09:59:59\n", now=now)
    assert (result.rows, result.total) == (3, Decimal("1648.50"))
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.paid == Decimal("648.00") and b.paid == Decimal("1000.50")
    assert set(Payment.objects.values_list("source", flat=True)) == {"CSV"}
    assert AuditEvent.objects.filter(action="billing.payment.recorded").count() == 3
    assert AuditEvent.objects.get(action="billing.payments.imported").after == {
        "file": "payments.csv", "payments": 3, "total": "1648.50"}


def test_import_errors_by_line_and_nothing_stored(make_receivable, customer, now):
    a = make_receivable(customer, amount="648.00")
    b = make_receivable(customer, amount="100.00", fee_type="OTHER")
    text = HEADER + "\n".join([
        f"{a.pk},600.00,SJ-1,2026-09-29 09:30",   # line 2: fine alone
        f"{a.pk},48.01,SJ-2,2026-09-29",            # line 3: 48.01 > 48.00 left after line 2
        "abc,1.00,SJ-3,2026-09-29",                 # line 4
        f"{b.pk},1.005,SJ-4,2026-09-29",            # line 5: three decimals
        f"{b.pk},-1,SJ-5,2026-09-29",               # line 6
        f"{b.pk},1.00,SJ-1,2026-13-01",             # line 7: duplicate receipt, bad date
        "999999,1.00,SJ-7,2026-09-29",              # line 8: no such entry
        f"{b.pk},1.00,,2026-10-01",                 # line 9: no receipt, future
        f"{b.pk},1.00",                             # line 10: shape
    ]) + "\n"
    assert errors_of(text, now=now) == [
        f"line 3, amount: 48.01 is more than the 48.00 still owed on entry {a.pk} (§2.6(4))",
        'line 4, receivable: "abc" is not an entry number',
        'line 5, amount: "1.005" is not an amount in yuan with at most two decimals',
        'line 6, amount: "-1" is not an amount in yuan with at most two decimals',
        'line 7, receipt_number: "SJ-1" is already on line 2 of this file',
        'line 7, paid_at: "2026-13-01" is not a date and time (YYYY-MM-DD HH:MM)',
        "line 8, receivable: no entry 999999",
        "line 9, receipt_number: is required",
        "line 10, row: has 2 fields, the header has 4",
    ]
    assert not Payment.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="billing.payment").exists()


def test_import_refuses_receipts_already_recorded_and_the_future(make_receivable, customer, example_user, now):
    from tests.integration.billing.test_services import pay

    a = make_receivable(customer, amount="648.00")
    pay(a, "10.00", "SJ-1", actor=example_user("office_head1"), now=now)
    assert errors_of(HEADER + f"{a.pk},10.00,SJ-1,2026-09-29\n{a.pk},1,SJ-2,2026-09-30 10:01\n", now=now) == [
        'line 2, receipt_number: "SJ-1" is already recorded',
        "line 3, paid_at: is in the future",
    ]
    assert Payment.objects.count() == 1


def test_import_by_a_user_sees_only_entries_in_scope(make_receivable, other_customer, example_user, now):
    r = make_receivable(other_customer, actor="enterprise_deputy1")
    head = example_user("office_head1")  # the city office; the entry is the development zone's
    assert errors_of(HEADER + f"{r.pk},1.00,SJ-1,2026-09-29\n", now=now, actor=head) == [
        f"line 2, receivable: no entry {r.pk}"]
    assert run(HEADER + f"{r.pk},1.00,SJ-1,2026-09-29\n", now=now, actor=example_user("enterprise_deputy1")).rows == 1


def test_import_refuses_a_file_not_utf8_or_without_the_columns(now, org):
    with pytest.raises(ImportRejected) as header:
        run("receivable,amount\n1,2\n", now=now)
    assert [str(e) for e in header.value.errors] == ["line 1, header: missing column(s): receipt_number, paid_at"]
    with pytest.raises(ImportRejected) as encoding:
        payments_import(actor=None, file_name="x.csv", data=(HEADER + "1,2,收据,2026-09-29\n").encode("gbk"), now=now)
    assert "UTF-8" in str(encoding.value.errors[0])


def test_command_prints_errors_and_exits(make_receivable, customer, tmp_path):
    a = make_receivable(customer, amount="648.00")
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_text(HEADER + f"{a.pk},648.00,SJ-1,2026-09-29 09:30\n", encoding="utf-8")
    bad.write_text(HEADER + f"{a.pk},1.00,SJ-2,2026-09-29\n{a.pk},x,SJ-3,2026-09-29\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 error"):
        call_command("billing", "import-payments", str(bad), stdout=io.StringIO(), stderr=err)
    assert 'line 3, amount: "x" is not an amount' in err.getvalue()
    out = io.StringIO()
    call_command("billing", "import-payments", str(good), stdout=out, stderr=io.StringIO())
    assert "1 payments, 648.00 yuan" in out.getvalue()
