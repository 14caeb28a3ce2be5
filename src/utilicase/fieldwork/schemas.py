"""Request and answer schemas of the field service API (see api.py)."""

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Literal

from django.utils import timezone
from ninja import Schema
from pydantic import Field, PlainSerializer

from utilicase.config.api_types import Moment, Text
from utilicase.fieldwork.models import ChecklistStage, Kind, Reached, Remedy, Status

LocalTime = Annotated[datetime, PlainSerializer(lambda v: timezone.localtime(v).isoformat(), return_type=str)]
KindCode = Literal[tuple(Kind.values)]
StatusCode = Literal[tuple(Status.values)]
ReachedCode = Literal[tuple(Reached.values)]
RemedyCode = Literal[tuple(Remedy.values)]
StageCode = Literal[tuple(ChecklistStage.values)]
LinkTypeCode = Literal["enforcement.enforcementcase", "inspections.inspectionorder"]


class FieldDamageOut(Schema):
    id: int
    description: str
    remedy: str
    remedy_note: str
    amount: Decimal | None
    recorded_at: LocalTime


class FieldDeadlineOut(Schema):
    kind: str
    clause: str
    due_at: LocalTime
    met_at: LocalTime | None = None


class FieldOrderSummary(Schema):
    id: int
    number: str
    kind: str
    status: str
    utility: str
    customer_account: str = Field(alias="customer.account_number")
    customer_name: str = Field(alias="customer.name")
    slot_start: LocalTime | None
    slot_end: LocalTime | None
    next_due_at: LocalTime | None


class FieldOrderOut(FieldOrderSummary):
    office: str = Field(alias="office.code")
    description: str
    link_type: str
    link_id: str
    link_number: str
    workers: list[str]
    created_at: LocalTime
    reached: str
    reached_name: str
    customer_contact: str
    address: str
    address_confirmed: bool
    preparation: str
    phone_script: list[str]
    checklists: dict[str, list[str]] = Field(description="the items to tick at each stage (§4.4(2), (4))")
    delay_reason: str
    delay_announced_at: LocalTime | None
    delay_notified_at: LocalTime | None
    departed_at: LocalTime | None
    arrived_at: LocalTime | None
    minutes_late: int
    apology: str
    work_started_at: LocalTime | None
    work_done: str
    borrowed_items: str
    borrowed_returned: bool
    safety_reminder: str
    confirmed_at: LocalTime | None
    confirmed_by_name: str
    completed_at: LocalTime | None
    cancelled_reason: str
    rating: int | None
    rating_comment: str
    rated_at: LocalTime | None
    rating_via: str
    meals_declared_at: LocalTime | None
    meals_happened: bool | None
    meals_amount: Decimal | None
    meals_paid_to: str
    damages: list[FieldDamageOut]
    deadlines: list[FieldDeadlineOut]

    @staticmethod
    def resolve_workers(obj) -> list[str]:
        return obj.workers_list

    @staticmethod
    def resolve_checklists(obj) -> dict[str, list[str]]:
        return obj.checklist_items

    @staticmethod
    def resolve_damages(obj) -> list:
        return obj.damages_rows


class FieldOrderIn(Schema):
    kind: KindCode
    customer_id: int
    description: Text
    workers: list[Text] = []
    link_type: LinkTypeCode | None = None
    link_id: Text = ""


class FieldWorkersIn(Schema):
    workers: list[Text]


class FieldReasonIn(Schema):
    reason: Text


class FieldAppointIn(Schema):
    reached: ReachedCode
    reached_name: Text = ""
    customer_contact: Text = ""
    slot_start: Moment
    slot_end: Moment
    address: Text
    address_confirmed: bool
    preparation: Text = ""


class FieldChecklistIn(Schema):
    checked: list[Text]


class FieldArriveIn(Schema):
    arrived_at: Moment | None = None
    apology: Text = ""


class FieldDamageIn(Schema):
    description: Text
    remedy: RemedyCode
    remedy_note: Text = ""
    amount: Decimal | None = None


class FieldFinishIn(Schema):
    work_done: Text
    borrowed_items: Text = ""
    borrowed_returned: bool = False
    safety_reminder: Text


class FieldConfirmIn(Schema):
    signer_name: Text
    signature: Text = Field(description="the customer's signature drawn on screen, a data:image/png;base64 URL")


class FieldMealsIn(Schema):
    happened: bool
    amount: Decimal | None = None
    paid_to: Text = ""


class FieldRatingIn(Schema):
    rating: int
    comment: Text = ""


class FieldRatingLinkOut(Schema):
    token: str = Field(description="shown once; the public page is /api/v1/fieldwork/ratings/{token}")
    expires_at: LocalTime


class FieldPublicRatingOut(Schema):
    number: str
    kind: str
    customer_name: str
    completed_at: LocalTime | None


class FieldPublicRatedOut(Schema):
    number: str
    rating: int


class FieldChecklistItemIn(Schema):
    stage: StageCode
    text: Text
    utility: Text = ""
    position: int = Field(0, ge=0, le=1000)
    active: bool = True


class FieldChecklistItemOut(Schema):
    id: int
    stage: str
    utility: str
    text: str
    position: int
    active: bool
