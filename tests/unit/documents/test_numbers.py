import pytest

from utilicase.documents.domain.numbers import (
    DEFAULT_NUMBER_FORMAT,
    BadNumberFormat,
    check_format,
    display_number,
    format_number,
)


def test_default_format_is_issuer_word_year_and_six_digits():
    assert format_number(DEFAULT_NUMBER_FORMAT, issuer="天富电", word="检", year=2026, seq=123) == "天富电检〔2026〕第000123号"


def test_a_custom_format_is_used():
    assert format_number("{issuer}{word}字（{year}）{seq:04d}", issuer="天富热", word="违", year=2027, seq=7) == \
        "天富热违字（2027）0007"


@pytest.mark.parametrize("fmt", ["{issuer}{word}第{seq}号", "{issuer}〔{year}〕", "{issuer}{year}{seq}{colour}",
                                 "{year}{seq", "{year}{seq:q}"])
def test_a_format_without_year_or_sequence_or_with_unknown_names_is_refused(fmt):
    with pytest.raises(BadNumberFormat):
        check_format(fmt)


def test_a_correction_keeps_the_number_with_its_version():
    assert display_number("天富电检〔2026〕第000123号", 1) == "天富电检〔2026〕第000123号"
    assert display_number("天富电检〔2026〕第000123号", 2) == "天富电检〔2026〕第000123号（第2版）"
    assert display_number("", 3) == ""
