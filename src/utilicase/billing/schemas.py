"""Request and answer schemas of the billing API (see api.py). Money is a string of yuan with
two decimals ("1944.00") in answers; requests give it as a JSON number or string."""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from django.utils import timezone
from ninja import Field, Schema
from pydantic import PlainSerializer

from utilicase.billing.domain.money import yuan
from utilicase.config.api_types import Moment, Text

Yuan = Annotated[Decimal, PlainSerializer(yuan, return_type=str)]
AmountIn = Annotated[Decimal, Field(gt=0, max_digits=14, decimal_places=2)]
LocalTime = Annotated[datetime, PlainSerializer(lambda v: timezone.localtime(v).isoformat(), return_type=str)]
TargetType = Annotated[Text, Field(min_length=3, max_length=100)]
TargetId = Annotated[Text, Field(min_length=1, max_length=64)]


class PaymentIn(Schema):
    receivable: Annotated[int, Field(ge=1, le=2**63 - 1)]
    amount: AmountIn
    receipt_number: Annotated[Text, Field(min_length=1, max_length=60)]
    paid_at: Moment = Field(description="when the customer paid; a time without zone is Beijing time")
    source: Literal["BILLING_API", "MANUAL"] = "BILLING_API"


class ReversalIn(Schema):
    reason: Annotated[Text, Field(min_length=1, max_length=200)]


class ExportIn(Schema):
    enterprise: Annotated[Text, Field(min_length=1, max_length=40, description="the enterprise's unit code")]


class PaymentOut(Schema):
    id: int
    receivable_id: int
    amount: Yuan
    receipt_number: str
    paid_at: LocalTime
    source: str
    reverses_id: int | None
    reason: str
    recorded_at: LocalTime


class ReceivableOut(Schema):
    id: int
    target_type: str
    target_id: str
    case_number: str
    document_number: str
    account_number: str
    customer_name: str
    fee_type: str
    amount: Yuan
    paid: Yuan
    balance: Yuan
    due_date: date
    clause: str
    settled_at: LocalTime | None
    exported_in: str | None = Field(None, description="the export batch's number, once exported")

    @staticmethod
    def resolve_exported_in(obj) -> str | None:
        entry = getattr(obj, "export_entry", None)
        return entry.batch.number if entry is not None else None


class ReceivableDetailOut(ReceivableOut):
    breakdown: list[dict]
    payments: list[PaymentOut]

    @staticmethod
    def resolve_payments(obj) -> list:
        return list(obj.payments.order_by("recorded_at", "id"))


class CaseBalanceOut(Schema):
    target_type: str
    target_id: str
    balance: Yuan
    fully_paid: bool
    receivables: list[ReceivableOut]


class EntryOut(Schema):
    line: int
    entry: int
    account_number: str
    fee_type: str
    amount: str
    case_number: str
    document_number: str
    due_date: str


class BatchSummaryOut(Schema):
    id: int
    number: str
    enterprise: str
    year: int
    created_at: LocalTime
    entry_count: int
    total: Yuan

    @staticmethod
    def resolve_enterprise(obj) -> str:
        return obj.enterprise.code


class BatchOut(Schema):
    id: int
    number: str
    enterprise: str
    year: int
    created_at: str
    entry_count: int
    total: str
    entries: list[EntryOut]
