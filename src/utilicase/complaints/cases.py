"""A complaint as a case that documents and evidence attach to. A complaint issues one document
type, its complaint form (§6.5(ii)(7)), filled from the complaint as received."""

from collections.abc import Collection

from django.utils import timezone

from utilicase.complaints.models import Complaint
from utilicase.complaints.selectors import TARGET_TYPE, company_of, complaint_get, complaint_ids_visible
from utilicase.core.cases import CaseDocument, CaseInfo, ids_visible


def load(user, target_id: str) -> Complaint | None:
    if not target_id.isdigit():
        return None
    try:
        return complaint_get(user=user, id=int(target_id), now=timezone.now())
    except Complaint.DoesNotExist:
        return None


def visible_ids(user, target_ids: Collection[str]) -> set[str]:
    """Those of the ids `load` answers a case for, in one query."""
    return ids_visible(target_ids, lambda ids: complaint_ids_visible(user=user, ids=ids))


def info(complaint: Complaint) -> CaseInfo:
    customer = complaint.customer
    # The complaint form is numbered by the hall that received it, under the company's short name.
    company = company_of(complaint.hall)
    return CaseInfo(
        target_type=TARGET_TYPE, target_id=str(complaint.pk), number=complaint.number,
        title=complaint.content[:40], utility=customer.enterprise.utility if customer else "",
        issuer_code=complaint.hall.code, issuer_short_name=company.short_name or company.name,
        customer_name=customer.name if customer else complaint.contact_name,
        customer_account=customer.account_number if customer else "",
        customer_address=customer.address if customer else "",
    )


def complaint_form_content(complaint: Complaint) -> dict[str, str]:
    """The complaint form as the complaint was received: time (local), channel, complainant,
    contact and content; the handling is left to the member of staff."""
    customer = complaint.customer
    return {
        "received_at": f"{timezone.localtime(complaint.reception_started_at):%Y-%m-%d %H:%M}",
        "channel": complaint.channel,
        "complainant": complaint.caller_name,
        "contact": complaint.contact_phone or (customer.contact_phone if customer else ""),
        "complaint": complaint.content,
    }


DOCUMENTS = {"complaint_form": CaseDocument(prefill=complaint_form_content)}



def taken(*, number: str, unit) -> str | None:
    """The id of the complaint numbered `number` taken in the company of `unit`, whoever may read
    it (the hook "complaints.complaint_taken": whistleblowing names the complaint a report turned
    out to be without importing complaints)."""
    found = Complaint.objects.filter(number=number, hall__path__startswith=company_of(unit).path) \
        .values_list("pk", flat=True).first()
    return str(found) if found is not None else None
