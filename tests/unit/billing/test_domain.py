"""Billing's pure rules: money to the fen, the payment refusals, the CSV rows."""

from datetime import datetime
from decimal import Decimal

import pytest

from utilicase.billing.domain import fees
from utilicase.billing.domain.money import to_fen, yuan
from utilicase.billing.domain.rows import check_payment_record
from utilicase.customers.domain.rows import Record


@pytest.mark.parametrize(("value", "expected"), [
    ("648.005", "648.01"), ("648.004", "648.00"), (Decimal("0.125"), "0.13"), (0.1, "0.10"), (3, "3.00"),
    ("16456.885", "16456.89"), ("-1.005", "-1.01"),
])
def test_to_fen_rounds_half_up(value, expected):
    assert to_fen(value) == Decimal(expected)


@pytest.mark.parametrize("value", ["abc", "NaN", "Infinity", True, "1e20"])
def test_to_fen_refuses_what_is_not_an_amount(value):
    with pytest.raises(ValueError):
        to_fen(value)


def test_yuan_writes_two_decimals():
    assert yuan(Decimal("1944")) == "1944.00"


def refusal(**overrides):
    args = {"clause": "§2.6(4)", "amount": Decimal("10.00"), "balance": Decimal("10.00"), "receipt_number": "SJ-1",
            "receipt_recorded": False, **overrides}
    return fees.payment_refusal(**args)


def test_2_6_4_payment_refusals_name_the_clause_and_the_figures():
    assert refusal() is None
    above = refusal(amount=Decimal("10.01"))
    assert above.clause == "§2.6(4)" and above.params == {"amount": "10.01", "balance": "10.00"}
    assert refusal(balance=Decimal("0.00")).msgid == "该笔费用已全部缴清。"
    assert refusal(amount=Decimal("0")).msgid == "收款金额须大于零。"
    assert refusal(receipt_number=" ").msgid == "收款须有收据号。"
    assert refusal(receipt_recorded=True).params == {"receipt": "SJ-1"}
    assert refusal(clause="§2.7(5)", amount=Decimal("11")).clause == "§2.7(5)"


def test_fee_types_rest_on_their_clauses():
    assert {t: fees.clause_of(t) for t in fees.FEE_TYPES} == {
        "BACK_BILLING": "§2.6(4)", "VIOLATION_FEE": "§2.6(4)", "COMPENSATION": "§2.7(5)", "OTHER": "§2.6(4)"}
    assert fees.receivable_refusal(fee_type="COMPENSATION", amount=Decimal("0")).clause == "§2.7(5)"


def row(**values):
    base = {"receivable": "12", "amount": "648.00", "receipt_number": "SJ-1", "paid_at": "2026-09-29 09:30"}
    return check_payment_record(Record(5, {**base, **values}))


def test_payment_row_is_typed():
    parsed, errors = row()
    assert errors == [] and parsed.receivable == 12 and parsed.amount == Decimal("648.00")
    assert parsed.paid_at == datetime(2026, 9, 29, 9, 30) and parsed.line == 5
    assert row(paid_at="2026-09-29")[0].paid_at == datetime(2026, 9, 29)


def test_payment_row_errors_name_line_and_column():
    parsed, errors = row(receivable="１２", amount="1,000.00", receipt_number="", paid_at="29/09/2026")
    assert parsed is None
    assert [str(e) for e in errors] == [
        'line 5, receivable: "１２" is not an entry number',
        'line 5, amount: "1,000.00" is not an amount in yuan with at most two decimals',
        "line 5, receipt_number: is required",
        'line 5, paid_at: "29/09/2026" is not a date and time (YYYY-MM-DD HH:MM)',
    ]
    assert [str(e) for e in row(amount="0.00")[1]] == ["line 5, amount: must be more than zero"]
