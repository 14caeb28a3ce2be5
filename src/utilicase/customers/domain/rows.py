"""The billing system's CSV exports, read and checked row by row without a database.

A file is UTF-8 (a BOM is allowed), comma separated, with a header row. Errors carry the
file's line number (the header is line 1; a record spanning lines is reported at its first
line) and the column name. The importer adds the checks that need the database.
"""

import csv
import io
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from utilicase.customers.domain import fields
from utilicase.customers.domain.fields import FieldInvalid

CUSTOMER_COLUMNS = (
    "enterprise", "office", "account_number", "name", "address", "contact_phone",
    "utility", "voltage_level", "customer_class", "tariff_category", "unit_price",
)
PRICE_COLUMNS = ("enterprise", "month", "price")


@dataclass(frozen=True, order=True)
class RowError:
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}, {self.field}: {self.message}"


@dataclass(frozen=True)
class Record:
    """One data record of the file: its first line number and its cells by column."""

    line: int
    values: Mapping[str, str]


class CustomerRow(NamedTuple):
    line: int
    enterprise: str
    office: str
    account_number: str
    name: str
    address: str
    contact_phone: str
    utility: str
    voltage_level: str
    customer_class: str
    tariff_category: str
    unit_price: Decimal


@dataclass(frozen=True)
class PriceRow:
    line: int
    enterprise: str
    month_date: date
    price: Decimal


class FileRejected(Exception):
    """The file cannot be read as a CSV of the expected columns (encoding, header)."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__("; ".join(str(e) for e in errors))


def decode(data: bytes) -> str:
    """UTF-8 text of the file, without the BOM Excel writes. A file in another encoding
    (Excel's default GBK) is refused at the first line that does not decode, a workbook (a ZIP
    file: .xlsx) on its first line."""
    if data.startswith(b"PK\x03\x04"):
        raise FileRejected([RowError(1, "file", "is an Excel workbook or a ZIP file, not CSV "
                                                "(save the sheet as \"CSV UTF-8\")")])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise FileRejected([RowError(line, "file", "is not UTF-8 text (save the file as \"CSV UTF-8\")")]) from None


def read_records(text: str, columns: tuple[str, ...]) -> tuple[list[Record], list[RowError]]:
    """The records of the file and the errors of their shape (wrong number of cells).
    Header problems raise FileRejected: no row can be read without the header.
    Columns beyond the expected ones are ignored; blank lines are skipped."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise FileRejected([RowError(1, "file", "is empty (a header row is expected)")]) from None
    except csv.Error as exc:
        raise FileRejected([RowError(1, "header", f"cannot be read as CSV ({exc})")]) from None
    names = [h.strip() for h in header]
    errors = [
        RowError(1, "header", f"column {name} appears more than once")
        for name in sorted({n for n in names if n and names.count(n) > 1})
    ]
    missing = [c for c in columns if c not in names]
    if missing:
        errors.append(RowError(1, "header", f"missing column(s): {', '.join(missing)}"))
    if errors:
        raise FileRejected(errors)
    index = {name: names.index(name) for name in columns}

    records: list[Record] = []
    shape_errors: list[RowError] = []
    last_line = reader.line_num
    while True:
        start = last_line + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            shape_errors.append(RowError(start, "row", f"cannot be read as CSV ({exc})"))
            break
        last_line = reader.line_num
        if not cells or all(not c.strip() for c in cells):
            continue
        if len(cells) != len(names):
            shape_errors.append(
                RowError(start, "row", f"has {len(cells)} fields, the header has {len(names)}")
            )
            continue
        records.append(Record(start, {name: cells[i] for name, i in index.items()}))
    return records, shape_errors


def _collect(values: Mapping[str, str], line: int, parsers: dict[str, Callable[[str], object]]):
    clean: dict[str, object] = {}
    errors: list[RowError] = []
    for name, parse in parsers.items():
        try:
            clean[name] = parse(values.get(name, ""))
        except FieldInvalid as exc:
            errors.append(RowError(line, name, exc.message))
    return clean, errors


def _text(field: str) -> Callable[[str], str]:
    return lambda value: fields.parse_text(value, field=field)


