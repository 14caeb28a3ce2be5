"""Imports of the billing system's CSV exports: customers with their service point, and
monthly average prices. All or nothing: every row is checked, and when any row is bad
nothing is written and every error is reported by line and column.

The checks that need the database run against dictionaries filled by a handful of
queries (units by code, existing accounts in chunks), never one query per row.

On PostgreSQL new customers and their service points are written with COPY, inside the
import's transaction: a failure or a killed process leaves nothing. Elsewhere (SQLite) they
are written with bulk_create.
"""

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from django.db import connection, transaction

from utilicase.audit.services import audit_record
from utilicase.customers.domain import rows as csvrows
from utilicase.customers.domain.rows import CUSTOMER_COLUMNS, PRICE_COLUMNS, FileRejected, RowError
from utilicase.customers.models import Customer, MonthlyAveragePrice, ServicePoint
from utilicase.customers.services import enterprise_error, office_error
from utilicase.org.models import Unit, User

# (phase, rows done, rows in all); phases: "validated", "imported".
Progress = Callable[[str, int, int], None]

WRITE_BATCH = 1000
LOOKUP_CHUNK = 500  # well under SQLite's limit of bound parameters per statement

T = TypeVar("T")


class ImportRejected(Exception):
    """The file has errors; nothing was imported."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__(f"{len(errors)} error(s); nothing imported")


@dataclass(frozen=True)
class ImportResult:
    rows: int
    created: int
    updated: int
    unchanged: int


def _chunks(items: Sequence[T], size: int) -> Iterable[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _no_progress(phase: str, done: int, total: int) -> None:
    pass


def _read(data: bytes, columns: tuple[str, ...]) -> tuple[list[csvrows.Record], list[RowError]]:
    try:
        return csvrows.read_records(csvrows.decode(data), columns)
    except FileRejected as exc:
        raise ImportRejected(exc.errors) from None


def _units_by_code(codes: Iterable[str]) -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    for chunk in _chunks(sorted(set(codes)), LOOKUP_CHUNK):
        units.update((u.code, u) for u in Unit.objects.filter(code__in=chunk))
    return units


def _unit_errors(line: int, clean: dict, units: dict[str, Unit]) -> tuple[Unit | None, list[RowError]]:
    """The row's enterprise (None when it is not valid) and the errors of its enterprise,
    office and utility."""
    errors = []
    enterprise = None
    if "enterprise" in clean:
        enterprise = units.get(clean["enterprise"])
        if enterprise is None:
            errors.append(RowError(line, "enterprise", f'unknown unit code "{clean["enterprise"]}"'))
        elif problem := enterprise_error(enterprise):
            errors.append(RowError(line, "enterprise", problem))
            enterprise = None
    if "office" in clean:
        office = units.get(clean["office"])
        if office is None:
            errors.append(RowError(line, "office", f'unknown unit code "{clean["office"]}"'))
        elif enterprise is not None and (problem := office_error(office=office, enterprise=enterprise)):
            errors.append(RowError(line, "office", problem))
    if enterprise is not None and "utility" in clean and clean["utility"] != enterprise.utility:
        errors.append(RowError(
            line, "utility",
            f'{clean["utility"]} is not the utility of enterprise "{enterprise.code}" ({enterprise.utility})',
        ))
    return enterprise, errors


def _existing_customers(accounts: dict[int, set[str]]) -> dict[tuple[int, str], Customer]:
    found: dict[tuple[int, str], Customer] = {}
    if connection.vendor == "postgresql":
        # One query per enterprise: the numbers go as one array parameter.
        table = connection.ops.quote_name(Customer._meta.db_table)
        for enterprise_id, numbers in accounts.items():
            for customer in Customer.objects.raw(
                f"SELECT * FROM {table} WHERE enterprise_id = %s AND account_number = ANY(%s)",
                [enterprise_id, sorted(numbers)],
            ):
                found[(enterprise_id, customer.account_number)] = customer
        return found
    for enterprise_id, numbers in accounts.items():
        for chunk in _chunks(sorted(numbers), LOOKUP_CHUNK):
            for customer in Customer.objects.filter(enterprise_id=enterprise_id, account_number__in=chunk):
                found[(enterprise_id, customer.account_number)] = customer
    return found


def _service_points(customer_ids: list[int]) -> dict[tuple[int, str], ServicePoint]:
    found: dict[tuple[int, str], ServicePoint] = {}
    for chunk in _chunks(sorted(customer_ids), LOOKUP_CHUNK):
        for point in ServicePoint.objects.filter(customer_id__in=chunk):
            found[(point.customer_id, point.utility)] = point
    return found


CUSTOMER_FIELDS = ("name", "address", "contact_phone")
POINT_FIELDS = ("voltage_level", "customer_class", "tariff_category", "unit_price")


@transaction.atomic
def customers_import(
    *, actor: User | None, file_name: str, data: bytes, update: bool = False, now: datetime,
    progress: Progress | None = None,
) -> ImportResult:
    """Imports customers and their service points. An account number that already exists
    in its enterprise is an error, unless `update` is set: then the account is updated.
    Raises ImportRejected with every error when any row is bad."""
    progress = progress or _no_progress
    records, errors = _read(data, CUSTOMER_COLUMNS)
    total = len(records)
    checked = csvrows.check_customer_records(records)
    units = _units_by_code(
        code for clean, _ in checked for code in (clean.get("enterprise"), clean.get("office")) if code
    )
    valid: list[tuple[csvrows.CustomerRow, Unit]] = []
    # An account is identified by (enterprise, account number), whatever else the row says.
    keyed: list[tuple[int, tuple[int, str]]] = []
    # The unit checks depend on (enterprise, office, utility) only: once per distinct triple.
    unit_checks: dict[tuple, tuple[Unit | None, list[tuple[str, str]]]] = {}
    for done, (record, (clean, row_errors)) in enumerate(zip(records, checked, strict=True), start=1):
        triple = (clean.get("enterprise"), clean.get("office"), clean.get("utility"))
        if triple not in unit_checks:
            enterprise, found = _unit_errors(0, clean, units)
            unit_checks[triple] = (enterprise, [(e.field, e.message) for e in found])
        enterprise, unit_problems = unit_checks[triple]
        row_errors += [RowError(record.line, field, message) for field, message in unit_problems]
        if enterprise is not None and "account_number" in clean:
            keyed.append((record.line, (enterprise.id, clean["account_number"])))
        if row_errors:
            errors += row_errors
        else:
            valid.append((csvrows.CustomerRow(line=record.line, **clean), enterprise))
        progress("validated", done, total)

    errors += csvrows.duplicate_errors(keyed, field="account_number", shown=lambda key: f'"{key[1]}"')
    wanted: dict[int, set[str]] = {}
    for _, (enterprise_id, number) in keyed:
        wanted.setdefault(enterprise_id, set()).add(number)
    existing = _existing_customers(wanted)
    if not update:
        code_of = {u.pk: u.code for u in units.values()}
        errors += [
            RowError(line, "account_number",
                     f'"{key[1]}" already exists in enterprise "{code_of[key[0]]}" (use --update to update it)')
            for line, key in keyed if key in existing
        ]
    if errors:
        raise ImportRejected(sorted(errors, key=csvrows.error_order(CUSTOMER_COLUMNS)))

    new = valid if not existing else [
        (row, enterprise) for row, enterprise in valid if (enterprise.id, row.account_number) not in existing
    ]
    created = _create_customers(new, units=units, now=now, progress=progress, total=total)
    updated, unchanged = _update_customers(
        [(row, existing[(enterprise.id, row.account_number)]) for row, enterprise in valid
         if (enterprise.id, row.account_number) in existing] if existing else [],
        units=units, progress=progress, total=total, done=created,
    )
    audit_record(actor=actor, action="customers.import",
                 after={"file": file_name, "created": created, "updated": updated, "unchanged": unchanged},
                 now=now)
    return ImportResult(rows=total, created=created, updated=updated, unchanged=unchanged)


def _point_values(row: csvrows.CustomerRow) -> dict:
    return {field: getattr(row, field) for field in POINT_FIELDS}


def uses_copy() -> bool:
    """Whether new customers are written with COPY (PostgreSQL) rather than bulk_create."""
    return connection.vendor == "postgresql"


def _create_customers(pairs, *, units: dict[str, Unit], now: datetime, progress: Progress, total: int) -> int:
    if uses_copy():
        return _copy_customers(pairs, units=units, now=now, progress=progress, total=total)
    done = 0
    for batch in _chunks(pairs, WRITE_BATCH):
        customers = [
            Customer(enterprise=enterprise, office=units[row.office], account_number=row.account_number,
                     name=row.name, address=row.address, contact_phone=row.contact_phone, created_at=now)
            for row, enterprise in batch
        ]
        Customer.objects.bulk_create(customers)
        ServicePoint.objects.bulk_create([
            ServicePoint(customer=customer, utility=row.utility, **_point_values(row))
            for customer, (row, _) in zip(customers, batch, strict=True)
        ])
        done += len(batch)
        progress("imported", done, total)
    return done


CUSTOMER_COPY_FIELDS = ("id", "enterprise", "office", "account_number", "name", "address", "contact_phone",
                       "created_at")
POINT_COPY_FIELDS = ("customer", "utility", *POINT_FIELDS)


def _copy_statement(model, field_names: tuple[str, ...]) -> str:
    quote = connection.ops.quote_name
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in field_names)
    return f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"


# COPY's text format: a tab between columns, a newline after each row, and these escaped.
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_COPY_SPECIAL = re.compile(r"[\\\t\n\r]")


def _copy_text(value: str) -> str:
    """The value as a COPY text cell (looked for first: most values have nothing to escape)."""
    return value.translate(_COPY_ESCAPES) if _COPY_SPECIAL.search(value) else value



def _copy(psycopg_cursor, model, field_names: tuple[str, ...], lines: list[str], *,
          written: Callable[[int], None] = lambda done: None) -> None:
    """COPY the rows (lines of COPY text) into the model's table, WRITE_BATCH rows a write."""
    with psycopg_cursor.copy(_copy_statement(model, field_names)) as copy:
        for start in range(0, len(lines), WRITE_BATCH):
            copy.write("".join(lines[start:start + WRITE_BATCH]))
            written(min(start + WRITE_BATCH, len(lines)))


