"""Request and answer schemas of the enforcement API (see api.py)."""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.utils import timezone
from ninja import Schema
from pydantic import Field, PlainSerializer

from utilicase.config.api_types import Day, Moment, Text
from utilicase.enforcement.models import (
    CustomerResponse,
    Kind,
    Recipient,
    ReferralReason,
    Scope,
    Status,
    Supply,
)

LocalTime = Annotated[datetime, PlainSerializer(lambda v: timezone.localtime(v).isoformat(), return_type=str)]
Money = Annotated[Decimal, PlainSerializer(lambda v: f"{v:.2f}", return_type=str)]

KindCode = Literal[tuple(Kind.values)]
StatusCode = Literal[tuple(Status.values)]
SupplyCode = Literal[tuple(Supply.values)]
ScopeCode = Literal[tuple(Scope.values)]
ResponseCode = Literal[tuple(CustomerResponse.values)]
ReasonCode = Literal[tuple(ReferralReason.values)]
RecipientCode = Literal[tuple(Recipient.values)]


# -- requests -------------------------------------------------------------------------------------------

class EnforcementCaseIn(Schema):
    kind: KindCode
    customer_id: int = Field(ge=1, le=2**63 - 1)
    facts: Text = Field(max_length=5000)
    discovered_at: Moment
    inspectors: list[Text] = Field(default_factory=list, max_length=10)
    act_stopped_at: Moment | None = None
    act_stopped_how: Text = Field("", max_length=5000)


class EnforcementActStoppedIn(Schema):
    stopped_at: Moment
    how: Text = Field(max_length=5000)


class EnforcementInspectorsIn(Schema):
    inspectors: list[Text] = Field(min_length=1, max_length=10)


class EnforcementFeesIn(Schema):
    """The calculator's input object (POST /api/v1/calculations, the same contract)."""

    data: dict[str, Any]


class EnforcementChargeIn(Schema):
    due_date: Day


class EnforcementNoteIn(Schema):
    note: Text = Field(max_length=5000)


class EnforcementOptionalNoteIn(Schema):
    note: Text = Field("", max_length=5000)


class EnforcementReasonIn(Schema):
    reason: Text = Field(max_length=5000)


class EnforcementApplicationIn(Schema):
    reason: Text = Field(max_length=5000)
    scope: ScopeCode = "FULL"


class EnforcementCommentIn(Schema):
    comment: Text = Field("", max_length=5000)


class EnforcementSuspendIn(Schema):
    """§1.3: `legal_basis` is a code of GET /enforcement/legal-basis."""

    scope: ScopeCode = "FULL"
    legal_basis: Text = Field(max_length=60)
    customer_response: ResponseCode
    response_note: Text = Field("", max_length=5000)
    police_called_at: Moment | None = None
    superior_reported_at: Moment | None = None
    superior_name: Text = Field("", max_length=100)
    suspended_at: Moment | None = None


class EnforcementReportIn(Schema):
    text: Text = Field(max_length=5000)


class EnforcementReferralIn(Schema):
    reason: ReasonCode
    recipient: RecipientCode
    referred_on: Day
    documents: Text = Field(max_length=5000)


class EnforcementOutcomeIn(Schema):
    outcome: Text = Field(max_length=5000)


# -- answers ---------------------------------------------------------------------------------------------

class EnforcementActionOut(Schema):
    name: str
    clause: str
    allowed: bool
    permitted: bool
    refused_clause: str | None = None
    refused_detail: str | None = None


class EnforcementCustomerRef(Schema):
    id: int
    account_number: str
    name: str
    address: str


class EnforcementDeadlineOut(Schema):
    kind: str
    clause: str
    due_at: LocalTime
    provisional: bool
    met_at: LocalTime | None = None
    overdue: bool

    @staticmethod
    def resolve_overdue(obj) -> bool:
        return bool(getattr(obj, "is_overdue", False))


class EnforcementFeeLineOut(Schema):
    text: str
    amount_yuan: str | None = None
    rule: str = ""


class EnforcementReceivableOut(Schema):
    id: int
    fee_type: str
    amount: Money
    paid: Money
    due_date: date


