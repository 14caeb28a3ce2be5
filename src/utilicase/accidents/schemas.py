"""The accidents API's input and output objects (/api/v1/accidents)."""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.utils import timezone
from ninja import Schema
from pydantic import Field, PlainSerializer

from utilicase.accidents.domain import transitions as table
from utilicase.accidents.models import Status
from utilicase.config.api_types import Day, Moment, Text

LocalTime = Annotated[datetime, PlainSerializer(lambda v: timezone.localtime(v).isoformat(), return_type=str)]
Money = Annotated[Decimal, PlainSerializer(lambda v: f"{v:.2f}", return_type=str)]

StatusCode = Literal[tuple(Status.values)]
ItemCode = Literal[table.FOUR_ITEMS]


class AccidentCaseIn(Schema):
    customer_id: int = Field(ge=1, le=2**63 - 1)
    description: Text = Field(max_length=5000)
    reported_at: Moment
    reported_by_name: Text = Field("", max_length=100)
    accident_at: Moment | None = None
    supply_interrupted: bool = True
    inspectors: list[Text] = Field(default_factory=list, max_length=10)


class AccidentArriveIn(Schema):
    dispatched_at: Moment
    arrived_at: Moment
    identity_shown: bool
    witness_name: Text = Field("", max_length=100)


class AccidentEntryIn(Schema):
    at: Moment
    text: Text = Field(max_length=5000)
    operated_by: Text = Field("", max_length=100)
    inspector_operated_equipment: bool = False


class AccidentCauseIn(Schema):
    cause: Text = Field(max_length=5000)


class AccidentNoteIn(Schema):
    note: Text = Field(max_length=5000)


class AccidentOptionalNoteIn(Schema):
    note: Text = Field("", max_length=5000)


class AccidentRestoreIn(Schema):
    restored_at: Moment | None = None


class AccidentItemIn(Schema):
    item: ItemCode
    record: Text = Field(max_length=5000)


class AccidentReportIn(Schema):
    countermeasures: Text = Field("", max_length=5000)


class AccidentNoticeIn(Schema):
    rectification_date: Day


class AccidentCompensationIn(Schema):
    outage_minutes: float | int
    interrupted_rate_per_hour: float | int
    month: Text = Field(max_length=7)


class AccidentChargeIn(Schema):
    due_date: Day


class AccidentDamageIn(Schema):
    description: Text = Field(max_length=5000)
    assessment: Text = Field(max_length=5000)
    assessed_amount: Decimal = Field(ge=0, max_digits=14, decimal_places=2)
    claim: Text = Field("", max_length=5000)


class AccidentClaimIn(Schema):
    claim: Text = Field(max_length=5000)
    settled: bool = False


class AccidentEntryOut(Schema):
    id: int
    at: LocalTime
    text: str
    operated_by: str
    recorded_by: str = Field(alias="recorded_by.username")


class AccidentItemOut(Schema):
    item: str
    record: str
    done_at: LocalTime | None


class AccidentDamageOut(Schema):
    id: int
    description: str
    assessment: str
    assessed_amount: Money
    claim: str
    status: str


class AccidentDeadlineOut(Schema):
    kind: str
    clause: str
    due_at: LocalTime
    met_at: LocalTime | None = None
    overdue: bool

    @staticmethod
    def resolve_overdue(obj) -> bool:
        return bool(getattr(obj, "is_overdue", False))


class AccidentActionOut(Schema):
    name: str
    clause: str
    allowed: bool
    refused_clause: str | None
    refused_detail: str | None


class AccidentCaseSummary(Schema):
    id: int
    number: str
    status: str
    utility: str
    customer_account: str = Field(alias="customer.account_number")
    customer_name: str = Field(alias="customer.name")
    reported_at: LocalTime
    next_due_at: LocalTime | None
    is_overdue: bool = False


class AccidentCaseOut(AccidentCaseSummary):
    office: str = Field(alias="office.code")
    description: str
    accident_at: LocalTime | None
    reported_by_name: str
    dispatched_at: LocalTime | None
    arrived_at: LocalTime | None
    identity_shown: bool
    witness_name: str
    supply_interrupted: bool
    cause: str
    investigation_ended_at: LocalTime | None
    cause_removed_at: LocalTime | None
    restored_at: LocalTime | None
    report_filed_at: LocalTime | None
    report_number: str
    countermeasures: str
    compensation: Money
    compensation_result: dict[str, Any]
    compensation_charged_at: LocalTime | None
    notice_number: str
    rectification_date: date | None
    reinspected_at: LocalTime | None
    refused_at: LocalTime | None
    referred_at: LocalTime | None
    closed_at: LocalTime | None
    entries: list[AccidentEntryOut] = Field(alias="entry_rows")
    items: list[AccidentItemOut] = Field(alias="item_rows")
    damages: list[AccidentDamageOut] = Field(alias="damage_rows")
    deadlines: list[AccidentDeadlineOut] = Field(alias="deadline_rows")
    actions: list[AccidentActionOut]


