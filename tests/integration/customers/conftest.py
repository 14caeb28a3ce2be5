"""Fixtures for the customers tests: CSV files and the import command."""

import io
from dataclasses import dataclass

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from utilicase.customers.domain.rows import CUSTOMER_COLUMNS, PRICE_COLUMNS

GOOD_ROW = {
    "enterprise": "tf-power", "office": "tf-power-city", "account_number": "1010000001", "name": "王建华",
    "address": "石河子市北三路52小区3栋2单元401", "contact_phone": "13912345678", "utility": "POWER",
    "voltage_level": "LOW", "customer_class": "RESIDENTIAL", "tariff_category": "居民生活用电",
    "unit_price": "0.5100",
}


def csv_bytes(rows: list[dict], columns=CUSTOMER_COLUMNS, *, bom: bool = False, encoding: str = "utf-8") -> bytes:
    lines = [",".join(columns)] + [",".join(row[c] for c in columns) for row in rows]
    return (("\ufeff" if bom else "") + "\r\n".join(lines) + "\r\n").encode(encoding)


def customer_row(**changes) -> dict:
    return {**GOOD_ROW, **changes}


def price_row(enterprise: str, month: str, price: str) -> dict:
    return {"enterprise": enterprise, "month": month, "price": price}


@pytest.fixture
def write_csv(tmp_path):
    def write(rows: list[dict], name: str = "customers.csv", columns=CUSTOMER_COLUMNS, **kwargs):
        path = tmp_path / name
        path.write_bytes(csv_bytes(rows, columns, **kwargs))
        return path

    return write


@pytest.fixture
def write_prices(write_csv):
    def write(rows: list[dict], name: str = "prices.csv"):
        return write_csv(rows, name, columns=PRICE_COLUMNS)

    return write


@dataclass
class Run:
    out: str
    err: list[str]
    error: CommandError | None


@pytest.fixture
def run_import():
    """Runs `utilicase import ...` in-process: stdout, stderr lines, and the CommandError if any."""

    def run(*args: str) -> Run:
        out, err = io.StringIO(), io.StringIO()
        try:
            call_command("import", *[str(a) for a in args], stdout=out, stderr=err)
        except CommandError as exc:
            return Run(out.getvalue(), err.getvalue().splitlines(), exc)
        return Run(out.getvalue(), err.getvalue().splitlines(), None)

    return run
