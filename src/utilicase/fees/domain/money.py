"""Money of the calculator: Decimal, each computed amount rounded half-up to the fen
(ARCHITECTURE.md, Money), quantities likewise to two places so a customer can recompute every
line from the line before it."""

from decimal import ROUND_HALF_UP, Decimal, localcontext

FEN = Decimal("0.01")
PRECISION = 60  # enough digits for every bounded input: no product is ever rounded before the fen


def fen(value: Decimal) -> Decimal:
    """`value` rounded half-up to the fen (0.005 -> 0.01)."""
    with localcontext() as ctx:
        ctx.prec = PRECISION
        return value.quantize(FEN, rounding=ROUND_HALF_UP)


def times(*factors: Decimal) -> Decimal:
    """The exact product of `factors` (no rounding: the caller rounds the amount it shows)."""
    with localcontext() as ctx:
        ctx.prec = PRECISION
        result = Decimal(1)
        for factor in factors:
            result *= factor
        return result


def yuan(value: Decimal) -> str:
    """An amount as the contract writes it: a string with two decimals ("648.00")."""
    return f"{fen(value):f}"


def plain(value: Decimal) -> str:
    """A given number as written in a breakdown line: no exponent, no trailing zeros after the
    point ("2.50" -> "2.5", "1E+2" -> "100")."""
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"
