"""Shared API parameter types: bounds that keep generated or hostile input out of the database
(a page or id beyond 64 bits would otherwise reach SQL and fail there)."""

from typing import Annotated, Any

from ninja import Field, Schema
from ninja.errors import ValidationError
from ninja.pagination import PageNumberPagination
from ninja.parser import Parser

from utilicase.web.paging import COUNT_CAP, capped, page_rows

MAX_DB_ID = 2**63 - 1

DbId = Annotated[int, Field(ge=1, le=MAX_DB_ID)]


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


def _nul_paths(value, path: tuple) -> list[tuple]:
    """Where in a parsed JSON value a string holds a NUL character (no database stores it)."""
    if isinstance(value, str):
        return [path] if "\x00" in value else []
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _nul_paths(k, (*path, "<key>")) + _nul_paths(v, (*path, k))]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _nul_paths(v, (*path, i))]
    return []


def _refuse(paths: list[tuple]) -> None:
    raise ValidationError([{"loc": list(p), "msg": "text must not contain a NUL character", "type": "value_error"}
                           for p in paths])


class TextSafeParser(Parser):
    """JSON bodies and query strings whose text holds a NUL character are refused with 422,
    naming the field, before they reach a schema or the database."""

    def parse_body(self, request):
        data = super().parse_body(request)
        paths = _nul_paths(data, ("body",))
        if paths:
            _refuse(paths)
        return data

    def parse_querydict(self, data, list_fields, request):
        result = super().parse_querydict(data, list_fields, request)
        paths = _nul_paths(result, ("query",))
        if paths:
            _refuse(paths)
        return result