CUSTOMER_PARSERS: dict[str, Callable[[str], object]] = {
    "enterprise": _text("enterprise"),
    "office": _text("office"),
    "account_number": fields.parse_account_number,
    "name": _text("name"),
    "address": _text("address"),
    "contact_phone": fields.parse_phone,
    "utility": fields.parse_utility,
    "voltage_level": fields.parse_voltage_level,
    "customer_class": fields.parse_customer_class,
    "tariff_category": _text("tariff_category"),
    "unit_price": fields.parse_price,
}

PRICE_PARSERS: dict[str, Callable[[str], object]] = {
    "enterprise": _text("enterprise"),
    "month": fields.parse_month,
    "price": fields.parse_price,
}


def check_customer_record(record: Record) -> tuple[dict[str, object], list[RowError]]:
    """The values that are valid (by column) and the errors of the others, so that the
    importer can still check, say, the enterprise code of a row whose phone is bad."""
    clean, errors = _collect(record.values, record.line, CUSTOMER_PARSERS)
    if "customer_class" in clean and "voltage_level" in clean:
        mismatch = fields.class_voltage_error(clean["customer_class"], clean["voltage_level"])
        if mismatch:
            errors.append(RowError(record.line, "voltage_level", mismatch))
            del clean["voltage_level"]
    return clean, errors


# Columns whose values repeat through a file (a few enterprises, offices, tariffs and prices):
# a whole-file check parses each distinct value once.
REPEATING_CUSTOMER_COLUMNS = (
    "enterprise", "office", "utility", "voltage_level", "customer_class", "tariff_category", "unit_price",
)


def _remembered(parse: Callable[[str], object]) -> Callable[[str], object]:
    """`parse`, remembering each value's result or refusal (the refusal is raised again)."""
    seen: dict[str, tuple[bool, object]] = {}

    def parse_once(value: str) -> object:
        known = seen.get(value)
        if known is None:
            try:
                known = (True, parse(value))
            except FieldInvalid as exc:
                known = (False, exc.message)
            seen[value] = known
        if known[0]:
            return known[1]
        raise FieldInvalid(known[1])

    return parse_once


def check_customer_records(records: Iterable[Record]) -> list[tuple[dict[str, object], list[RowError]]]:
    """`check_customer_record` of each record, parsing each distinct value of the repeating
    columns once: same values, same errors, less work on a large file."""
    parsers = {
        name: _remembered(parse) if name in REPEATING_CUSTOMER_COLUMNS else parse
        for name, parse in CUSTOMER_PARSERS.items()
    }
    mismatches: dict[tuple[object, object], str | None] = {}
    checked = []
    for record in records:
        clean, errors = _collect(record.values, record.line, parsers)
        if "customer_class" in clean and "voltage_level" in clean:
            pair = (clean["customer_class"], clean["voltage_level"])
            if pair not in mismatches:
                mismatches[pair] = fields.class_voltage_error(*pair)
            if mismatch := mismatches[pair]:
                errors.append(RowError(record.line, "voltage_level", mismatch))
                del clean["voltage_level"]
        checked.append((clean, errors))
    return checked


def validate_customer_record(record: Record) -> tuple[CustomerRow | None, list[RowError]]:
    """The typed row, or None and every field error of the record."""
    clean, errors = check_customer_record(record)
    if errors:
        return None, errors
    return CustomerRow(line=record.line, **clean), []


def check_price_record(record: Record) -> tuple[dict[str, object], list[RowError]]:
    return _collect(record.values, record.line, PRICE_PARSERS)


def validate_price_record(record: Record) -> tuple[PriceRow | None, list[RowError]]:
    clean, errors = check_price_record(record)
    if errors:
        return None, errors
    return PriceRow(record.line, clean["enterprise"], clean["month"], clean["price"]), []


def error_order(columns: tuple[str, ...]) -> Callable[[RowError], tuple[int, int, str]]:
    """Sort key: by line, then in the order of the file's columns."""
    position = {name: i for i, name in enumerate(columns)}
    return lambda e: (e.line, position.get(e.field, -1), e.message)


def duplicate_errors(keyed_lines: Iterable[tuple[int, object]], *, field: str, shown: Callable[[object], str]) -> list[RowError]:
    """An error for each line whose key already appeared on an earlier line of the file."""
    first_line: dict[object, int] = {}
    errors = []
    for line, key in keyed_lines:
        if key in first_line:
            errors.append(RowError(line, field, f"{shown(key)} is already on line {first_line[key]} of this file"))
        else:
            first_line[key] = line
    return errors
