"""Reading and checking the billing system's CSV exports (pure): line numbers, header,
encoding, and one named error per bad field."""

from datetime import date
from decimal import Decimal

import pytest

from utilicase.customers.domain import rows
from utilicase.customers.domain.rows import CUSTOMER_COLUMNS, FileRejected, Record, RowError

HEADER = ",".join(CUSTOMER_COLUMNS)
GOOD = {
    "enterprise": "tf-power", "office": "tf-power-city", "account_number": "1010012345", "name": "王建华",
    "address": "石河子市北三路52小区3栋2单元401", "contact_phone": "13912345678", "utility": "POWER",
    "voltage_level": "LOW", "customer_class": "RESIDENTIAL", "tariff_category": "居民生活用电",
    "unit_price": "0.5100",
}


def record(line: int = 2, **changes) -> Record:
    return Record(line, {**GOOD, **changes})


def test_a_good_record_becomes_a_typed_row():
    row, errors = rows.validate_customer_record(record(line=5))
    assert errors == []
    assert row.line == 5
    assert row.unit_price == Decimal("0.5100")
    assert (row.utility, row.voltage_level, row.customer_class) == ("POWER", "LOW", "RESIDENTIAL")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("enterprise", "", "is required"),
        ("office", " ", "is required"),
        ("account_number", "", "is required"),
        ("account_number", "12 34", '"12 34" is not an account number (letters, digits and \'-\')'),
        ("name", "", "is required"),
        ("address", "", "is required"),
        ("contact_phone", "12345", '"12345" is not a phone number'),
        ("contact_phone", "", "is required"),
        ("utility", "WATER", '"WATER" is not one of POWER, HEAT, GAS'),
        ("voltage_level", "MEDIUM", '"MEDIUM" is not one of LOW, HIGH'),
        ("customer_class", "VIP", '"VIP" is not one of RESIDENTIAL, GENERAL, IMPORTANT'),
        ("tariff_category", "", "is required"),
        ("unit_price", "abc", '"abc" is not a positive decimal number'),
        ("unit_price", "-0.5", '"-0.5" is not a positive decimal number'),
        ("unit_price", "0.51234", '"0.51234" has more than 4 decimal places'),
    ],
)
def test_each_bad_field_is_named_with_its_line(field, value, message):
    row, errors = rows.validate_customer_record(record(line=7, **{field: value}))
    assert row is None
    assert errors == [RowError(7, field, message)]


def test_error_text_names_line_and_field():
    _, errors = rows.validate_customer_record(record(line=7, contact_phone="12345"))
    assert str(errors[0]) == 'line 7, contact_phone: "12345" is not a phone number'


def test_important_customer_on_low_voltage_is_a_voltage_error_s1_2_2():
    _, errors = rows.validate_customer_record(record(customer_class="IMPORTANT", voltage_level="LOW"))
    assert [(e.field, e.message) for e in errors] == [
        ("voltage_level", "LOW does not fit customer class IMPORTANT: IMPORTANT customers are high-voltage (§1.2(2))")
    ]


def test_residential_customer_on_high_voltage_is_a_voltage_error_s1_2_1():
    _, errors = rows.validate_customer_record(record(voltage_level="HIGH"))
    assert [e.field for e in errors] == ["voltage_level"] and "(§1.2(1))" in errors[0].message


def test_every_bad_field_of_a_row_is_reported():
    _, errors = rows.validate_customer_record(record(contact_phone="1", unit_price="0", name=""))
    assert [e.field for e in errors] == ["name", "contact_phone", "unit_price"]


def test_partial_check_keeps_the_valid_values_for_database_checks():
    clean, errors = rows.check_customer_record(record(contact_phone="1"))
    assert clean["enterprise"] == "tf-power" and "contact_phone" not in clean
    assert len(errors) == 1


def test_records_carry_the_file_line_numbers_header_is_line_1():
    text = f"{HEADER}\n" + "\n".join(",".join(GOOD.values()) for _ in range(3)) + "\n"
    records, errors = rows.read_records(text, CUSTOMER_COLUMNS)
    assert errors == []
    assert [r.line for r in records] == [2, 3, 4]


def test_blank_lines_are_skipped_but_still_counted():
    line = ",".join(GOOD.values())
    records, _ = rows.read_records(f"{HEADER}\n{line}\n\n{line}\n", CUSTOMER_COLUMNS)
    assert [r.line for r in records] == [2, 4]


def test_a_quoted_field_spanning_lines_is_reported_at_its_first_line():
    line = ",".join(GOOD.values())
    multi = line.replace("石河子市北三路52小区3栋2单元401", '"石河子市北三路\n52小区"')
    records, _ = rows.read_records(f"{HEADER}\n{multi}\n{line}\n", CUSTOMER_COLUMNS)
    assert [r.line for r in records] == [2, 4]
    assert records[0].values["address"] == "石河子市北三路\n52小区"


