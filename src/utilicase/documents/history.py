"""A customer's documents, for the customer's history (customers.history): the documents on the
customer's cases that the user may see (discarded drafts left out, as on a case's list)."""

from django.urls import reverse

from utilicase.customers.history import HistoryRow, customer_cases, on_cases
from utilicase.documents.forms import is_english
from utilicase.documents.models import Document, DocumentStatus


def rows(user, customer, limit: int) -> list[HistoryRow]:
    cases = customer_cases(user, customer)
    condition = on_cases(cases)
    if condition is None:
        return []
    numbers = {(c.target_type, c.target_id): c.number for c in cases}
    documents = (Document.objects.filter(condition).exclude(status=DocumentStatus.DISCARDED)
                 .order_by("-created_at", "-id")[:limit])
    lang = "en" if is_english() else "zh"
    return [HistoryRow(at=d.issued_at or d.created_at, number=d.number, title=d.title(lang),
                       status=d.get_status_display(), url=reverse("documents:detail", args=[d.pk]),
                       case_number=numbers[(d.target_type, d.target_id)])
            for d in documents]
