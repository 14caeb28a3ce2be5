"""Field rules of customer data (pure)."""

from datetime import date
from decimal import Decimal

import pytest

from utilicase.customers.domain import fields
from utilicase.customers.domain.fields import FieldInvalid


@pytest.mark.parametrize(
    ("text", "stored"),
    [
        ("13912345678", "13912345678"),
        ("19900001111", "19900001111"),
        (" 139 1234 5678 ", "13912345678"),
        ("+8613912345678", "13912345678"),
        ("0993-2123456", "0993-2123456"),
        ("010-12345678", "010-12345678"),
    ],
)
def test_phone_accepts_mobiles_and_landlines_with_area_code(text, stored):
    assert fields.parse_phone(text) == stored


@pytest.mark.parametrize(
    "text",
    ["12345", "12912345678", "1391234567", "139123456789", "09932123456", "993-2123456", "0993-21234",
     "tel 13912345678", "０９９３-2123456", "1３912345678"],
)
def test_phone_refuses_what_is_not_a_chinese_number(text):
    with pytest.raises(FieldInvalid) as exc:
        fields.parse_phone(text)
    assert exc.value.message == f'"{text}" is not a phone number'


def test_empty_phone_is_required():
    with pytest.raises(FieldInvalid, match="is required"):
        fields.parse_phone("  ")


@pytest.mark.parametrize(("text", "amount"), [("0.51", Decimal("0.51")), ("28.5000", Decimal("28.5")),
                                              ("2", Decimal("2")), ("999999.9999", Decimal("999999.9999"))])
def test_price_is_a_positive_decimal_with_at_most_four_places(text, amount):
    assert fields.parse_price(text) == amount


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("0.51234", '"0.51234" has more than 4 decimal places'),
        ("0", '"0" is not a positive amount'),
        ("0.0000", '"0.0000" is not a positive amount'),
        ("-1", '"-1" is not a positive decimal number'),
        ("1e3", '"1e3" is not a positive decimal number'),
        ("NaN", '"NaN" is not a positive decimal number'),
        ("0,51", '"0,51" is not a positive decimal number'),
        ("０.５", '"０.５" is not a positive decimal number'),
        ("1000000", '"1000000" is too large (at most 999999.9999)'),
        ("", "is required"),
    ],
)
def test_price_refusals_say_why(text, message):
    with pytest.raises(FieldInvalid) as exc:
        fields.parse_price(text)
    assert exc.value.message == message


@pytest.mark.parametrize(("text", "code"), [("POWER", "POWER"), ("power", "POWER"), ("电力", "POWER"),
                                            ("燃气", "GAS"), (" heat ", "HEAT")])
def test_utility_accepts_codes_in_any_case_and_chinese_words(text, code):
    assert fields.parse_utility(text) == code


def test_unknown_utility_lists_the_codes():
    with pytest.raises(FieldInvalid) as exc:
        fields.parse_utility("WATER")
    assert exc.value.message == '"WATER" is not one of POWER, HEAT, GAS'


def test_unknown_class_and_voltage_are_refused():
    with pytest.raises(FieldInvalid, match="RESIDENTIAL, GENERAL, IMPORTANT"):
        fields.parse_customer_class("VIP")
    with pytest.raises(FieldInvalid, match="LOW, HIGH"):
        fields.parse_voltage_level("10kV")


@pytest.mark.parametrize(
    ("customer_class", "voltage", "fits"),
    [("RESIDENTIAL", "LOW", True), ("GENERAL", "LOW", True), ("IMPORTANT", "HIGH", True),
     ("RESIDENTIAL", "HIGH", False), ("GENERAL", "HIGH", False), ("IMPORTANT", "LOW", False)],
)
def test_class_fixes_the_voltage_level_s1_2(customer_class, voltage, fits):
    assert (fields.class_voltage_error(customer_class, voltage) is None) is fits


def test_important_customer_at_low_voltage_cites_s1_2_2():
    assert fields.class_voltage_error("IMPORTANT", "LOW") == (
        "LOW does not fit customer class IMPORTANT: IMPORTANT customers are high-voltage (§1.2(2))"
    )


@pytest.mark.parametrize("text", ["1001", "AB-2024-7", "0100123456"])
def test_account_numbers_are_letters_digits_and_dashes(text):
    assert fields.parse_account_number(text) == text


@pytest.mark.parametrize("text", ["10 01", "-1001", "户号1", "1001/2"])
def test_other_account_numbers_are_refused(text):
    with pytest.raises(FieldInvalid, match="is not an account number"):
        fields.parse_account_number(text)


def test_text_longer_than_its_column_is_refused():
    with pytest.raises(FieldInvalid, match="longer than 100 characters"):
        fields.parse_text("名" * 101, field="name")
    assert fields.parse_text(" 名 ", field="name") == "名"


@pytest.mark.parametrize(("text", "day"), [("2026-01", date(2026, 1, 1)), ("2025-12", date(2025, 12, 1))])
def test_month_is_the_first_day(text, day):
    assert fields.parse_month(text) == day


@pytest.mark.parametrize("text", ["2026-13", "2026-00", "2026-1", "202601", "2026/01", "26-01", "2026-01-01"])
def test_bad_months_are_refused(text):
    with pytest.raises(FieldInvalid, match=r"is not a month \(YYYY-MM\)"):
        fields.parse_month(text)


@pytest.mark.parametrize(
    ("day", "previous"),
    [(date(2026, 3, 15), date(2026, 2, 1)), (date(2026, 1, 1), date(2025, 12, 1)),
     (date(2026, 12, 31), date(2026, 11, 1))],
)
def test_previous_month_for_compensation_s2_7_5(day, previous):
    assert fields.previous_month(day) == previous


@pytest.mark.parametrize("text", ["王\x00建华", "\x00", "石河子市\x00"])
def test_a_nul_character_is_refused_in_any_text_field(text):
    with pytest.raises(FieldInvalid) as exc:
        fields.parse_text(text, field="name")
    assert exc.value.message == "must not contain a NUL character"
