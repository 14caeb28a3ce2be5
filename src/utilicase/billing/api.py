"""Billing API under /api/v1/billing.

Answers: 201/200; 422 naming the field for bad input (nothing stored); 403 for a caller whose
role does not record payments or export; 409 `{"clause", "detail"}` for what the regulation
refuses (an amount above the balance, a receipt already recorded, a payment reversed twice…);
404 for a receivable, payment, case or batch missing or out of the caller's sight (not told apart).

- `GET /receivables` the receivables the caller has in scope, by due date (`overdue=true`:
  unpaid past the due date, §1.1; `unpaid=true`); `GET /cases?target_type=&target_id=` one
  case's receivables and balance; `GET /receivables/{id}` with breakdown and payments.
- `POST /payments` a payment from the billing system (source BILLING_API) or by hand (MANUAL)
  with its receipt number; `POST /payments/{id}/reversal` corrects one by a reversing entry.
- `POST /exports` the enterprise's next numbered batch of the fee entries not yet exported
  (201; 204 and no batch when there is none); `GET /exports`, `GET /exports/{id}` (JSON),
  `GET /exports/{id}/csv`."""

from datetime import datetime

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Router
from ninja.errors import HttpError, ValidationError
from ninja.pagination import paginate
from ninja.responses import Status as Answer

from utilicase.billing import permissions, selectors, services
from utilicase.billing.exports import batch_csv, batch_file_name, batch_json
from utilicase.billing.models import ExportBatch, Payment, Receivable
from utilicase.billing.schemas import (
    BatchOut,
    BatchSummaryOut,
    CaseBalanceOut,
    ExportIn,
    PaymentIn,
    PaymentOut,
    ReceivableDetailOut,
    ReceivableOut,
    ReversalIn,
    TargetId,
    TargetType,
)
from utilicase.config.api_types import CappedPages, DbId

router = Router(tags=["billing"])


def _viewer(request: HttpRequest) -> None:
    if not permissions.can_view_receivables(request.auth):
        raise HttpError(403, "only members of staff with a role see receivables")


def _cashier(request: HttpRequest) -> None:
    if not permissions.can_record_payment(request.auth):
        raise HttpError(403, "this role does not record payments")


def _exporter(request: HttpRequest) -> None:
    if not permissions.can_export(request.auth):
        raise HttpError(403, "this role does not export fee entries")


def _receivable(request: HttpRequest, id: int) -> Receivable:
    try:
        return selectors.receivable_get(user=request.auth, id=id)[0]
    except Receivable.DoesNotExist:
        raise Http404("receivable not found") from None


def _aware(moment: datetime, *, field: str) -> datetime:
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    if moment > timezone.now():
        raise ValidationError([{"type": "value_error", "loc": ["body", field], "msg": "is in the future"}])
    return moment


@router.get("/receivables", response=list[ReceivableOut], summary="Receivables in the caller's scope")
@paginate(CappedPages, page_size=50)
def receivable_list(request: HttpRequest, overdue: bool = False, unpaid: bool = False):
    _viewer(request)
    if overdue:
        receivables = selectors.overdue_receivables(request.auth, timezone.now())
    else:
        receivables = selectors.receivable_list(user=request.auth, unpaid_only=unpaid)
    return receivables.select_related("export_entry__batch")


@router.get("/cases", response=CaseBalanceOut, summary="A case's receivables and balance")
def case_receivables(request: HttpRequest, target_type: TargetType, target_id: TargetId):
    _viewer(request)
    found = selectors.case_receivables(user=request.auth, target_type=target_type, target_id=target_id)
    if found is None:
        raise Http404("case not found")
    return {"target_type": found.info.target_type, "target_id": found.info.target_id, "balance": found.balance,
            "fully_paid": all(r.balance <= 0 for r in found.receivables), "receivables": found.receivables}


@router.get("/receivables/{receivable_id}", response=ReceivableDetailOut, summary="One receivable with its payments")
def receivable_get(request: HttpRequest, receivable_id: DbId):
    _viewer(request)
    return _receivable(request, receivable_id)


@router.post("/payments", response={201: PaymentOut}, summary="Record a payment")
def payment_create(request: HttpRequest, payload: PaymentIn):
    """A payment with its receipt number, from the billing system (BILLING_API, the default) or
    entered by hand (MANUAL). 409 with the clause when the amount is above what is still owed,
    the receivable is paid, or the receipt number is already recorded."""
    _cashier(request)
    receivable = _receivable(request, payload.receivable)
    payment = services.payment_record(actor=request.auth, receivable=receivable, amount=payload.amount,
                                      receipt_number=payload.receipt_number,
                                      paid_at=_aware(payload.paid_at, field="paid_at"), source=payload.source,
                                      now=timezone.now())
    return Answer(201, payment)


@router.post("/payments/{payment_id}/reversal", response={201: PaymentOut}, summary="Reverse a wrong payment")
def payment_reverse(request: HttpRequest, payment_id: DbId, payload: ReversalIn):
    """A payment is never changed: a wrong one is corrected by a reversing entry (the opposite
    amount), once, with the reason. 409 for a reversal or a payment already reversed."""
    _cashier(request)
    try:
        payment = selectors.payment_get(user=request.auth, id=payment_id)
    except Payment.DoesNotExist:
        raise Http404("payment not found") from None
    reversal = services.payment_reverse(actor=request.auth, payment=payment, reason=payload.reason,
                                        now=timezone.now())
    return Answer(201, reversal)


@router.get("/exports", response=list[BatchSummaryOut], summary="Export batches, newest first")
@paginate(CappedPages, page_size=50)
def export_list(request: HttpRequest):
    _exporter(request)
    return selectors.export_batches(user=request.auth)


@router.post("/exports", response={201: BatchOut, 204: None}, summary="Export the fee entries not yet exported")
def export_create(request: HttpRequest, payload: ExportIn):
    """The enterprise's next numbered batch (201 with its entries); 204 when every entry is in a
    batch already (no number is used). An entry is never in two batches, even when two exports
    run at once."""
    _exporter(request)
    enterprise = selectors.export_enterprises(user=request.auth).filter(code=payload.enterprise).first()
    if enterprise is None:
        raise Http404("enterprise not found")
    batch = services.export_create(actor=request.auth, enterprise=enterprise, now=timezone.now())
    if batch is None:
        return Answer(204, None)
    return Answer(201, batch_json(batch))


def _batch(request: HttpRequest, batch_id: int) -> ExportBatch:
    _exporter(request)
    try:
        return selectors.export_batch_get(user=request.auth, id=batch_id)
    except ExportBatch.DoesNotExist:
        raise Http404("export batch not found") from None


@router.get("/exports/{batch_id}", response=BatchOut, summary="One export batch with its entries")
def export_get(request: HttpRequest, batch_id: DbId):
    return batch_json(_batch(request, batch_id))


@router.get("/exports/{batch_id}/csv", response={200: None}, summary="One export batch as CSV",
            openapi_extra={"responses": {200: {"description": "the CSV (UTF-8 with BOM)",
                                               "content": {"text/csv": {"schema": {"type": "string"}}}}}})
def export_csv(request: HttpRequest, batch_id: DbId):
    batch = _batch(request, batch_id)
    response = HttpResponse(batch_csv(batch), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{batch_file_name(batch, "csv")}"'
    return response
