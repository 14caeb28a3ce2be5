"""A customer's field work orders, for the customer's history (customers.history). The row
links to the order's page once the pages are installed (url name `fieldwork:detail`)."""

from django.urls import NoReverseMatch, reverse

from utilicase.customers.history import CaseRef, HistoryRow
from utilicase.fieldwork.selectors import TARGET_TYPE, customer_orders


def cases(user, customer) -> list[CaseRef]:
    return [CaseRef(TARGET_TYPE, str(pk), number)
            for pk, number in customer_orders(user=user, customer=customer).values_list("pk", "number")]


def _url(pk: int) -> str:
    try:
        return reverse("fieldwork:detail", args=[pk])
    except NoReverseMatch:
        return ""


def rows(user, customer, limit: int) -> list[HistoryRow]:
    found = customer_orders(user=user, customer=customer).only(
        "number", "status", "kind", "description", "created_at")[:limit]
    return [HistoryRow(at=o.created_at, number=o.number, title=f"{o.get_kind_display()} {o.description[:50]}",
                       status=o.get_status_display(), url=_url(o.pk))
            for o in found]