def _copy_customers(pairs, *, units: dict[str, Unit], now: datetime, progress: Progress, total: int) -> int:
    """PostgreSQL: the customers' ids taken from their sequence in one query, then the
    customers and their service points each written with one COPY, in the caller's
    transaction (a constraint broken meanwhile is an IntegrityError, and nothing stays).
    The rows go as COPY text made here: the free text columns escaped, the account number
    and the phone already limited to letters, digits and '-' by their field rules."""
    if not pairs:
        return 0
    office_ids = {code: unit.pk for code, unit in units.items()}
    stamp = now.isoformat()
    text = _copy_text
    with connection.cursor() as cursor, connection.wrap_database_errors:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [Customer._meta.db_table, Customer._meta.pk.column, len(pairs)],
        )
        ids = [pk for (pk,) in cursor.fetchall()]
        _copy(cursor.cursor, Customer, CUSTOMER_COPY_FIELDS, [
            f"{pk}\t{enterprise.pk}\t{office_ids[row.office]}\t{row.account_number}\t"
            f"{text(row.name)}\t{text(row.address)}\t{row.contact_phone}\t{stamp}\n"
            for pk, (row, enterprise) in zip(ids, pairs, strict=True)
        ])
        _copy(cursor.cursor, ServicePoint, POINT_COPY_FIELDS, [
            f"{pk}\t{row.utility}\t{row.voltage_level}\t{row.customer_class}\t"
            f"{text(row.tariff_category)}\t{row.unit_price}\n"
            for pk, (row, _) in zip(ids, pairs, strict=True)
        ], written=lambda done: progress("imported", done, total))
    return len(pairs)


