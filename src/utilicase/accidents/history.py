"""A customer's accident cases, for the customer's history (customers.history). The row links to
the case's page once the pages are installed (url name `accidents:detail`)."""

from django.urls import NoReverseMatch, reverse

from utilicase.accidents.selectors import TARGET_TYPE, customer_cases
from utilicase.customers.history import CaseRef, HistoryRow


def cases(user, customer) -> list[CaseRef]:
    return [CaseRef(TARGET_TYPE, str(pk), number)
            for pk, number in customer_cases(user=user, customer=customer).values_list("pk", "number")]


def _url(pk: int) -> str:
    try:
        return reverse("accidents:detail", args=[pk])
    except NoReverseMatch:
        return ""


def rows(user, customer, limit: int) -> list[HistoryRow]:
    found = customer_cases(user=user, customer=customer).only("number", "status", "description", "reported_at")[:limit]
    return [HistoryRow(at=c.reported_at, number=c.number, title=c.description[:50], status=c.get_status_display(),
                       url=_url(c.pk))
            for c in found]
