"""`utilicase import customers` on PostgreSQL writes with COPY: all or nothing still holds when
the write itself fails or is interrupted late in a file, and it stores exactly what the
bulk_create path (SQLite's) stores for the same file."""

from decimal import Decimal

import pytest
from django.db import connection  # noqa: F401 - read by the skipif condition
from django.utils import timezone

from tests.integration.customers.conftest import csv_bytes, customer_row
from tests.integration.customers.factories import CustomerFactory
from utilicase.audit.models import AuditEvent
from utilicase.customers import importing
from utilicase.customers.models import Customer, ServicePoint

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="COPY is PostgreSQL's"),
]


def many_rows(count: int) -> list[dict]:
    return [customer_row(account_number=f"10{i:08d}", contact_phone=f"139{i:08d}") for i in range(count)]


def test_postgresql_writes_with_copy(org):
    assert importing.uses_copy()


def test_a_bad_row_late_in_a_large_file_stores_nothing(org, write_csv, run_import):
    rows = many_rows(3000)
    rows[2990]["unit_price"] = "0"                                                  # line 2992
    result = run_import("customers", write_csv(rows))
    assert [line for line in result.err if line.startswith("line ")] == [
        'line 2992, unit_price: "0" is not a positive amount'
    ]
    assert str(result.error) == "1 error(s) in customers.csv; nothing imported"
    assert not Customer.objects.exists() and not ServicePoint.objects.exists()


def test_a_constraint_broken_late_in_the_copy_leaves_no_customer_and_no_service_point(
    org, write_csv, run_import, monkeypatch,
):
    # Another writer creates the account of line 2992 between the checks and the write:
    # the checks saw nothing, the COPY meets the unique constraint near the end of the file.
    CustomerFactory(office=org["tf-power-city"], account_number="1000002990")
    monkeypatch.setattr(importing, "_existing_customers", lambda accounts: {})
    result = run_import("customers", write_csv(many_rows(3000)))
    assert str(result.error).startswith("the data changed during the import")
    assert "nothing imported" in str(result.error)
    assert list(Customer.objects.values_list("account_number", flat=True)) == ["1000002990"]
    assert ServicePoint.objects.filter(customer__account_number="1000002990").count() == ServicePoint.objects.count()
    assert not AuditEvent.objects.filter(action="customers.import").exists()


def test_an_import_interrupted_while_writing_service_points_leaves_nothing(org):
    """The customers are all COPYed and 2000 of the 3000 service points too when the process
    is interrupted: the transaction is not committed, so nothing stays."""

    class Interrupted(Exception):
        pass

    seen = []

    def progress(phase: str, done: int, total: int) -> None:
        seen.append((phase, done))
        if phase == "imported" and done >= 2000:
            raise Interrupted

    with pytest.raises(Interrupted):
        importing.customers_import(actor=None, file_name="big.csv", data=csv_bytes(many_rows(3000)),
                                   now=timezone.now(), progress=progress)
    assert ("imported", 1000) in seen
    assert not Customer.objects.exists() and not ServicePoint.objects.exists()
    assert not AuditEvent.objects.filter(action="customers.import").exists()


def stored() -> list[tuple]:
    return sorted(
        (c.enterprise.code, c.office.code, c.account_number, c.name, c.address, c.contact_phone, c.created_at,
         tuple(sorted((p.utility, p.voltage_level, p.customer_class, p.tariff_category, p.unit_price)
                      for p in c.service_points.all())))
        for c in Customer.objects.select_related("enterprise", "office").prefetch_related("service_points")
    )


def test_copy_stores_the_same_rows_as_bulk_create(org, monkeypatch):
    rows = [
        customer_row(name="  王建华 ", contact_phone="+86 139 1234 5678", voltage_level="低压", customer_class="居民"),
        customer_row(account_number="1010000002", name='恒源纺织, "北区"', address="开发区北八路18号\\2栋",
                     contact_phone="0993-2123456", voltage_level="HIGH", customer_class="IMPORTANT",
                     tariff_category="大工业", unit_price="0.4230"),
        customer_row(enterprise="tf-heat", office="tf-heat-east", account_number="2010000001", utility="热力",
                     customer_class="GENERAL", tariff_category="非居民供热", unit_price="28.5"),
        customer_row(enterprise="tf-gas", office="tf-gas-city", account_number="1010000001", utility="GAS",
                     tariff_category="居民生活用气", unit_price="999999.9999"),
        # COPY's own separators and escape inside cells: a tab, line breaks, a backslash.
        customer_row(account_number="1010000003", name="李\t明", address='"北三路\r\n5号\\n"', tariff_category="居民\t生活"),
    ]
    rows[1]["name"] = '"恒源纺织, ""北区"""'  # a quoted CSV cell with a comma and quotes
    data = csv_bytes(rows)
    now = timezone.now()
    importing.customers_import(actor=None, file_name="a.csv", data=data, now=now)
    by_copy = stored()
    Customer.objects.all().delete()
    monkeypatch.setattr(importing, "uses_copy", lambda: False)
    importing.customers_import(actor=None, file_name="a.csv", data=data, now=now)
    by_bulk_create = stored()
    assert by_copy == by_bulk_create
    assert len(by_copy) == 5
    heat = next(r for r in by_copy if r[0] == "tf-heat")
    assert heat[7] == (("HEAT", "LOW", "GENERAL", "非居民供热", Decimal("28.5")),)
    first = next(r for r in by_copy if r[0] == "tf-power" and r[2] == "1010000001")
    assert first[3:6] == ("王建华", "石河子市北三路52小区3栋2单元401", "13912345678")
    assert first[6] == now
    factory = next(r for r in by_copy if r[2] == "1010000002")
    assert factory[3] == '恒源纺织, "北区"' and factory[4] == "开发区北八路18号\\2栋"
    separators = next(r for r in by_copy if r[2] == "1010000003")
    assert separators[3:5] == ("李\t明", "北三路\r\n5号\\n") and separators[7][0][3] == "居民\t生活"
    gas = next(r for r in by_copy if r[0] == "tf-gas")
    assert gas[7][0][4] == Decimal("999999.9999")
