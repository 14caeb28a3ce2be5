"""Field rules for customers, service points and monthly average prices.

Each `parse_*` function takes the text as typed (in a CSV cell or a form) and returns
the clean value, or raises `FieldInvalid` with a message that quotes the bad value.
"""

import re
from datetime import date
from decimal import Decimal, InvalidOperation

UTILITIES = ("POWER", "HEAT", "GAS")
VOLTAGE_LEVELS = ("LOW", "HIGH")
CUSTOMER_CLASSES = ("RESIDENTIAL", "GENERAL", "IMPORTANT")

# The regulation defines the classes by voltage: "居民和一般客户(低压客户、非重要客户)" (§1.2(1))
# and "重要客户(高压客户)" (§1.2(2)). The suspension procedure of a case depends on it.
VOLTAGE_OF_CLASS = {"RESIDENTIAL": "LOW", "GENERAL": "LOW", "IMPORTANT": "HIGH"}
CLAUSE_OF_CLASS = {"RESIDENTIAL": "§1.2(1)", "GENERAL": "§1.2(1)", "IMPORTANT": "§1.2(2)"}

# Billing exports are often in Chinese; these words are accepted for the codes.
_ALIASES = {
    "电": "POWER", "电力": "POWER", "热": "HEAT", "热力": "HEAT", "供热": "HEAT",
    "气": "GAS", "燃气": "GAS", "天然气": "GAS",
    "低压": "LOW", "高压": "HIGH",
    "居民": "RESIDENTIAL", "一般": "GENERAL", "一般客户": "GENERAL",
    "重要": "IMPORTANT", "重要客户": "IMPORTANT",
}

MAX_LENGTH = {
    "enterprise": 40,
    "office": 40,
    "account_number": 32,
    "name": 100,
    "address": 200,
    "contact_phone": 20,
    "tariff_category": 50,
    "source": 30,
}

# Decimal(10, 4): six digits before the point, four after.
PRICE_MAX_DIGITS = 10
PRICE_DECIMAL_PLACES = 4

# re.ASCII: \d would otherwise accept full-width and other scripts' digits.
_ACCOUNT = re.compile(r"[0-9A-Za-z][0-9A-Za-z-]*", re.ASCII)
_MOBILE = re.compile(r"1[3-9]\d{9}", re.ASCII)
_LANDLINE = re.compile(r"0\d{2,3}-\d{7,8}", re.ASCII)
_DECIMAL = re.compile(r"\d+(\.\d+)?", re.ASCII)
_MONTH = re.compile(r"(\d{4})-(\d{2})", re.ASCII)
_SPACES = re.compile(r"\s+")


class FieldInvalid(ValueError):
    """A value that breaks a field rule; the message quotes the value."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


def _q(value: str) -> str:
    return f'"{value}"'


def parse_text(value: str | None, *, field: str) -> str:
    """A required text field: stripped, not empty, without NUL (no database stores it), within
    the column's length."""
    text = (value or "").strip()
    if not text:
        raise FieldInvalid("is required")
    if "\x00" in text:
        raise FieldInvalid("must not contain a NUL character")
    limit = MAX_LENGTH.get(field)
    if limit is not None and len(text) > limit:
        raise FieldInvalid(f"is longer than {limit} characters")
    return text


def parse_account_number(value: str | None) -> str:
    text = parse_text(value, field="account_number")
    if not _ACCOUNT.fullmatch(text):
        raise FieldInvalid(f"{_q(text)} is not an account number (letters, digits and '-')")
    return text


def parse_phone(value: str | None) -> str:
    """A Chinese mobile number (1[3-9] and nine digits, "+86" allowed) or a landline with
    its area code ("0993-1234567"). Spaces are dropped; the stored form has none."""
    text = parse_text(value, field="contact_phone")
    compact = _SPACES.sub("", text)
    if compact.startswith("+86"):
        compact = compact[3:]
    if _MOBILE.fullmatch(compact) or _LANDLINE.fullmatch(compact):
        return compact
    raise FieldInvalid(f"{_q(text)} is not a phone number")


def _parse_code(value: str | None, *, choices: tuple[str, ...]) -> str:
    text = (value or "").strip()
    if not text:
        raise FieldInvalid("is required")
    code = _ALIASES.get(text, text.upper())
    if code not in choices:
        raise FieldInvalid(f"{_q(text)} is not one of {', '.join(choices)}")
    return code


def parse_utility(value: str | None) -> str:
    return _parse_code(value, choices=UTILITIES)


def parse_voltage_level(value: str | None) -> str:
    return _parse_code(value, choices=VOLTAGE_LEVELS)


def parse_customer_class(value: str | None) -> str:
    return _parse_code(value, choices=CUSTOMER_CLASSES)


def parse_price(value: str | None) -> Decimal:
    """A positive amount in yuan with at most four decimal places (Decimal(10, 4))."""
    text = (value or "").strip()
    if not text:
        raise FieldInvalid("is required")
    # The pattern refuses exponents, signs, NaN and Infinity, which Decimal() would accept.
    if not _DECIMAL.fullmatch(text):
        raise FieldInvalid(f"{_q(text)} is not a positive decimal number")
    try:
        amount = Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid decimals
        raise FieldInvalid(f"{_q(text)} is not a positive decimal number") from None
    _, _, places = text.partition(".")
    if len(places) > PRICE_DECIMAL_PLACES:
        raise FieldInvalid(f"{_q(text)} has more than {PRICE_DECIMAL_PLACES} decimal places")
    if amount <= 0:
        raise FieldInvalid(f"{_q(text)} is not a positive amount")
    if amount >= Decimal(10) ** (PRICE_MAX_DIGITS - PRICE_DECIMAL_PLACES):
        raise FieldInvalid(f"{_q(text)} is too large (at most 999999.9999)")
    return amount


def parse_month(value: str | None) -> date:
    """"YYYY-MM" → the first day of that month."""
    text = (value or "").strip()
    if not text:
        raise FieldInvalid("is required")
    match = _MONTH.fullmatch(text)
    if match is None:
        raise FieldInvalid(f"{_q(text)} is not a month (YYYY-MM)")
    year, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12 or year < 1900:
        raise FieldInvalid(f"{_q(text)} is not a month (YYYY-MM)")
    return date(year, month, 1)


def class_voltage_error(customer_class: str, voltage_level: str) -> str | None:
    """Why this class cannot have this voltage level (None when it can)."""
    expected = VOLTAGE_OF_CLASS[customer_class]
    if voltage_level == expected:
        return None
    return (
        f"{voltage_level} does not fit customer class {customer_class}: "
        f"{customer_class} customers are {expected.lower()}-voltage ({CLAUSE_OF_CLASS[customer_class]})"
    )


def month_start(day: date) -> date:
    return day.replace(day=1)


def previous_month(month_date: date) -> date:
    """The first day of the month before the one `month_date` is in (§2.7(5) prices the
    compensation at last month's average unit selling price)."""
    first = month_date.replace(day=1)
    if first.month == 1:
        return first.replace(year=first.year - 1, month=12)
    return first.replace(month=first.month - 1)
