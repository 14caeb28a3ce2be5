"""Import of payments from the billing system's CSV. All or nothing: every row is checked
(the file's shape, each field, the entry, the receipt numbers, what is still owed), and when any
row is bad nothing is written and every error is reported by line and column. Each payment is
then recorded by billing.services.payment_record (source CSV: audited, the case told), all in
one transaction."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from utilicase.audit.services import audit_record
from utilicase.billing.domain.money import yuan
from utilicase.billing.domain.rows import PAYMENT_COLUMNS, PaymentRow, check_payment_record
from utilicase.billing.models import Payment, Receivable
from utilicase.billing.services import payment_record
from utilicase.core.rules import RuleViolation
from utilicase.customers.domain import rows as csvrows
from utilicase.customers.domain.rows import FileRejected, RowError
from utilicase.org.selectors import units_in_scope

LOOKUP_CHUNK = 500


class ImportRejected(Exception):
    """The file has errors; nothing was imported."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__(f"{len(errors)} error(s); nothing imported")


@dataclass(frozen=True)
class PaymentsImported:
    rows: int
    total: Decimal


def _receivables(ids: list[int], actor) -> dict[int, Receivable]:
    found: dict[int, Receivable] = {}
    queryset = Receivable.objects.all()
    if actor is not None:
        queryset = queryset.filter(unit__in=units_in_scope(user=actor))
    for start in range(0, len(ids), LOOKUP_CHUNK):
        found.update((r.pk, r) for r in queryset.filter(pk__in=ids[start:start + LOOKUP_CHUNK]))
    return found


def _recorded_receipts(receipts: list[str]) -> set[str]:
    recorded: set[str] = set()
    for start in range(0, len(receipts), LOOKUP_CHUNK):
        recorded.update(Payment.objects.filter(
            receipt_number__in=receipts[start:start + LOOKUP_CHUNK], reverses__isnull=True,
            reversed_by__isnull=True).values_list("receipt_number", flat=True))
    return recorded


def _check(data: bytes, *, actor, now: datetime) -> tuple[list[PaymentRow], list[RowError], dict[int, Receivable]]:
    try:
        records, errors = csvrows.read_records(csvrows.decode(data), PAYMENT_COLUMNS)
    except FileRejected as exc:
        raise ImportRejected(exc.errors) from None
    rows: list[PaymentRow] = []
    for record in records:
        row, row_errors = check_payment_record(record)
        errors += row_errors
        if row is not None:
            rows.append(row)
    receivables = _receivables(sorted({row.receivable for row in rows}), actor)
    recorded = _recorded_receipts(sorted({row.receipt_number for row in rows}))
    receipts = [(r.line, (r.values.get("receipt_number") or "").strip()) for r in records]
    errors += csvrows.duplicate_errors([(line, receipt) for line, receipt in receipts if receipt],
                                       field="receipt_number", shown=lambda receipt: f'"{receipt}"')
    owed = {pk: r.balance for pk, r in receivables.items()}
    local_now = timezone.localtime(now).replace(tzinfo=None)
    for row in rows:
        if row.receipt_number in recorded:
            errors.append(RowError(row.line, "receipt_number", f'"{row.receipt_number}" is already recorded'))
        if row.paid_at > local_now:
            errors.append(RowError(row.line, "paid_at", "is in the future"))
        receivable = receivables.get(row.receivable)
        if receivable is None:
            errors.append(RowError(row.line, "receivable", f"no entry {row.receivable}"))
            continue
        if row.amount > owed[row.receivable]:
            errors.append(RowError(row.line, "amount", (
                f"{yuan(row.amount)} is more than the {yuan(owed[row.receivable])} still owed on entry "
                f"{row.receivable} ({receivable.clause})")))
        owed[row.receivable] -= row.amount
    return rows, errors, receivables


@transaction.atomic
def payments_import(*, actor, file_name: str, data: bytes, now: datetime) -> PaymentsImported:
    """Records the file's payments (source CSV). Raises ImportRejected with every error by line
    when any row is bad; `actor` (None: the system) limits the entries to those in their scope."""
    rows, errors, receivables = _check(data, actor=actor, now=now)
    if errors:
        raise ImportRejected(sorted(errors, key=csvrows.error_order(PAYMENT_COLUMNS)))
    for row in rows:
        try:
            payment_record(actor=actor, receivable=receivables[row.receivable], amount=row.amount,
                           receipt_number=row.receipt_number, paid_at=timezone.make_aware(row.paid_at),
                           source="CSV", now=now)
        except RuleViolation as exc:  # the data changed since the checks
            raise ImportRejected([RowError(row.line, "row", f"{exc.clause}: {exc.message}")]) from None
    total = sum((row.amount for row in rows), Decimal("0.00"))
    audit_record(actor=actor, action="billing.payments.imported",
                 after={"file": file_name, "payments": len(rows), "total": yuan(total)}, clause="§2.6(4)", now=now)
    return PaymentsImported(rows=len(rows), total=total)
