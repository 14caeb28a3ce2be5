"""Pagers that do not count a million rows: the count stops at COUNT_CAP (a page past it asks
for a narrower filter or the search box); the first page reads only what it shows."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

COUNT_CAP = 1000


def capped_count(queryset, *, cap: int = COUNT_CAP) -> int:
    """How many rows, counting at most cap + 1 of them (cap + 1 means "more than cap")."""
    return queryset.order_by()[: cap + 1].count()


class CappedPaginator(Paginator):
    """A Paginator whose count stops past COUNT_CAP; `capped` tells the page to say "1000+"."""

    cap = COUNT_CAP

    @cached_property
    def count(self) -> int:
        return capped_count(self.object_list, cap=self.cap)

    @property
    def capped(self) -> bool:
        return self.count > self.cap
