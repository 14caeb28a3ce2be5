"""Request and answer schemas of the complaints API (see api.py)."""

from datetime import date, datetime
from typing import Annotated, Literal

from django.utils import timezone
from ninja import Schema
from pydantic import Field, PlainSerializer

from utilicase.complaints.models import (
    Channel,
    Impact,
    LinkType,
    RecordConfirmation,
    ReplyMethod,
    Satisfaction,
    Status,
    VisitMethod,
)
from utilicase.config.api_types import DbId, Moment, Text

ChannelCode = Literal[tuple(Channel.values)]
StatusCode = Literal[tuple(Status.values)]
ImpactCode = Literal[tuple(Impact.values)]
ReplyMethodCode = Literal[tuple(ReplyMethod.values)]
ConfirmationCode = Literal[tuple(RecordConfirmation.values)]
LinkTypeCode = Literal[tuple(LinkType.values)]
SatisfactionCode = Literal[tuple(Satisfaction.values)]
VisitMethodCode = Literal[tuple(VisitMethod.values)]

# Every time in an answer is given in Asia/Shanghai, as staff read it.
LocalTime = Annotated[datetime, PlainSerializer(lambda v: timezone.localtime(v).isoformat(), return_type=str)]


class DeadlineOut(Schema):
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


class CustomerRef(Schema):
    id: int
    account_number: str
    name: str
    enterprise: str

    @staticmethod
    def resolve_enterprise(obj) -> str:
        return obj.enterprise.code


class ReplyOut(Schema):
    method: str
    content: str
    replied_by: str
    replied_at: LocalTime

    @staticmethod
    def resolve_replied_by(obj) -> str:
        return obj.replied_by.username


class ReturnVisitOut(Schema):
    number: int
    method: str
    reached: bool
    satisfaction: str
    comment: str
    visited_by: str
    visited_at: LocalTime
    redo_due_at: LocalTime | None = None
    answer: str
    answered_by: str | None = None
    answered_at: LocalTime | None = None

    @staticmethod
    def resolve_visited_by(obj) -> str:
        return obj.visited_by.username

    @staticmethod
    def resolve_redo_due_at(obj):
        return obj.redo_deadline.due_at if obj.redo_deadline_id else None

    @staticmethod
    def resolve_answered_by(obj) -> str | None:
        return obj.answered_by.username if obj.answered_by_id else None


class LinkOut(Schema):
    target_type: str
    target_id: str
    label: str
    linked_at: LocalTime


class ActionOut(Schema):
    name: str
    clause: str
    allowed: bool  # the regulation allows it now
    permitted: bool  # the caller may take it
    refused_clause: str | None = None
    refused_detail: str | None = None


class ComplaintCreated(Schema):
    id: int
    number: str
    status: str
    deadlines: list[DeadlineOut]


class ComplaintSummary(Schema):
    id: int
    number: str
    status: str
    channel: str
    hall: str
    routed_to_unit: str | None = None
    reception_started_at: LocalTime
    next_due_at: LocalTime | None = None
    overdue: bool
    escalated: bool

    @staticmethod
    def resolve_hall(obj) -> str:
        return obj.hall.code

    @staticmethod
    def resolve_routed_to_unit(obj) -> str | None:
        return obj.routed_to_unit.code if obj.routed_to_unit_id else None

    @staticmethod
    def resolve_overdue(obj) -> bool:
        return bool(getattr(obj, "is_overdue", False))