def _update_customers(pairs, *, units: dict[str, Unit], progress: Progress, total: int, done: int) -> tuple[int, int]:
    updated = unchanged = 0
    for batch in _chunks(pairs, WRITE_BATCH):
        points = _service_points([customer.pk for _, customer in batch])
        changed_customers, changed_points, new_points = [], [], []
        for row, customer in batch:
            office = units[row.office]
            changed = office.pk != customer.office_id
            customer.office = office
            for field in CUSTOMER_FIELDS:
                if getattr(customer, field) != getattr(row, field):
                    setattr(customer, field, getattr(row, field))
                    changed = True
            if changed:
                changed_customers.append(customer)
            point = points.get((customer.pk, row.utility))
            if point is None:
                new_points.append(ServicePoint(customer=customer, utility=row.utility, **_point_values(row)))
                changed = True
            elif any(getattr(point, f) != getattr(row, f) for f in POINT_FIELDS):
                for field, value in _point_values(row).items():
                    setattr(point, field, value)
                changed_points.append(point)
                changed = True
            updated += changed
            unchanged += not changed
        Customer.objects.bulk_update(changed_customers, ["office", *CUSTOMER_FIELDS])
        ServicePoint.objects.bulk_update(changed_points, list(POINT_FIELDS))
        ServicePoint.objects.bulk_create(new_points)
        done += len(batch)
        progress("imported", done, total)
    return updated, unchanged


