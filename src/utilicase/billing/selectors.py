"""Reads of billing. Lists are restricted to the units the user has in scope (a receivable's
`unit`: the customer's office, else the case's enterprise); a case's receivables are read by
whoever may see the case (core.cases.case_for), the same as its documents.

The case-level reads (`receivables_for`, `case_balance`, `case_fully_paid`) are not scoped: the
case types call them about a case their own selectors have already found."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db.models import F, QuerySet, Sum
from django.utils import timezone

from utilicase.billing.models import ExportBatch, Payment, Receivable
from utilicase.core.cases import CaseInfo, case_for
from utilicase.org.models import Unit, UnitKind
from utilicase.org.selectors import units_in_scope


def receivables_for(target_type: str, target_id: str) -> QuerySet[Receivable]:
    """The case's receivables, by due date."""
    return Receivable.objects.filter(target_type=target_type, target_id=str(target_id)).order_by("due_date", "id")


def case_balance(target_type: str, target_id: str) -> Decimal:
    """What the case's customer still owes (the sum of the receivables' unpaid parts), to the fen."""
    totals = receivables_for(target_type, target_id).aggregate(amount=Sum("amount"), paid=Sum("paid"))
    return (totals["amount"] or Decimal("0.00")) - (totals["paid"] or Decimal("0.00"))


def case_fully_paid(target_type: str, target_id: str) -> bool:
    """Every receivable of the case is paid in full (§2.6(4)). A case with no receivable owes
    nothing: True; the case type decides whether its fees were assessed."""
    return not receivables_for(target_type, target_id).filter(paid__lt=F("amount")).exists()


def _scoped(user) -> QuerySet[Receivable]:
    return Receivable.objects.filter(unit__in=units_in_scope(user=user))


def receivable_list(*, user, unpaid_only: bool = False) -> QuerySet[Receivable]:
    """The receivables the user has in scope, by due date (then id)."""
    receivables = _scoped(user)
    if unpaid_only:
        receivables = receivables.filter(paid__lt=F("amount"))
    return receivables.order_by("due_date", "id")


def overdue_receivables(user, now: datetime) -> QuerySet[Receivable]:
    """Unpaid fees past their due date (§1.1), of the units the user has in scope, oldest due
    first. The due date is the last day to pay: a receivable is overdue from the next day."""
    today = timezone.localdate(now)
    return _scoped(user).filter(paid__lt=F("amount"), due_date__lt=today).order_by("due_date", "id")


def receivable_get(*, user, id: int) -> tuple[Receivable, CaseInfo]:
    """The receivable and its case; Receivable.DoesNotExist when it is missing or its case is out
    of the user's sight (not told apart)."""
    receivable = Receivable.objects.filter(pk=id).first()
    if receivable is None:
        raise Receivable.DoesNotExist
    found = case_for(user, receivable.target_type, receivable.target_id)
    if found is None:
        raise Receivable.DoesNotExist
    return receivable, found[1]


@dataclass(frozen=True)
class CaseReceivables:
    case: Any
    info: CaseInfo
    receivables: list[Receivable]
    balance: Decimal


def case_receivables(*, user, target_type: str, target_id: str) -> CaseReceivables | None:
    """A case's receivables with their payments, and its balance; None when the user may not see the case."""
    found = case_for(user, target_type, str(target_id))
    if found is None:
        return None
    case, info = found
    receivables = list(receivables_for(info.target_type, info.target_id).prefetch_related("payments"))
    balance = sum((r.balance for r in receivables), Decimal("0.00"))
    return CaseReceivables(case, info, receivables, balance)


def payments_of(receivable: Receivable) -> QuerySet[Payment]:
    return receivable.payments.select_related("recorded_by", "reverses").order_by("recorded_at", "id")


def payment_get(*, user, id: int) -> Payment:
    payment = Payment.objects.select_related("receivable").filter(pk=id).first()
    if payment is None:
        raise Payment.DoesNotExist
    try:
        receivable_get(user=user, id=payment.receivable_id)
    except Receivable.DoesNotExist:
        raise Payment.DoesNotExist from None
    return payment


def export_enterprises(*, user) -> QuerySet[Unit]:
    """The enterprises whose fee entries the user sees in full (the enterprise in scope)."""
    return units_in_scope(user=user).filter(kind=UnitKind.ENTERPRISE).order_by("path")


def export_batches(*, user) -> QuerySet[ExportBatch]:
    """The export batches of the enterprises in the user's scope, newest first."""
    return (ExportBatch.objects.filter(enterprise__in=export_enterprises(user=user))
            .select_related("enterprise", "created_by").order_by("-created_at", "-id"))


def export_batch_get(*, user, id: int) -> ExportBatch:
    return export_batches(user=user).get(pk=id)


def pending_entries(*, enterprise: Unit) -> int:
    return Receivable.objects.filter(enterprise=enterprise, export_entry__isnull=True).count()
