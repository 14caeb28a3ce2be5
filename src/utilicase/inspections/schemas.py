"""Request and answer schemas of the inspections API (see api.py).

A special order started by a tip-off says so (`trigger: "TIP_OFF"`, `tip_off_linked`), and
nothing more: the source (a whistleblower report or a complaint) is never in these answers."""

from datetime import date, datetime
from typing import Annotated, Literal

from django.utils import timezone
from ninja import Schema
from pydantic import Field, PlainSerializer

from utilicase.config.api_types import Day, Moment, Text
from utilicase.inspections.models import (
    AppointmentMethod,
    FindingType,
    Kind,
    Recipient,
    ReinspectionResult,
    Status,
    SuspicionSource,
    Trigger,
)
from utilicase.inspections.selectors import TIP_OFF_SOURCES
from utilicase.org.models import Utility

# Every time in an answer is given in Asia/Shanghai, as staff read it.
LocalTime = Annotated[datetime, PlainSerializer(lambda v: timezone.localtime(v).isoformat(), return_type=str)]

KindCode = Literal[tuple(Kind.values)]
StatusCode = Literal[tuple(Status.values)]
TriggerCode = Literal[tuple(Trigger.values)]
SuspicionSourceCode = Literal[tuple(SuspicionSource.values)]
AppointmentMethodCode = Literal[tuple(AppointmentMethod.values)]
FindingTypeCode = Literal[tuple(FindingType.values)]
ResultCode = Literal[tuple(ReinspectionResult.values)]
RecipientCode = Literal[tuple(Recipient.values)]
UtilityCode = Literal[tuple(Utility.values)]
SourceTypeCode = Literal[TIP_OFF_SOURCES]
Username = Text
Usernames = list[Username]


class InspectionDeadlineOut(Schema):
    kind: str
    clause: str
    due_at: LocalTime
    due_date: date | None = None
    provisional: bool
    met_at: LocalTime | None = None
    overdue: bool

    @staticmethod
    def resolve_overdue(obj) -> bool:
        return bool(getattr(obj, "is_overdue", False))


class InspectionActionOut(Schema):
    name: str
    clause: str
    allowed: bool  # the regulation allows it now
    permitted: bool  # the caller may take it
    refused_clause: str | None = None
    refused_detail: str | None = None


class InspectionCustomerRef(Schema):
    id: int
    account_number: str
    name: str
    address: str


class InspectionAssignmentOut(Schema):
    inspector: str
    name: str
    present: bool
    certificate: str | None = None  # the certificate shown at arrival (§2.4(4))

    @staticmethod
    def resolve_inspector(obj) -> str:
        return obj.inspector.username

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.inspector.display_name

    @staticmethod
    def resolve_certificate(obj) -> str | None:
        return obj.certificate.number if obj.certificate_id else None


class InspectionOperationOut(Schema):
    id: int
    equipment: str
    operation: str
    consent_by: str
    operator_name: str
    recorded_by: str
    recorded_at: LocalTime

    @staticmethod
    def resolve_recorded_by(obj) -> str:
        return obj.recorded_by.username


class InspectionReinspectionOut(Schema):
    result: str
    note: str
    inspected_on: date
    recorded_by: str

    @staticmethod
    def resolve_recorded_by(obj) -> str:
        return obj.recorded_by.username


class InspectionReferralOut(Schema):
    id: int
    recipient: str
    referred_on: date
    documents: str
    outcome: str
    outcome_at: LocalTime | None = None


class InspectionRectificationOut(Schema):
    id: int
    finding: int
    requirement: str
    due_date: date
    due_at: LocalTime
    status: str
    overdue: bool
    accepted_at: LocalTime | None = None
    refused_at: LocalTime | None = None
    reinspections: list[InspectionReinspectionOut]
    referrals: list[InspectionReferralOut]

    @staticmethod
    def resolve_finding(obj) -> int:
        return obj.finding.number

    @staticmethod
    def resolve_overdue(obj) -> bool:
        return bool(getattr(obj, "is_overdue", False))

    @staticmethod
    def resolve_reinspections(obj) -> list:
        return list(obj.reinspections.all())

    @staticmethod
    def resolve_referrals(obj) -> list:
        return list(obj.referrals.all())


class InspectionFindingOut(Schema):
    number: int
    finding_type: str
    description: str
    evidence_numbers: list[int]
    rectification_required: bool
    recorded_by: str
    recorded_at: LocalTime

    @staticmethod
    def resolve_recorded_by(obj) -> str:
        return obj.recorded_by.username


class OrderSummary(Schema):
    id: int
    number: str
    kind: str
    status: str
    utility: str
    customer: InspectionCustomerRef
    office: str
    planned_date: date
    next_due_at: LocalTime | None = None
    overdue: bool

    @staticmethod
    def resolve_office(obj) -> str:
        return obj.office.code

    @staticmethod
    def resolve_overdue(obj) -> bool:
        return bool(getattr(obj, "is_overdue", False))


