"""Pagers that do not count a million rows: the count stops at COUNT_CAP (a page past it asks
for a narrower filter or the search box), a list found to be small is read by its ids, and a
page is sorted by id before its rows are read."""

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

COUNT_CAP = 1000


def capped(queryset: QuerySet, *, cap: int = COUNT_CAP) -> tuple[QuerySet, int]:
    """The list and how many rows it has, counting at most cap + 1 (cap + 1 means "more than
    cap"). The count reads the ids of those rows, in no order; when there are at most `cap`,
    the list is narrowed to those ids, so its pages are read by primary key: otherwise a
    database may scan an index in the list's order expecting to meet the (few) rows early."""
    ids = list(queryset.order_by().values_list("pk", flat=True)[: cap + 1])
    if len(ids) <= cap:
        queryset = queryset.filter(pk__in=ids)
    return queryset, len(ids)


def page_rows(queryset: QuerySet, *, offset: int, limit: int) -> list:
    """One page of the list: its ids first, in the list's order (a narrow sort without the
    joins of what the page shows; a list that knows a faster way to read them, such as a union of
    index-ordered parts, has `page_ids`), then those rows by primary key."""
    page_ids = getattr(queryset, "page_ids", None)
    ids = page_ids(offset=offset, limit=limit) if page_ids is not None \
        else list(queryset.values_list("pk", flat=True)[offset: offset + limit])
    found = queryset.in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


class CappedPaginator(Paginator):
    """A Paginator whose count stops past `cap`; `capped` tells the page to say "more than"."""

    cap = COUNT_CAP

    @cached_property
    def count(self) -> int:
        self.object_list, count = capped(self.object_list, cap=self.cap)
        return count

    @property
    def capped(self) -> bool:
        return self.count > self.cap

    def page(self, number):
        number = self.validate_number(number)
        rows = page_rows(self.object_list, offset=(number - 1) * self.per_page, limit=self.per_page)
        return self._get_page(rows, number, self)
