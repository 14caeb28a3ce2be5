"""Money of receivables and payments: Decimal yuan, rounded half-up to the fen (ARCHITECTURE.md,
Money). Pure: no Django."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

FEN = Decimal("0.01")
MAX_YUAN = Decimal("999999999999.99")  # what the columns (14 digits, 2 decimals) hold


def to_fen(value) -> Decimal:
    """The amount in yuan rounded half-up to the fen; ValueError for what is not a finite number.
    A float is read by its shortest text (0.1 -> 0.10), never by its binary value."""
    if isinstance(value, bool):
        raise ValueError("not an amount")
    if isinstance(value, float):
        value = repr(value)
    try:
        amount = Decimal(str(value).strip()) if not isinstance(value, Decimal) else value
    except (InvalidOperation, ValueError):
        raise ValueError("not an amount") from None
    if not amount.is_finite():
        raise ValueError("not an amount")
    amount = amount.quantize(FEN, rounding=ROUND_HALF_UP)
    if abs(amount) > MAX_YUAN:
        raise ValueError("too large an amount")
    return amount


def yuan(amount: Decimal) -> str:
    """The amount as the exports and the API write it: "1944.00"."""
    return f"{amount.quantize(FEN, rounding=ROUND_HALF_UP):.2f}"