@transaction.atomic
def prices_import(
    *, actor: User | None, file_name: str, data: bytes, now: datetime, progress: Progress | None = None,
) -> ImportResult:
    """Imports monthly average prices (source "billing"), creating or replacing the price
    of each enterprise and month. Raises ImportRejected with every error when any row is bad."""
    progress = progress or _no_progress
    records, errors = _read(data, PRICE_COLUMNS)
    total = len(records)
    checked = [csvrows.check_price_record(r) for r in records]
    units = _units_by_code(clean["enterprise"] for clean, _ in checked if "enterprise" in clean)
    valid: list[tuple[csvrows.PriceRow, Unit]] = []
    keyed = []
    for done, (record, (clean, row_errors)) in enumerate(zip(records, checked, strict=True), start=1):
        enterprise, unit_errors = _unit_errors(record.line, clean, units)
        row_errors += unit_errors
        if enterprise is not None and "month" in clean:
            keyed.append((record.line, (enterprise.pk, clean["month"])))
        if row_errors:
            errors += row_errors
        else:
            valid.append((csvrows.PriceRow(record.line, clean["enterprise"], clean["month"], clean["price"]),
                          enterprise))
        progress("validated", done, total)
    errors += csvrows.duplicate_errors(keyed, field="month", shown=lambda key: f'"{key[1]:%Y-%m}"')
    if errors:
        raise ImportRejected(sorted(errors, key=csvrows.error_order(PRICE_COLUMNS)))

    existing: dict[tuple[int, object], MonthlyAveragePrice] = {}
    for enterprise_id in {e.pk for _, e in valid}:
        months = sorted({row.month_date for row, e in valid if e.pk == enterprise_id})
        for chunk in _chunks(months, LOOKUP_CHUNK):
            for price in MonthlyAveragePrice.objects.filter(enterprise_id=enterprise_id, month_date__in=chunk):
                existing[(enterprise_id, price.month_date)] = price
    new, changed = [], []
    unchanged = 0
    for row, enterprise in valid:
        price = existing.get((enterprise.pk, row.month_date))
        if price is None:
            new.append(MonthlyAveragePrice(enterprise=enterprise, month_date=row.month_date, price=row.price,
                                           source="billing"))
        elif price.price != row.price or price.source != "billing":
            price.price, price.source = row.price, "billing"
            changed.append(price)
        else:
            unchanged += 1
    MonthlyAveragePrice.objects.bulk_create(new, batch_size=WRITE_BATCH)
    MonthlyAveragePrice.objects.bulk_update(changed, ["price", "source"], batch_size=WRITE_BATCH)
    progress("imported", total, total)
    audit_record(actor=actor, action="customers.prices.import",
                 after={"file": file_name, "created": len(new), "updated": len(changed), "unchanged": unchanged},
                 clause="§2.7(5)", now=now)
    return ImportResult(rows=total, created=len(new), updated=len(changed), unchanged=unchanged)
