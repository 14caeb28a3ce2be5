"""Shared API parameter types: bounds that keep generated or hostile input out of the database
(a page or id beyond 64 bits would otherwise reach SQL and fail there)."""

from typing import Annotated

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

MAX_DB_ID = 2**63 - 1

DbId = Annotated[int, Field(ge=1, le=MAX_DB_ID)]


class Pages(PageNumberPagination):
    """Page-number pagination with the page bounded (1 to 100,000)."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=100_000)
        page_size: int | None = Field(None, ge=1, le=1000)
