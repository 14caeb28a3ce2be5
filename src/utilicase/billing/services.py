"""The only writers of billing. Each write runs in one transaction with its audit event, which
cites the clause the fee rests on (§2.6(4) back-billing and violation fees, §2.7(5) compensation).

Public interface (others call it): `receivable_create`, `payment_record`, `payment_reverse`,
`export_create`; billing.hooks tells case types of payments."""

from datetime import date, datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from utilicase.audit.services import audit_record
from utilicase.billing.domain import fees
from utilicase.billing.domain.money import to_fen, yuan
from utilicase.billing.hooks import notify_payment
from utilicase.billing.models import ExportBatch, ExportEntry, Payment, Receivable
from utilicase.config.retry import retried_on_deadlock
from utilicase.core.cases import case_for
from utilicase.core.rules import RuleViolation
from utilicase.customers.models import Customer
from utilicase.numbering.services import next_number
from utilicase.org.models import Unit, UnitKind
from utilicase.org.throttle import throttle_lock


def _facts(receivable: Receivable) -> dict:
    return {
        "case": f"{receivable.target_type}:{receivable.target_id}", "case_number": receivable.case_number,
        "account_number": receivable.account_number, "fee_type": receivable.fee_type,
        "amount": yuan(receivable.amount), "due_date": receivable.due_date.isoformat(),
        "document_number": receivable.document_number,
    }


def _units(enterprise_code: str, account_number: str) -> tuple[Unit, Unit, str]:
    """The case's enterprise, the unit the receivable is scoped to (the customer's office when
    the account is known in the enterprise, else the enterprise) and the customer's name."""
    enterprise = Unit.objects.filter(code=enterprise_code).first()
    if enterprise is None:
        raise ValueError(f"the case names an unknown unit {enterprise_code!r}")
    if enterprise.kind != UnitKind.ENTERPRISE:
        enterprise = enterprise.enterprise() or enterprise
    customer = (Customer.objects.filter(enterprise=enterprise, account_number=account_number)
                .select_related("office").first())
    if customer is not None and customer.office_id:
        return enterprise, customer.office, customer.name
    return enterprise, enterprise, ""


@transaction.atomic
def receivable_create(*, actor, target_type: str, target_id: str, case_number: str, account_number: str,
                      fee_type: str, amount: Decimal, due_date: date, document_number: str = "",
                      breakdown: list[dict] | None = None, now: datetime) -> Receivable:
    """A fee the case's customer owes, by `due_date`, with the breakdown it was calculated from
    (the calculator's lines). The case must be one the actor sees (core.cases.case_for):
    Receivable.DoesNotExist otherwise. The amount is rounded half-up to the fen; RuleViolation
    (the fee type's clause) for an amount that is not positive; ValueError for an unknown fee type."""
    if fee_type not in fees.FEE_TYPES:
        raise ValueError(f"unknown fee type {fee_type!r}")
    amount = to_fen(amount)
    refused = fees.receivable_refusal(fee_type=fee_type, amount=amount)
    if refused is not None:
        raise refused
    found = case_for(actor, target_type, str(target_id))
    if found is None:
        raise Receivable.DoesNotExist("the case is missing or out of the actor's sight")
    _case, info = found
    enterprise, unit, customer_name = _units(info.issuer_code, account_number)
    receivable = Receivable.objects.create(
        target_type=info.target_type, target_id=info.target_id, case_number=case_number or info.number,
        document_number=document_number, account_number=account_number,
        customer_name=customer_name or info.customer_name, fee_type=fee_type, amount=amount, due_date=due_date,
        breakdown=list(breakdown or []), clause=fees.clause_of(fee_type), enterprise=enterprise, unit=unit,
        created_at=now, created_by=actor if getattr(actor, "pk", None) else None,
    )
    audit_record(actor=actor, action="billing.receivable.created", target=receivable, after=_facts(receivable),
                 clause=receivable.clause, now=now)
    return receivable


def _locked(receivable: Receivable) -> Receivable:
    return Receivable.objects.select_for_update().get(pk=receivable.pk)


def _receipt_recorded(receipt_number: str) -> bool:
    """A payment with this receipt number stands (recorded and not reversed), on any receivable."""
    return Payment.objects.filter(receipt_number=receipt_number, reverses__isnull=True,
                                  reversed_by__isnull=True).exists()


def _settle(receivable: Receivable, *, now: datetime) -> None:
    receivable.paid = receivable.payments.aggregate(s=Sum("amount"))["s"] or Decimal("0.00")
    receivable.settled_at = (receivable.settled_at or now) if receivable.paid >= receivable.amount else None
    receivable.save(update_fields=["paid", "settled_at"])


def _payment_facts(payment: Payment, receivable: Receivable) -> dict:
    return {
        "receivable": receivable.pk, "case_number": receivable.case_number, "amount": yuan(payment.amount),
        "receipt_number": payment.receipt_number, "paid_at": payment.paid_at.isoformat(), "source": payment.source,
        "paid": yuan(receivable.paid), "balance": yuan(receivable.balance),
    }


