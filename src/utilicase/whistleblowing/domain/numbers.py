"""Report numbers. A running number would tell front-line staff how many reports the company
has (the gap between two numbers they took, or the size of a number). So a number is "JB", the
year of receipt, seven random digits and a Luhn check digit over year and digits:
"JB202648152074". It says nothing but the year; the check digit catches a mistyped digit or two
swapped neighbours when a number is read out or typed. Uniqueness is the database's
(the service draws again on a clash)."""

import secrets

PREFIX = "JB"
RANDOM_DIGITS = 7


def luhn_digit(digits: str) -> str:
    """The Luhn check digit to append to `digits`."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 0:  # doubled: these positions are odd once the check digit is appended
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return str(-total % 10)


def report_number_new(year: int) -> str:
    body = f"{year:04d}{secrets.randbelow(10 ** RANDOM_DIGITS):0{RANDOM_DIGITS}d}"
    return f"{PREFIX}{body}{luhn_digit(body)}"


def report_number_valid(text: str) -> bool:
    """True for a number of this form with a right check digit (numbers from before random
    numbering, "JB" + year + six running digits, are not of this form)."""
    body = text[len(PREFIX):-1]
    return (text.startswith(PREFIX) and len(body) == 4 + RANDOM_DIGITS and body.isdigit()
            and text[-1:] == luhn_digit(body))


KEY_BYTES = 10  # 80 random bits, 20 hex digits


def report_key_new() -> str:
    """A report's public key: random, unrelated to its id or number. Reports numbered before the
    random scheme (whose running numbers tell the count) are addressed by it."""
    return secrets.token_hex(KEY_BYTES)


def report_key_valid(text: str) -> bool:
    """True for text of a key's form (lower-case hex of KEY_BYTES bytes)."""
    return len(text) == 2 * KEY_BYTES and all(c in "0123456789abcdef" for c in text)


def report_address(number: str, key: str) -> str:
    """What a report's pages and API address it by: its number when that is random (it tells
    nothing), else its key. A key is never of the number's form, so the two cannot be confused."""
    return number if report_number_valid(number) else key