class ComplaintOut(ComplaintSummary):
    customer: CustomerRef | None = None
    contact_name: str
    contact_phone: str
    content: str
    reception_ended_at: LocalTime
    first_contact_owner: str
    current_owner: str | None = None
    current_owner_unit: str
    form_completed_at: LocalTime | None = None
    form_late: bool | None = None
    record_confirmed_at: LocalTime | None = None
    record_confirmation: str
    record_signature_sha256: str
    record_contact: str
    record_answer: str
    vip_room_at: LocalTime | None = None
    vip_room_by: str | None = None
    hall_head_told_at: LocalTime | None = None
    hall_head_told_by: str | None = None
    category: str | None = None
    impact: str
    is_valid: bool | None = None
    validity_reason: str
    company_at_fault: bool | None = None
    apology_text: str
    handler: str | None = None
    routed_at: LocalTime | None = None
    escalated_at: LocalTime | None = None
    reply: ReplyOut | None = None
    satisfaction: str
    return_visits: list[ReturnVisitOut]
    closed_at: LocalTime | None = None
    deadlines: list[DeadlineOut]
    links: list[LinkOut]
    actions: list[ActionOut]

    @staticmethod
    def resolve_first_contact_owner(obj) -> str:
        return obj.first_contact_owner.username

    @staticmethod
    def resolve_current_owner(obj) -> str | None:
        return obj.current_owner.username if obj.current_owner_id else None

    @staticmethod
    def resolve_current_owner_unit(obj) -> str:
        return obj.current_owner_unit.code

    @staticmethod
    def resolve_vip_room_by(obj) -> str | None:
        return obj.vip_room_by.username if obj.vip_room_by_id else None

    @staticmethod
    def resolve_hall_head_told_by(obj) -> str | None:
        return obj.hall_head_told_by.username if obj.hall_head_told_by_id else None

    @staticmethod
    def resolve_category(obj) -> str | None:
        return obj.category.code if obj.category_id else None

    @staticmethod
    def resolve_handler(obj) -> str | None:
        return obj.handler.username if obj.handler_id else None

    @staticmethod
    def resolve_reply(obj):
        return getattr(obj, "reply", None)

    @staticmethod
    def resolve_return_visits(obj) -> list:
        return list(obj.return_visits.select_related("visited_by", "answered_by", "redo_deadline"))

    @staticmethod
    def resolve_links(obj) -> list:
        return list(obj.links.all())


class ComplaintIn(Schema):
    channel: ChannelCode
    customer_account: Text | None = None
    customer_id: DbId | None = None
    contact_name: Text = ""
    contact_phone: Text = ""
    no_contact: bool = False  # an opinion-box or opinion-book complaint left without a contact (§6.5(i))
    content: Text
    reception_started_at: Moment
    reception_ended_at: Moment


class FormCompleteIn(Schema):
    content: Text | None = None


class RecordConfirmIn(Schema):
    """The proof by the method (§6.5(ii)(7)): SIGNATURE (a visit) with signer_name and signature,
    CONTACT (a visit) with contact (a phone), READ_BACK (a call) with the customer's answer."""

    method: ConfirmationCode
    signer_name: Text = ""
    signature: Annotated[Text, Field(max_length=800_000, description="the customer's signature: data:image/png;base64,…")] = ""
    contact: Text = ""
    answer: Text = ""


class CounterRecordIn(Schema):
    """When it happened (§6.5(ii)(2)-(3)); left out: now."""

    at: Moment | None = None


class HandOverIn(Schema):
    to: Text  # username
    note: Text = ""


class AssessIn(Schema):
    category: Text  # category code
    impact: ImpactCode
    is_valid: bool
    validity_reason: Text
    company_at_fault: bool
    apology_text: Text = ""


class RouteIn(Schema):
    unit: Text  # unit code: a department, the complaint's own hall, or (opinion book) leadership: the company or an enterprise
    handler: Text | None = None  # username
    reason: Text = ""  # why the hall head passes an opinion-book complaint on (§6.6(7))


class ReplyIn(Schema):
    method: ReplyMethodCode
    content: Text


class ReturnVisitIn(Schema):
    """`satisfaction` when the customer was reached (DISSATISFIED reopens the complaint), else left out."""

    method: VisitMethodCode
    reached: bool
    satisfaction: SatisfactionCode | None = None
    comment: Text = ""


class ReplyAgainIn(Schema):
    content: Text


class LinkIn(Schema):
    target_type: LinkTypeCode
    target_id: Text
    label: Text = ""


class KpiFigures(Schema):
    received: int
    replied: int
    reply_rate: float | None = None
    replied_on_time: int
    on_time_rate: float | None = None
    median_hours_to_reply: float | None = None
    overdue_now: int
    visited: int
    satisfied: int
    satisfaction_rate: float | None = None


class KpiUnitRef(Schema):
    code: str
    name: str


class KpiUnit(KpiFigures):
    unit: KpiUnitRef


class RoutingFigures(Schema):
    routed: int
    median_minutes_to_route: float | None = None


class RoutingHall(RoutingFigures):
    hall: KpiUnitRef


class KpiOut(Schema):
    month: str
    units: list[KpiUnit]
    total: KpiFigures
    routing: list[RoutingHall]
    routing_total: RoutingFigures
