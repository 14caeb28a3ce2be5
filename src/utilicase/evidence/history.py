"""A customer's evidence, for the customer's history (customers.history): the items on the
registers of the customer's cases that the user may see, with their custody state."""

from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _

from utilicase.customers.history import HistoryRow, customer_cases, on_cases
from utilicase.evidence.domain import custody as rules
from utilicase.evidence.models import STATE_LABELS, CustodyEntry, EvidenceItem


def rows(user, customer, limit: int) -> list[HistoryRow]:
    cases = customer_cases(user, customer)
    condition = on_cases(cases)
    if condition is None:
        return []
    numbers = {(c.target_type, c.target_id): c.number for c in cases}
    last_step = CustodyEntry.objects.filter(item=OuterRef("pk")).order_by("-seq").values("step")[:1]
    items = (EvidenceItem.objects.filter(condition).annotate(state=Subquery(last_step))
             .order_by("-registered_at", "-id")[:limit])
    return [HistoryRow(at=i.registered_at, number=str(i.number), title=_title(i),
                       status=STATE_LABELS[i.state or rules.COLLECTED], url=reverse("evidence:item", args=[i.pk]),
                       case_number=numbers[(i.target_type, i.target_id)])
            for i in items]


def _title(item: EvidenceItem) -> str:
    return _("%(kind)s：%(description)s") % {"kind": item.get_kind_display(), "description": item.description[:60]}
