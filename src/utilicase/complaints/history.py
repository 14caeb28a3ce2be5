"""A customer's complaints, for the customer's history (customers.history): the complaints as
cases (documents and evidence attach to them) and as a section of rows."""

from django.urls import reverse

from utilicase.complaints.selectors import TARGET_TYPE, customer_complaints
from utilicase.customers.history import CaseRef, HistoryRow


def cases(user, customer) -> list[CaseRef]:
    return [CaseRef(TARGET_TYPE, str(pk), number)
            for pk, number in customer_complaints(user=user, customer=customer).values_list("pk", "number")]


def rows(user, customer, limit: int) -> list[HistoryRow]:
    complaints = customer_complaints(user=user, customer=customer).only(
        "number", "status", "content", "reception_started_at")[:limit]
    return [HistoryRow(at=c.reception_started_at, number=c.number, title=c.content[:60],
                       status=c.get_status_display(), url=reverse("complaints:detail", args=[c.pk]))
            for c in complaints]
