"""A customer's enforcement cases, for the customer's history (customers.history): the cases
(documents and evidence attach to them) and a section of rows. The row links to the case's page
once the pages are installed (url name `enforcement:detail`)."""

from django.urls import NoReverseMatch, reverse

from utilicase.customers.history import CaseRef, HistoryRow
from utilicase.enforcement.selectors import TARGET_TYPE, customer_cases


def cases(user, customer) -> list[CaseRef]:
    return [CaseRef(TARGET_TYPE, str(pk), number)
            for pk, number in customer_cases(user=user, customer=customer).values_list("pk", "number")]


def _url(pk: int) -> str:
    try:
        return reverse("enforcement:detail", args=[pk])
    except NoReverseMatch:
        return ""


def rows(user, customer, limit: int) -> list[HistoryRow]:
    found = customer_cases(user=user, customer=customer).only(
        "number", "status", "kind", "supply", "facts", "discovered_at")[:limit]
    return [HistoryRow(at=c.discovered_at, number=c.number, title=f"{c.get_kind_display()} {c.facts[:50]}",
                       status=f"{c.get_status_display()} · {c.get_supply_display()}", url=_url(c.pk))
            for c in found]