class EnforcementApplicationOut(Schema):
    id: int
    case_id: int
    case_number: str
    status: str
    scope: str
    reason: str
    applied_by: str
    applied_at: LocalTime
    reviewed_by: str | None = None
    reviewed_at: LocalTime | None = None
    review_comment: str
    approved_by: str | None = None
    approved_at: LocalTime | None = None
    approval_comment: str
    rejected_by: str | None = None
    rejected_at: LocalTime | None = None
    rejection_reason: str

    @staticmethod
    def resolve_case_number(obj) -> str:
        return obj.case.number

    @staticmethod
    def resolve_applied_by(obj) -> str:
        return obj.applied_by.username

    @staticmethod
    def resolve_reviewed_by(obj) -> str | None:
        return obj.reviewed_by.username if obj.reviewed_by_id else None

    @staticmethod
    def resolve_approved_by(obj) -> str | None:
        return obj.approved_by.username if obj.approved_by_id else None

    @staticmethod
    def resolve_rejected_by(obj) -> str | None:
        return obj.rejected_by.username if obj.rejected_by_id else None


class EnforcementSuspensionOut(Schema):
    id: int
    path: str
    scope: str
    application_id: int | None = None
    notice_number: str
    suspended_at: LocalTime
    suspended_by: str
    legal_basis: str
    legal_basis_label: str
    customer_response: str
    response_note: str
    police_called_at: LocalTime | None = None
    superior_reported_at: LocalTime | None = None
    superior_name: str
    report_due_at: LocalTime | None = None
    reported_at: LocalTime | None = None
    report_text: str
    restored_at: LocalTime | None = None

    @staticmethod
    def resolve_suspended_by(obj) -> str:
        return obj.suspended_by.username


class EnforcementReferralOut(Schema):
    id: int
    reason: str
    recipient: str
    clause: str
    referred_on: date
    documents: str
    outcome: str
    outcome_at: LocalTime | None = None


class EnforcementCaseSummary(Schema):
    id: int
    number: str
    kind: str
    source: str
    status: str
    supply: str
    utility: str
    customer: EnforcementCustomerRef
    office: str
    customer_class: str
    discovered_at: LocalTime
    total: Money
    due_date: date | None = None
    next_due_at: LocalTime | None = None
    overdue: bool

    @staticmethod
    def resolve_office(obj) -> str:
        return obj.office.code

    @staticmethod
    def resolve_overdue(obj) -> bool:
        return bool(getattr(obj, "is_overdue", False))


class EnforcementOverdueReportRow(Schema):
    suspension_id: int
    case_id: int
    case_number: str
    customer: str
    suspended_by: str
    suspended_at: LocalTime
    report_due_at: LocalTime

    @staticmethod
    def resolve_suspension_id(obj) -> int:
        return obj.pk

    @staticmethod
    def resolve_case_number(obj) -> str:
        return obj.case.number

    @staticmethod
    def resolve_customer(obj) -> str:
        return obj.case.customer.name

    @staticmethod
    def resolve_suspended_by(obj) -> str:
        return obj.suspended_by.username


class EnforcementCaseOut(EnforcementCaseSummary):
    facts: str
    voltage_level: str
    inspection_order: str | None = None
    finding: int | None = None
    inspectors: list[str]
    act_stopped_at: LocalTime | None = None
    act_stopped_how: str
    notice_served_at: LocalTime | None = None
    rule_set: str
    back_billing: Money
    violation_fee: Money
    fee_input: dict[str, Any]
    fee_lines: list[EnforcementFeeLineOut]
    fees_calculated_at: LocalTime | None = None
    charged_at: LocalTime | None = None
    balance: Money | None = None
    receivables: list[EnforcementReceivableOut]
    paid_at: LocalTime | None = None
    correction_accepted_at: LocalTime | None = None
    correction_note: str
    liability_borne_at: LocalTime | None = None
    liability_note: str
    restored_at: LocalTime | None = None
    closed_at: LocalTime | None = None
    closing_note: str
    applications: list[EnforcementApplicationOut]
    suspensions: list[EnforcementSuspensionOut]
    referrals: list[EnforcementReferralOut]
    deadlines: list[EnforcementDeadlineOut]
    actions: list[EnforcementActionOut]

    @staticmethod
    def resolve_inspection_order(obj) -> str | None:
        return obj.inspection_order.number if obj.inspection_order_id else None

    @staticmethod
    def resolve_finding(obj) -> int | None:
        return obj.finding.number if obj.finding_id else None

    @staticmethod
    def resolve_inspectors(obj) -> list[str]:
        return [u.username for u in obj.inspectors.order_by("username")]

    @staticmethod
    def resolve_applications(obj) -> list:
        return obj.application_rows

    @staticmethod
    def resolve_suspensions(obj) -> list:
        return obj.suspension_rows

    @staticmethod
    def resolve_referrals(obj) -> list:
        return obj.referral_rows


class EnforcementLegalBasisOut(Schema):
    code: str
    label: str
