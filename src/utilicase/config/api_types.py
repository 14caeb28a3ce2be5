"""Shared API parameter types: bounds that keep generated or hostile input out of the database
(a page or id beyond 64 bits would otherwise reach SQL and fail there)."""

import json
from datetime import date, datetime
from typing import Annotated, Any

from django.utils import timezone
from django.utils.translation import gettext
from ninja import Field, Schema
from ninja.errors import ValidationError
from ninja.pagination import PageNumberPagination
from ninja.parser import Parser
from pydantic import AfterValidator

from utilicase.core.i18n import Message, translated
from utilicase.core.workdays import EARLIEST_YEAR, LATEST_YEAR, supported_instant
from utilicase.web.paging import COUNT_CAP, capped, page_rows

MAX_DB_ID = 2**63 - 1

DbId = Annotated[int, Field(ge=1, le=MAX_DB_ID)]


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    return value


def _supported_year(value: date) -> date:
    """A day, or an instant read in Asia/Shanghai, in a supported year (an instant late on
    31 December 2100 in UTC is already 2101 there)."""
    if isinstance(value, datetime):
        supported = supported_instant(value if timezone.is_aware(value) else timezone.make_aware(value))
    else:
        supported = EARLIEST_YEAR <= value.year <= LATEST_YEAR
    if not supported:
        raise ValueError(f"the year must be between {EARLIEST_YEAR} and {LATEST_YEAR}")
    return value


# Text a database stores (the parser refuses NUL in a body first; the schemas say so as well),
# and days and instants in the supported years.
Text = Annotated[str, AfterValidator(_no_nul)]
Moment = Annotated[datetime, AfterValidator(_supported_year)]
Day = Annotated[date, AfterValidator(_supported_year)]


def invalid_input(errors: dict[str, str], *, rename: dict[str, str] | None = None) -> ValidationError:
    """A service's refusal of bad input (field -> reason) as the API's 422, naming each field of
    the payload (under its API name in `rename`; a dotted name is a path: `items.0.name`)."""
    rename = rename or {}
    return ValidationError([{"type": "value_error", "loc": ["body", "payload", *rename.get(f, f).split(".")],
                             "msg": translated(m, gettext) if isinstance(m, Message) else str(m)}
                            for f, m in errors.items()])


class Pages(PageNumberPagination):
    """Page-number pagination with the page bounded (1 to 100,000)."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=100_000)
        page_size: int | None = Field(None, ge=1, le=1000)


class CappedPages(Pages):
    """Pages of a list that may hold a million rows: `count` is exact up to COUNT_CAP, and
    `count_capped` is true when there are more (the count stops there)."""

    cap = COUNT_CAP

    class Output(Schema):
        items: list[Any]
        count: int
        count_capped: bool

    def paginate_queryset(self, queryset, pagination, request, **params):
        page_size = self._get_page_size(pagination.page_size)
        offset = (pagination.page - 1) * page_size
        queryset, count = capped(queryset, cap=self.cap)
        return {"items": page_rows(queryset, offset=offset, limit=page_size), "count": min(count, self.cap),
                "count_capped": count > self.cap}


def _text_fault(text: str) -> str | None:
    """Why a text cannot be stored: a NUL character (no database stores it) or a lone surrogate
    (not a character; it cannot be written as UTF-8)."""
    if "\x00" in text:
        return "text must not contain a NUL character"
    if any("\ud800" <= c <= "\udfff" for c in text):
        return "text must not contain a lone surrogate (\\ud800-\\udfff)"
    return None


def _text_faults(value, path: tuple) -> list[tuple[tuple, str]]:
    """Where in a parsed JSON value a string (or a key) holds text no database stores, and why."""
    if isinstance(value, str):
        fault = _text_fault(value)
        return [(path, fault)] if fault else []
    if isinstance(value, dict):
        return [f for k, v in value.items() for f in _text_faults(k, (*path, "<key>")) + _text_faults(v, (*path, k))]
    if isinstance(value, list):
        return [f for i, v in enumerate(value) for f in _text_faults(v, (*path, i))]
    return []


def _refuse(faults: list[tuple[tuple, str]]) -> None:
    raise ValidationError([{"loc": list(path), "msg": msg, "type": "value_error"} for path, msg in faults])


class TextSafeParser(Parser):
    """Bodies that are not JSON (malformed, not UTF-8, nested too deeply) and JSON bodies or query
    strings whose text holds a NUL character or a lone surrogate are refused with 422, naming the
    field, before they reach a schema or the database."""

    def parse_body(self, request):
        try:
            data = super().parse_body(request)
            faults = _text_faults(data, ("body",))
        except UnicodeDecodeError:
            _refuse([(("body",), "the body is not UTF-8 text")])
        except RecursionError:
            _refuse([(("body",), "the JSON is nested too deeply")])
        except json.JSONDecodeError as exc:
            _refuse([(("body",), f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})")])
        except ValueError:  # an integer of more digits than Python converts (sys.get_int_max_str_digits)
            _refuse([(("body",), "a number in the JSON has too many digits")])
        if faults:
            _refuse(faults)
        return data

    def parse_querydict(self, data, list_fields, request):
        result = super().parse_querydict(data, list_fields, request)
        faults = _text_faults(result, ("query",))
        if faults:
            _refuse(faults)
        return result