class OrderOut(OrderSummary):
    purpose: str
    items: str
    organiser: str
    organiser_unit: str
    approval_unit: str
    approver_role: str
    support_police: bool
    support_technical: bool
    support_note: str
    trigger: str
    suspicion_source: str
    trigger_note: str
    tip_off_linked: bool  # a tip-off's source is linked (which one is not shown here)
    submitted_at: LocalTime | None = None
    approved_by: str | None = None
    approved_at: LocalTime | None = None
    appointment_at: LocalTime | None = None
    appointment_contact: str
    appointment_method: str
    appointed_at: LocalTime | None = None
    prepared_at: LocalTime | None = None
    arrived_at: LocalTime | None = None
    certificates_shown_at: LocalTime | None = None
    inspection_started_at: LocalTime | None = None
    left_site_at: LocalTime | None = None
    archived_at: LocalTime | None = None
    closed_at: LocalTime | None = None
    enforcement_required: bool
    inspectors: list[InspectionAssignmentOut]
    operations: list[InspectionOperationOut]
    findings: list[InspectionFindingOut]
    rectifications: list[InspectionRectificationOut]
    deadlines: list[InspectionDeadlineOut]
    actions: list[InspectionActionOut]

    @staticmethod
    def resolve_organiser(obj) -> str:
        return obj.organiser.username

    @staticmethod
    def resolve_organiser_unit(obj) -> str:
        return obj.organiser_unit.code

    @staticmethod
    def resolve_approval_unit(obj) -> str:
        return obj.approval_unit.code

    @staticmethod
    def resolve_tip_off_linked(obj) -> bool:
        return bool(obj.source_id)

    @staticmethod
    def resolve_approved_by(obj) -> str | None:
        return obj.approved_by.username if obj.approved_by_id else None

    @staticmethod
    def resolve_enforcement_required(obj) -> bool:
        return obj.enforcement_required_at is not None

    @staticmethod
    def resolve_inspectors(obj) -> list:
        return obj.assignment_rows

    @staticmethod
    def resolve_operations(obj) -> list:
        return obj.operation_rows

    @staticmethod
    def resolve_findings(obj) -> list:
        return obj.finding_rows

    @staticmethod
    def resolve_rectifications(obj) -> list:
        return obj.rectification_rows


class OrderIn(Schema):
    kind: KindCode
    customer_id: int = Field(ge=1, le=2**63 - 1)
    purpose: Text
    items: Text = ""
    planned_date: Day
    inspectors: Usernames
    support_police: bool = False
    support_technical: bool = False
    support_note: Text = ""
    trigger: TriggerCode | None = None  # special orders only (§2.6(1))
    suspicion_source: SuspicionSourceCode | None = None
    trigger_note: Text = ""


class OrderChangeIn(Schema):
    purpose: Text
    items: Text = ""
    planned_date: Day
    support_police: bool = False
    support_technical: bool = False
    support_note: Text = ""
    trigger_note: Text = ""


class OrderInspectorsIn(Schema):
    inspectors: Usernames


class OrderReturnIn(Schema):
    reason: Text


class OrderAppointIn(Schema):
    appointment_at: Moment
    contact: Text
    method: AppointmentMethodCode


class OrderArriveIn(Schema):
    present: Usernames  # the assigned inspectors on site
    certificates_shown: bool


class OrderTipOffIn(Schema):
    source_type: SourceTypeCode
    source_number: Text


class TipOffLinked(Schema):
    number: str
    trigger: str
    tip_off_linked: bool


class OrderOperationIn(Schema):
    equipment: Text
    operation: Text
    consent: bool
    consent_by: Text = ""
    operator_name: Text


class OrderFindingIn(Schema):
    finding_type: FindingTypeCode
    description: Text
    evidence_numbers: list[int] = Field(default_factory=list, max_length=200)
    rectification_required: bool = False
    requirement: Text = ""
    due_date: Day | None = None


class RectificationReinspectIn(Schema):
    result: ResultCode
    note: Text = ""
    inspected_on: Day | None = None


class RectificationRefuseIn(Schema):
    recipient: RecipientCode
    referred_on: Day
    documents: Text


class ReferralOutcomeIn(Schema):
    outcome: Text


class PlanIn(Schema):
    office: Text  # unit code of a business office
    utility: UtilityCode
    month: Text  # YYYY-MM


class PlanEntryIn(Schema):
    customer_id: int = Field(ge=1, le=2**63 - 1)
    planned_date: Day
    inspectors: Usernames


class PlanEntryOut(Schema):
    id: int
    customer: InspectionCustomerRef
    planned_date: date
    inspectors: list[str]
    order: str | None = None

    @staticmethod
    def resolve_inspectors(obj) -> list[str]:
        return sorted(u.username for u in obj.inspectors.all())

    @staticmethod
    def resolve_order(obj) -> str | None:
        return obj.order.number if obj.order_id else None


class PlanOut(Schema):
    id: int
    office: str
    utility: str
    month: str
    entries: list[PlanEntryOut]

    @staticmethod
    def resolve_office(obj) -> str:
        return obj.office.code

    @staticmethod
    def resolve_month(obj) -> str:
        return f"{obj.month_date:%Y-%m}"

    @staticmethod
    def resolve_entries(obj) -> list:
        return list(getattr(obj, "entry_rows", []))


class PlanGeneratedOut(Schema):
    orders: list[str]


class PlanCompletionOut(Schema):
    plan_id: int
    office: str
    utility: str
    month: str
    planned: int
    done: int
    overdue: int
    rate: float | None = None


class OverdueRectificationRow(Schema):
    id: int
    order_id: int
    order: str
    customer: str
    finding: int
    requirement: str
    due_date: date
    due_at: LocalTime

    @staticmethod
    def resolve_order(obj) -> str:
        return obj.order.number

    @staticmethod
    def resolve_customer(obj) -> str:
        return obj.order.customer.name

    @staticmethod
    def resolve_finding(obj) -> int:
        return obj.finding.number
