"""What a signed-in customer reads: their own records only, and only what is public of them.
Every function takes the customer (never a staff user); a record of another customer answers
like a missing one (DoesNotExist, a 404 on the page).

Left out on purpose: evidence and its originals, internal notes and assessments, staff names
(but the inspectors' who showed their certificate, with its number, §2.4(2)), drafts of
documents and the copies kept by the company, whistleblower reports (never read here), and an
inspection the customer was not told of: a special inspection (a suspicion, a tip-off) shows
only once the inspectors arrived, a routine one once it was appointed (§2.4(2))."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from utilicase.accidents.models import AccidentCase
from utilicase.billing.models import Payment, Receivable
from utilicase.complaints.models import Complaint, ReturnVisit
from utilicase.customers.models import Customer
from utilicase.documents.models import CopyKind, Document, DocumentCopy, DocumentStatus
from utilicase.enforcement.models import EnforcementCase
from utilicase.fieldwork.models import FieldWorkOrder
from utilicase.fieldwork.models import Status as FieldStatus
from utilicase.inspections.models import InspectionOrder, OrderInspector
from utilicase.inspections.models import Status as InspectionStatus

# Routine orders the customer was told of (appointed) and every order whose inspectors came.
_APPOINTED_ON = [InspectionStatus.APPOINTED, InspectionStatus.PREPARED]
_ON_SITE_ON = [InspectionStatus.ARRIVED, InspectionStatus.INSPECTING, InspectionStatus.LEFT_SITE,
               InspectionStatus.ARCHIVED, InspectionStatus.CLOSED]


def complaints_of(customer: Customer) -> QuerySet[Complaint]:
    return (Complaint.objects.filter(customer=customer).select_related("reply")
            .only("number", "channel", "status", "content", "reception_started_at", "reply_due_at", "closed_at",
                  "customer_id", "reply__content", "reply__method", "reply__replied_at", "reply__complaint_id")
            .order_by("-reception_started_at", "-id"))


def complaint_get(customer: Customer, number: str) -> Complaint:
    complaint = complaints_of(customer).filter(number=number).first()
    if complaint is None:
        raise Complaint.DoesNotExist
    return complaint


def further_answers(complaint: Complaint) -> list[tuple]:
    """The answers given after a return visit found the customer not satisfied: (when, what)."""
    return list(ReturnVisit.objects.filter(complaint=complaint, answered_at__isnull=False)
                .order_by("number").values_list("answered_at", "answer"))


def inspections_of(customer: Customer) -> QuerySet[InspectionOrder]:
    told = Q(status__in=_ON_SITE_ON) | Q(kind="ROUTINE", status__in=_APPOINTED_ON)
    return (InspectionOrder.objects.filter(told, customer=customer)
            .only("number", "kind", "status", "utility", "planned_date", "appointment_at", "arrived_at", "customer_id")
            .order_by("-planned_date", "-id"))


@dataclass(frozen=True)
class Inspector:
    name: str
    certificate: str


def inspectors_shown(order: InspectionOrder) -> list[Inspector]:
    """The inspectors who came and the certificate each showed (§2.4(2)): name and number."""
    rows = (OrderInspector.objects.filter(order=order, present=True, certificate__isnull=False)
            .select_related("inspector", "certificate").order_by("id"))
    return [Inspector(r.inspector.display_name, r.certificate.number) for r in rows]


def enforcement_of(customer: Customer) -> QuerySet[EnforcementCase]:
    return (EnforcementCase.objects.filter(customer=customer)
            .only("number", "kind", "status", "supply", "utility", "discovered_at", "due_date", "customer_id")
            .order_by("-discovered_at", "-id"))


def accidents_of(customer: Customer) -> QuerySet[AccidentCase]:
    return (AccidentCase.objects.filter(customer=customer)
            .only("number", "status", "utility", "reported_at", "restored_at", "customer_id")
            .order_by("-reported_at", "-id"))


def field_orders_of(customer: Customer) -> QuerySet[FieldWorkOrder]:
    return (FieldWorkOrder.objects.filter(customer=customer)
            .only("number", "kind", "status", "utility", "description", "slot_start", "slot_end", "address",
                  "preparation", "delay_reason", "arrived_at", "completed_at", "work_done", "safety_reminder",
                  "rating", "rating_comment", "rated_at", "created_at", "customer_id")
            .order_by("-created_at", "-id"))


def field_order_get(customer: Customer, number: str) -> FieldWorkOrder:
    order = field_orders_of(customer).filter(number=number).first()
    if order is None:
        raise FieldWorkOrder.DoesNotExist
    return order


def may_rate(order: FieldWorkOrder) -> bool:
    return order.status == FieldStatus.COMPLETED and order.rated_at is None


def _cases(customer: Customer) -> Q:
    """Every case of the customer the portal shows, as (target_type, target_id) conditions."""
    condition = Q(pk__in=[])
    for queryset in (complaints_of(customer), inspections_of(customer), enforcement_of(customer),
                     accidents_of(customer), field_orders_of(customer)):
        ids = [str(pk) for pk in queryset.values_list("pk", flat=True)]
        if ids:
            condition |= Q(target_type=queryset.model._meta.label_lower, target_id__in=ids)
    return condition


def documents_of(customer: Customer) -> QuerySet[Document]:
    """The documents issued on the customer's cases that have a customer copy (客户联), newest
    first; drafts and discarded ones never."""
    with_copy = DocumentCopy.objects.filter(kind=CopyKind.CUSTOMER).values("document_id")
    return (Document.objects.filter(_cases(customer), status__in=[DocumentStatus.ISSUED, DocumentStatus.SERVED],
                                    pk__in=with_copy)
            .only("doc_type", "number", "case_number", "utility", "issued_at", "served_at", "superseded_at",
                  "status", "target_type", "target_id", "version")
            .order_by("-issued_at", "-id"))


def customer_copy(customer: Customer, document_id: int) -> tuple[Document, DocumentCopy]:
    document = documents_of(customer).filter(pk=document_id).first()
    copy = document.copies.filter(kind=CopyKind.CUSTOMER).first() if document is not None else None
    if copy is None:
        raise Document.DoesNotExist
    return document, copy


def receivables_of(customer: Customer) -> QuerySet[Receivable]:
    """Fees charged to the account (the enterprise's account number), due first."""
    return (Receivable.objects.filter(enterprise_id=customer.enterprise_id, account_number=customer.account_number)
            .only("case_number", "document_number", "fee_type", "amount", "paid", "due_date", "settled_at",
                  "enterprise_id", "account_number")
            .order_by("settled_at", "due_date", "id"))


def payments_of(customer: Customer) -> QuerySet[Payment]:
    return (Payment.objects.filter(receivable__in=receivables_of(customer))
            .select_related("receivable").only("amount", "receipt_number", "paid_at", "receivable__case_number",
                                               "receivable__fee_type")
            .order_by("-paid_at", "-id"))