@retried_on_deadlock
def payment_record(*, actor, receivable: Receivable, amount: Decimal, receipt_number: str, paid_at: datetime,
                   source: str, now: datetime) -> Payment:
    """A payment of the receivable with its receipt number (source MANUAL, BILLING_API or CSV).
    Refused (RuleViolation, the receivable's clause) for an amount not positive or above the
    balance, a receivable already paid, a receipt number already recorded. The case's payment
    listeners are told in the same transaction."""
    if source not in fees.SOURCES:
        raise ValueError(f"unknown payment source {source!r}")
    amount = to_fen(amount)
    receipt_number = (receipt_number or "").strip()
    if timezone.is_naive(paid_at):
        paid_at = timezone.make_aware(paid_at)
    # A receipt number stands once across all receivables, and each payment locks only its own
    # receivable: two payments with one receipt number on two receivables queue on the number
    # (taken first, before the receivable, in one order for everyone).
    if receipt_number:
        throttle_lock(f"billing:receipt:{receipt_number}")
    receivable = _locked(receivable)
    refused = fees.payment_refusal(clause=receivable.clause, amount=amount, balance=receivable.balance,
                                   receipt_number=receipt_number,
                                   receipt_recorded=bool(receipt_number) and _receipt_recorded(receipt_number))
    if refused is not None:
        raise refused
    payment = Payment.objects.create(
        receivable=receivable, amount=amount, receipt_number=receipt_number, paid_at=paid_at, source=source,
        recorded_at=now, recorded_by=actor if getattr(actor, "pk", None) else None,
    )
    _settle(receivable, now=now)
    audit_record(actor=actor, action="billing.payment.recorded", target=payment,
                 after=_payment_facts(payment, receivable), clause=receivable.clause, now=now)
    notify_payment(receivable, now)
    return payment


@retried_on_deadlock
def payment_reverse(*, actor, payment: Payment, reason: str, now: datetime) -> Payment:
    """Corrects a wrong payment by a reversing entry of the opposite amount (the payment itself
    is never changed). Refused for a reversal, a payment already reversed, or no reason."""
    receivable = _locked(payment.receivable)
    payment = Payment.objects.get(pk=payment.pk)
    refused = fees.reversal_refusal(clause=receivable.clause, is_reversal=payment.reverses_id is not None,
                                    already_reversed=Payment.objects.filter(reverses=payment).exists(),
                                    reason=reason or "")
    if refused is not None:
        raise refused
    reversal = Payment.objects.create(
        receivable=receivable, amount=-payment.amount, receipt_number=payment.receipt_number,
        paid_at=payment.paid_at, source=fees.REVERSAL, reverses=payment, reason=reason.strip()[:200],
        recorded_at=now, recorded_by=actor if getattr(actor, "pk", None) else None,
    )
    _settle(receivable, now=now)
    audit_record(actor=actor, action="billing.payment.reversed", target=reversal,
                 after={**_payment_facts(reversal, receivable), "reverses": payment.pk, "reason": reversal.reason},
                 clause=receivable.clause, now=now)
    notify_payment(receivable, now)
    return reversal


EXPORT_SEQUENCE = "billing-export:{code}"


@retried_on_deadlock
def export_create(*, actor, enterprise: Unit, now: datetime) -> ExportBatch | None:
    """The enterprise's next numbered batch of the fee entries not yet exported (every
    receivable created until now, oldest first); None, and no number used, when there is none.
    The batch number's counter row is locked for the transaction, so two exports of the same
    enterprise run one after the other and the second sees the first's entries as exported; the
    database refuses an entry in two batches (ExportEntry.receivable is unique)."""
    year = timezone.localtime(now).year
    with transaction.atomic():
        number = next_number(key=EXPORT_SEQUENCE.format(code=enterprise.code), year=year)
        pending = list(Receivable.objects.filter(enterprise=enterprise, export_entry__isnull=True, created_at__lte=now)
                       .order_by("created_at", "id"))
        if not pending:
            transaction.set_rollback(True)
    if not pending:
        return None
    batch = ExportBatch.objects.create(
        enterprise=enterprise, year=year, sequence_no=number, entry_count=len(pending),
        total=sum((r.amount for r in pending), Decimal("0.00")), created_at=now,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    ExportEntry.objects.bulk_create([
        ExportEntry(batch=batch, line=line, receivable=r, account_number=r.account_number, fee_type=r.fee_type,
                    amount=r.amount, case_number=r.case_number, document_number=r.document_number)
        for line, r in enumerate(pending, start=1)
    ])
    clauses = sorted({r.clause for r in pending})
    audit_record(actor=actor, action="billing.export.created", target=batch,
                 after={"enterprise": enterprise.code, "number": batch.number, "entries": batch.entry_count,
                        "total": yuan(batch.total), "clauses": clauses},
                 clause="§2.6(4)" if "§2.6(4)" in clauses else clauses[0], now=now)
    return batch


def refusal_text(refusal: RuleViolation) -> str:
    return f"{refusal.clause}: {refusal.message}"
