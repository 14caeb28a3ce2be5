"""The API's shared input types (config/api_types): text a database stores, and days and
instants in the supported years, an instant read in Asia/Shanghai."""

import pytest
from pydantic import TypeAdapter, ValidationError

from utilicase.config.api_types import Day, Moment, Text


@pytest.mark.parametrize(("text", "kept"), [
    ("2000-01-01T00:00:00+08:00", True),
    ("1999-12-31T16:00:00Z", True),  # 2000-01-01 00:00 in Shanghai
    ("1999-12-31T15:59:59Z", False),
    ("2100-12-31T15:59:59Z", True),  # 23:59:59 in Shanghai
    ("2100-12-31T20:00:00Z", False),  # already 2101 in Shanghai, though 2100 in UTC
    ("0001-01-01T00:00:00", False),
])
def test_an_instant_is_taken_only_in_a_supported_year_read_in_shanghai(text, kept):
    check = TypeAdapter(Moment)
    if kept:
        assert check.validate_python(text).isoformat()[:4] in ("1999", "2000", "2100")
    else:
        with pytest.raises(ValidationError, match="the year must be between 2000 and 2100"):
            check.validate_python(text)


@pytest.mark.parametrize(("text", "kept"), [("2000-01-01", True), ("2100-12-31", True), ("1999-12-31", False),
                                            ("2101-01-01", False)])
def test_a_day_is_taken_only_in_a_supported_year(text, kept):
    if kept:
        assert TypeAdapter(Day).validate_python(text).isoformat() == text
    else:
        with pytest.raises(ValidationError, match="between 2000 and 2100"):
            TypeAdapter(Day).validate_python(text)


def test_text_with_a_nul_character_is_refused():
    assert TypeAdapter(Text).validate_python("电费突增") == "电费突增"
    with pytest.raises(ValidationError, match="must not contain NUL characters"):
        TypeAdapter(Text).validate_python("电费\x00突增")
