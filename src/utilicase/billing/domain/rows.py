"""The billing system's CSV of payments, read and checked row by row without a database (the
same file rules as customers' imports: UTF-8, a header row, errors by line and column).

Columns: receivable (the entry's id, as exported), amount (yuan, at most two decimals),
receipt_number, paid_at ("YYYY-MM-DD HH:MM[:SS]" or "YYYY-MM-DD", local time)."""

import re
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from utilicase.billing.domain.money import MAX_YUAN
from utilicase.customers.domain.rows import Record, RowError

PAYMENT_COLUMNS = ("receivable", "amount", "receipt_number", "paid_at")
RECEIPT_MAX = 60

_AMOUNT = re.compile(r"\d{1,12}(\.\d{1,2})?")
_DATETIME_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d")


@dataclass(frozen=True)
class PaymentRow:
    line: int
    receivable: int
    amount: Decimal
    receipt_number: str
    paid_at: datetime  # naive, local time


def _amount(text: str) -> Decimal | str:
    if not text:
        return "is required"
    if not _AMOUNT.fullmatch(text):
        return f'"{text}" is not an amount in yuan with at most two decimals'
    amount = Decimal(text)
    if amount <= 0:
        return "must be more than zero"
    if amount > MAX_YUAN:
        return "is too large"
    return amount


def _paid_at(text: str) -> datetime | str:
    if not text:
        return "is required"
    for fmt in _DATETIME_FORMATS:
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    return f'"{text}" is not a date and time (YYYY-MM-DD HH:MM)'


def check_payment_record(record: Record) -> tuple[PaymentRow | None, list[RowError]]:
    """The typed row, or None and every error of the record."""
    values = {name: (record.values.get(name) or "").strip() for name in PAYMENT_COLUMNS}
    errors: list[RowError] = []
    receivable = None
    if not values["receivable"]:
        errors.append(RowError(record.line, "receivable", "is required"))
    elif not values["receivable"].isascii() or not values["receivable"].isdigit() or len(values["receivable"]) > 18:
        errors.append(RowError(record.line, "receivable", f'"{values["receivable"]}" is not an entry number'))
    else:
        receivable = int(values["receivable"])
    amount = _amount(values["amount"])
    if isinstance(amount, str):
        errors.append(RowError(record.line, "amount", amount))
    receipt = values["receipt_number"]
    if not receipt:
        errors.append(RowError(record.line, "receipt_number", "is required"))
    elif len(receipt) > RECEIPT_MAX:
        errors.append(RowError(record.line, "receipt_number", f"is longer than {RECEIPT_MAX} characters"))
    paid_at = _paid_at(values["paid_at"])
    if isinstance(paid_at, str):
        errors.append(RowError(record.line, "paid_at", paid_at))
    if errors:
        return None, errors
    return PaymentRow(record.line, receivable, amount, receipt, paid_at), []