def test_columns_are_found_by_name_in_any_order_and_extra_columns_ignored():
    names = list(reversed(CUSTOMER_COLUMNS)) + ["remark"]
    text = ",".join(names) + "\n" + ",".join([GOOD[n] for n in reversed(CUSTOMER_COLUMNS)] + ["x"]) + "\n"
    records, errors = rows.read_records(text, CUSTOMER_COLUMNS)
    assert errors == [] and dict(records[0].values) == GOOD


def test_a_row_with_the_wrong_number_of_fields_is_an_error():
    text = f"{HEADER}\n{','.join(GOOD.values())}\ntf-power,tf-power-city,1\n"
    records, errors = rows.read_records(text, CUSTOMER_COLUMNS)
    assert len(records) == 1
    assert errors == [RowError(3, "row", "has 3 fields, the header has 11")]


def test_missing_columns_reject_the_file_at_line_1():
    with pytest.raises(FileRejected) as exc:
        rows.read_records("enterprise,office,account_number,name\n", CUSTOMER_COLUMNS)
    assert [str(e) for e in exc.value.errors] == [
        "line 1, header: missing column(s): address, contact_phone, utility, voltage_level, customer_class, "
        "tariff_category, unit_price"
    ]


def test_a_repeated_column_rejects_the_file():
    with pytest.raises(FileRejected) as exc:
        rows.read_records(HEADER + ",name\n", CUSTOMER_COLUMNS)
    assert [str(e) for e in exc.value.errors] == ["line 1, header: column name appears more than once"]


def test_an_empty_file_is_rejected():
    with pytest.raises(FileRejected, match="line 1, file: is empty"):
        rows.read_records("", CUSTOMER_COLUMNS)


def test_bom_is_dropped():
    text = rows.decode(("\ufeff" + HEADER + "\n").encode("utf-8"))
    assert text.startswith("enterprise,")


def test_a_gbk_file_is_refused_at_the_first_bad_line():
    data = (HEADER + "\n" + ",".join(GOOD.values()) + "\n").encode("gbk")
    with pytest.raises(FileRejected) as exc:
        rows.decode(data)
    assert exc.value.errors[0].line == 2
    assert "is not UTF-8" in str(exc.value.errors[0])


def test_duplicates_point_to_the_first_line():
    errors = rows.duplicate_errors([(2, "a"), (3, "b"), (5, "a"), (9, "a")], field="account_number",
                                   shown=lambda key: f'"{key}"')
    assert [str(e) for e in errors] == [
        'line 5, account_number: "a" is already on line 2 of this file',
        'line 9, account_number: "a" is already on line 2 of this file',
    ]


def test_price_record_gives_the_month_start():
    row, errors = rows.validate_price_record(Record(3, {"enterprise": "tf-power", "month": "2026-08", "price": "0.5521"}))
    assert errors == [] and row.month_date == date(2026, 8, 1) and row.price == Decimal("0.5521")


def test_price_record_errors_are_named():
    _, errors = rows.validate_price_record(Record(3, {"enterprise": "", "month": "2026-8", "price": "0"}))
    assert [e.field for e in errors] == ["enterprise", "month", "price"]


def test_errors_sort_by_line_then_column_order():
    order = rows.error_order(CUSTOMER_COLUMNS)
    errors = [RowError(3, "unit_price", "x"), RowError(2, "unit_price", "x"), RowError(3, "enterprise", "x"),
              RowError(3, "row", "x")]
    assert [(e.line, e.field) for e in sorted(errors, key=order)] == [
        (2, "unit_price"), (3, "row"), (3, "enterprise"), (3, "unit_price")
    ]


def test_the_whole_file_check_gives_what_the_row_check_gives():
    """Remembering repeated values changes nothing: the same clean values and the same
    errors, also for a bad value met a second time."""
    records = [
        record(),
        record(contact_phone="1", unit_price="0.51234"),
        record(customer_class="IMPORTANT"),
        record(unit_price="0.51234", utility="水"),
        record(customer_class="IMPORTANT", voltage_level="高压"),
        record(utility="水"),
    ]
    records = [rows.Record(line, r.values) for line, r in enumerate(records, start=2)]
    assert rows.check_customer_records(records) == [rows.check_customer_record(r) for r in records]
    errors = [e for _, found in rows.check_customer_records(records) for e in found]
    assert [(e.line, e.field) for e in errors] == [
        (3, "contact_phone"), (3, "unit_price"), (4, "voltage_level"), (5, "utility"), (5, "unit_price"),
        (7, "utility"),
    ]


@pytest.mark.parametrize("start", [b"PK\x03\x04\x14\x00\x06\x00\x08\x00", b"PK\x03\x04"])
def test_a_workbook_given_as_csv_is_refused_on_line_1_saying_what_it_is(start):
    with pytest.raises(FileRejected) as exc:
        rows.decode(start + b"[Content_Types].xml")
    assert [str(e) for e in exc.value.errors] == [
        'line 1, file: is an Excel workbook or a ZIP file, not CSV (save the sheet as "CSV UTF-8")'
    ]
