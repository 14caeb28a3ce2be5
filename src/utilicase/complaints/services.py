"""The writers of complaints (§6.5, §6.6). Each service is one transaction: it checks who may act
(`permissions`, NotAllowed → 403), what the regulation allows now (the transition table,
RuleViolation → 409), the input (ComplaintInvalid → 422), then writes with update_fields,
moves the complaint's deadlines, and appends one audit event citing its clause.

Deadlines: `complaint.form` — 15 minutes from the end of reception (§6.6(6)), met by the
completed form, a late form recorded as late; only for visits and calls, the receptions the
clause speaks of (a letter, an online complaint, the opinion box and book are written by the
customer: no reception to end, no 15-minute form; they have the reply deadline, and the time
from their completed form to routing is measured like every complaint's); `complaint.reply` — 5 working days from the day
of acceptance, that day not counted (§6.6(8)), reassigned with the complaint when it is routed,
met by the reply, and escalated once to the hall head by the sweep when it runs out.
"""

from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import CharField, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from utilicase.audit.services import audit_record
from utilicase.calendar.models import Deadline
from utilicase.calendar.services import deadline_meet, deadline_open, deadline_reassign
from utilicase.complaints import permissions as perms
from utilicase.complaints.domain import transitions as table
from utilicase.complaints.models import (
    Channel,
    Complaint,
    ComplaintCategory,
    ComplaintHandOver,
    ComplaintLink,
    ComplaintReply,
    Impact,
    LinkType,
    RecordConfirmation,
    ReplyMethod,
    Status,
)
from utilicase.complaints.selectors import customer_in_company, hall_heads, handlers_of, route_target_error
from utilicase.core.i18n import translated
from utilicase.core.workdays import EARLIEST_YEAR, LATEST_YEAR, met_in_time, supported_instant
from utilicase.customers.domain.fields import FieldInvalid, parse_phone
from utilicase.customers.models import Customer
from utilicase.documents.domain.signatures import SignatureRefused, png_from_data_url
from utilicase.documents.models import SignerRole
from utilicase.documents.services import signature_capture
from utilicase.numbering.services import next_number
from utilicase.org.models import Role, Unit, UnitKind, User

FORM_KIND = "complaint.form"
REPLY_KIND = "complaint.reply"
FORM_MINUTES = 15
REPLY_WORKING_DAYS = 5
CONTENT_MAX = 5000
SHORT_MAX = 200


class ComplaintInvalid(ValueError):
    """Input that cannot be stored: the reasons by field name."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))


def number_format(year: int, n: int) -> str:
    return f"TS{year}{n:06d}"


def _lock(complaint: Complaint) -> Complaint:
    # OF self: PostgreSQL cannot lock the nullable side of the outer joins to the deadlines.
    return (Complaint.objects.select_for_update(of=("self",))
            .select_related("hall", "form_deadline", "reply_deadline").get(pk=complaint.pk))


def _check(name: str, complaint: Complaint, **asked) -> None:
    table.TABLE.check(name, complaint.status, complaint.facts(**asked))


def _phone(value: str | None, *, field: str, errors: dict[str, str]) -> str:
    phone = (value or "").strip()
    if phone:
        try:
            return parse_phone(phone)
        except FieldInvalid:
            errors[field] = _("“%(value)s”不是电话号码。") % {"value": phone}
    return phone


def _text(value: str | None, *, field: str, errors: dict[str, str], limit: int, required: bool = True) -> str:
    text = (value or "").strip()
    if required and not text:
        errors[field] = _("必填。")
    elif len(text) > limit:
        errors[field] = _("不能超过 %(n)d 个字。") % {"n": limit}
    return text


def _choice(value: str | None, choices, *, field: str, errors: dict[str, str]) -> str:
    if value not in choices.values:
        errors[field] = _("“%(value)s”不是可选值（%(choices)s）。") % {
            "value": value or "", "choices": ", ".join(choices.values)}
    return value or ""


def _aware(value: datetime) -> datetime:
    return value if timezone.is_aware(value) else timezone.make_aware(value)


def _open(deadline: Deadline | None) -> bool:
    return deadline is not None and deadline.met_at is None


@transaction.atomic
def complaint_receive(
    *, actor: User, channel: str, customer: Customer | None = None, contact_name: str = "",
    contact_phone: str = "", no_contact: bool = False, content: str, reception_started_at: datetime,
    reception_ended_at: datetime, now: datetime,
) -> Complaint:
    """Take a complaint at the actor's service hall (§6.5(i)). The actor becomes its first-contact
    owner (§6.5(ii)(1)). A customer record, or a contact name and phone, is required, except for
    an opinion-box or opinion-book complaint taken with `no_contact` (left without a contact:
    neither customer nor phone; a signed name is kept). Reception ends no earlier than it started
    and not in the future. Opens the form and reply deadlines."""
    perms.require(perms.can_receive_complaint(actor))
    hall = actor.unit
    errors: dict[str, str] = {}
    _choice(channel, Channel, field="channel", errors=errors)
    name = _text(contact_name, field="contact_name", errors=errors, limit=100, required=False)
    phone = _phone(contact_phone, field="contact_phone", errors=errors)
    if no_contact:
        if channel not in table.ANONYMOUS_CHANNELS:
            errors["no_contact"] = _("只有意见箱、意见簿投诉可以不留联系方式。")
        elif customer is not None or phone:
            errors["no_contact"] = _("已选客户或填写了电话，不是未留联系方式的投诉。")
    elif customer is None and not (name and phone):
        errors.setdefault("contact_name" if not name else "contact_phone",
                          _("请选择客户，或填写联系人姓名和电话。"))
    if customer is not None and not customer_in_company(customer=customer, unit=hall):
        errors["customer"] = _("该客户不属于本营业厅所在公司。")
    text = _text(content, field="content", errors=errors, limit=CONTENT_MAX)
    started, ended = _aware(reception_started_at), _aware(reception_ended_at)
    for field, value in (("reception_started_at", started), ("reception_ended_at", ended)):
        if not supported_instant(value):
            errors[field] = _("年份须在 %(a)d 至 %(b)d 之间。") % {"a": EARLIEST_YEAR, "b": LATEST_YEAR}
    if errors.keys() & {"reception_started_at", "reception_ended_at"}:
        raise ComplaintInvalid(errors)
    if started > now:
        errors["reception_started_at"] = _("接待开始时间不能晚于现在。")
    if ended > now:
        errors["reception_ended_at"] = _("接待结束时间不能晚于现在。")
    elif ended < started:
        errors["reception_ended_at"] = _("接待结束时间不能早于开始时间。")
    if errors:
        raise ComplaintInvalid(errors)

    year = timezone.localtime(started).year
    complaint = Complaint(
        number=number_format(year, next_number(key="complaint", year=year)), channel=channel,
        status=Status.RECEIVED, customer=customer, contact_name=name, contact_phone=phone, content=text,
        reception_started_at=started, reception_ended_at=ended, hall=hall, received_by=actor,
        first_contact_owner=actor, current_owner=actor, current_owner_unit=hall, created_at=now,
    )
    complaint.save(force_insert=True)
    if channel in table.SPOKEN_CHANNELS:
        complaint.form_deadline = deadline_open(
            kind=FORM_KIND, clause="§6.6(6)", target=complaint, owner=actor, owner_unit=hall, start_at=ended,
            minutes=FORM_MINUTES, now=now, actor=actor)
    complaint.reply_deadline = deadline_open(
        kind=REPLY_KIND, clause="§6.6(8)", target=complaint, owner=actor, owner_unit=hall, start_at=started,
        working_days=REPLY_WORKING_DAYS, now=now, actor=actor)
    complaint.save(update_fields=["form_deadline", "reply_deadline"])
    audit_record(actor=actor, action="complaints.complaint.received", target=complaint, clause="§6.5(i)", now=now,
                 after={"number": complaint.number, "channel": channel, "customer": customer.pk if customer else None,
                        "hall": hall.code, "first_contact_owner": actor.username, "content": text,
                        "reception_started_at": started.isoformat(), "reception_ended_at": ended.isoformat(),
                        "form_due_at": complaint.form_deadline.due_at.isoformat() if complaint.form_deadline else None,
                        "reply_due_at": complaint.reply_deadline.due_at.isoformat()})
    return complaint


@transaction.atomic
def complaint_receive_from_report(
    *, actor: User, hall: Unit, taken_by: User, channel: str, content: str, contact_name: str = "",
    contact_phone: str = "", received_at: datetime, now: datetime,
) -> Complaint:
    """Open a complaint from what a whistleblower report said, when discipline inspection finds
    it is not a report (§6.7(i-ii): it is handled as a complaint, §6.5(i)). Whistleblowing calls
    it (the hook "complaints.open_from_report") after checking that the actor closes the report;
    so no hall-staff permission is asked here. The complaint is the hall's: received at the
    report's receiving hall, accepted when the report was (`received_at`: the 5-working-day reply
    runs from then, §6.6(8)), its first-contact owner the member of staff who took the report if
    still at the hall, else the hall head (§6.5(ii)(1)). The record is already written: its form
    is complete now and no 15-minute limit is opened. The reporter's name and phone are its
    contact; a contact that is not a phone number is left out (never repeated in an error); with
    no phone only an opinion-box report can become a complaint (no contact left, §6.5(i))."""
    errors: dict[str, str] = {}
    _choice(channel, Channel, field="channel", errors=errors)
    if hall.kind != UnitKind.HALL:
        errors["hall"] = _("举报不是在营业厅受理的，无法据此开立投诉。")
    text = _text(content, field="content", errors=errors, limit=CONTENT_MAX)
    try:
        phone = parse_phone(contact_phone.strip()) if (contact_phone or "").strip() else ""
    except FieldInvalid:
        phone = ""
    name = (contact_name or "").strip()[:100]
    if phone and not name:
        name = _("未留姓名")
    if not phone and channel not in table.ANONYMOUS_CHANNELS:
        errors["contact_phone"] = _("举报人未留电话，无法据此开立投诉。")
    owner = taken_by
    if not (owner.is_active and owner.role in perms.HALL_ROLES and owner.unit_id == hall.pk):
        heads = list(hall_heads(hall=hall))
        owner = heads[0] if heads else None
        if owner is None and "hall" not in errors:
            errors["hall"] = _("该营业厅没有在岗的营业厅负责人。")
    started = _aware(received_at)
    if not supported_instant(started) or started > now:
        errors["received_at"] = _("受理时间无效。")
    if errors:
        raise ComplaintInvalid(errors)
    year = timezone.localtime(started).year
    complaint = Complaint(
        number=number_format(year, next_number(key="complaint", year=year)), channel=channel,
        status=Status.RECEIVED, contact_name=name if phone else "", contact_phone=phone, content=text,
        reception_started_at=started, reception_ended_at=started, hall=hall, received_by=owner,
        first_contact_owner=owner, current_owner=owner, current_owner_unit=hall, form_completed_at=now,
        created_at=now,
    )
    complaint.save(force_insert=True)
    complaint.reply_deadline = deadline_open(
        kind=REPLY_KIND, clause="§6.6(8)", target=complaint, owner=owner, owner_unit=hall, start_at=started,
        working_days=REPLY_WORKING_DAYS, now=now, actor=actor)
    complaint.save(update_fields=["reply_deadline"])
    audit_record(actor=actor, action="complaints.complaint.received", target=complaint, clause="§6.7(i-ii)", now=now,
                 after={"number": complaint.number, "channel": channel, "customer": None, "hall": hall.code,
                        "first_contact_owner": owner.username, "content": text, "from_report": True,
                        "reception_started_at": started.isoformat(), "form_completed_at": now.isoformat(),
                        "reply_due_at": complaint.reply_deadline.due_at.isoformat()})
    return complaint


def open_from_report(**kwargs) -> str:
    """The hook "complaints.open_from_report" (core.hooks): the new complaint's number."""
    return complaint_receive_from_report(**kwargs).number


@transaction.atomic
def complaint_form_complete(*, actor: User, complaint: Complaint, content: str | None = None,
                            now: datetime) -> Complaint:
    """The complaint form is complete (§6.6(6)): within 15 minutes of the end of reception, or
    late — recorded as late, never refused. `content` replaces the quick note taken at intake."""
    complaint = _lock(complaint)
    perms.require(perms.can_complete_form_complaint(actor, complaint))
    _check("complete_form", complaint)
    before: dict[str, Any] = {"form_completed_at": None}
    fields = ["form_completed_at"]
    if content is not None:
        errors: dict[str, str] = {}
        text = _text(content, field="content", errors=errors, limit=CONTENT_MAX)
        if errors:
            raise ComplaintInvalid(errors)
        if text != complaint.content:
            before["content"], complaint.content = complaint.content, text
            fields.append("content")
    complaint.form_completed_at = now
    complaint.save(update_fields=fields)
    if _open(complaint.form_deadline):
        complaint.form_deadline = deadline_meet(deadline=complaint.form_deadline, now=now, actor=actor)
    after = {"form_completed_at": now.isoformat(), "late": complaint.form_late}
    if "content" in fields:
        after["content"] = complaint.content
    audit_record(actor=actor, action="complaints.complaint.form_completed", target=complaint, clause="§6.6(6)",
                 before=before, after=after, now=now)
    return complaint


CONFIRM_PURPOSE = "complaints.record.confirm"


@transaction.atomic
def complaint_record_confirm(*, actor: User, complaint: Complaint, method: str, signer_name: str = "",
                             signature: str = "", contact: str = "", answer: str = "", now: datetime) -> Complaint:
    """The record was checked with the customer, and the confirmation names its proof (§6.5(ii)(7)):
    at a visit the customer signs the work order on screen or leaves a contact (a phone); on a call
    the record is read back and the customer's answer recorded."""
    complaint = _lock(complaint)
    perms.require(perms.can_confirm_record_complaint(actor, complaint))
    _check("confirm_record", complaint)
    errors: dict[str, str] = {}
    _choice(method, RecordConfirmation, field="method", errors=errors)
    contact = _phone(contact, field="contact", errors=errors) if method == RecordConfirmation.CONTACT else ""
    answer = _text(answer, field="answer", errors=errors, limit=2000, required=False) \
        if method == RecordConfirmation.READ_BACK else ""
    if errors:
        raise ComplaintInvalid(errors)
    refused = table.confirmation_refusal(channel=complaint.channel, method=method, signed=bool(signature),
                                         contact=contact, answer=answer)
    if refused is not None:
        raise refused
    sha256 = ""
    if method == RecordConfirmation.SIGNATURE:
        try:
            sha256 = signature_capture(actor=actor, target=complaint, purpose=CONFIRM_PURPOSE,
                                       signer_role=SignerRole.CUSTOMER, signer_name=signer_name,
                                       png=png_from_data_url(signature), now=now,
                                       clause="§6.5(ii)(7)").image_sha256
        except SignatureRefused as exc:
            raise ComplaintInvalid({exc.field: translated(exc.message, _)}) from None
    complaint.record_confirmed_at, complaint.record_confirmation = now, method
    complaint.record_signature_sha256, complaint.record_contact, complaint.record_answer = sha256, contact, answer
    complaint.save(update_fields=["record_confirmed_at", "record_confirmation", "record_signature_sha256",
                                  "record_contact", "record_answer"])
    audit_record(actor=actor, action="complaints.complaint.record_confirmed", target=complaint,
                 clause="§6.5(ii)(7)", before={"record_confirmed_at": None},
                 after={"record_confirmed_at": now.isoformat(), "method": method, "signature_sha256": sha256,
                        "contact": contact, "answer": answer}, now=now)
    return complaint


COUNTER_FIELDS = {table.VIP_ROOM: ("vip_room_at", "vip_room_by"),
                  table.HALL_HEAD_TOLD: ("hall_head_told_at", "hall_head_told_by")}


@transaction.atomic
def complaint_counter_record(*, actor: User, complaint: Complaint, kind: str, at: datetime | None = None,
                             now: datetime) -> Complaint:
    """Record at the counter, for a visit (§6.5(ii)(2)-(3)), who did it and when (`at`, default now;
    during or after the reception, not in the future): `vip_room`, the upset visitor was taken
    to the VIP room (贵宾室, §6.5(ii)(2)); `hall_head_told`, the hall head was told that the customer
    complained in the middle of being served (§6.5(ii)(3)). Each once; other channels are refused.
    The hall head sees these records on the home page."""
    complaint = _lock(complaint)
    perms.require(perms.can_counter_record_complaint(actor, complaint))
    at_field, by_field = COUNTER_FIELDS[kind]
    refusal = table.counter_record_refusal(kind=kind, channel=complaint.channel,
                                           done=getattr(complaint, at_field) is not None)
    if refusal is not None:
        raise refusal
    when = _aware(at) if at is not None else now
    if not supported_instant(when):
        raise ComplaintInvalid({"at": _("年份须在 %(a)d 至 %(b)d 之间。") % {"a": EARLIEST_YEAR, "b": LATEST_YEAR}})
    if when > now:
        raise ComplaintInvalid({"at": _("时间不能晚于现在。")})
    if when < complaint.reception_started_at:
        raise ComplaintInvalid({"at": _("时间不能早于接待开始时间。")})
    setattr(complaint, at_field, when)
    setattr(complaint, by_field, actor)
    complaint.save(update_fields=[at_field, by_field])
    audit_record(actor=actor, target=complaint,
                 action="complaints.complaint.vip_room" if kind == table.VIP_ROOM else "complaints.complaint.hall_head_told",
                 clause=table.COUNTER_RECORD_CLAUSES[kind], before={at_field: None},
                 after={at_field: when.isoformat(), by_field: actor.username}, now=now)
    return complaint


@transaction.atomic
def complaint_hand_over(*, actor: User, complaint: Complaint, to_user: User, note: str = "",
                        now: datetime) -> ComplaintHandOver:
    """Hand first-contact responsibility (§6.5(ii)(1)) to another member of the hall's staff.
    The hand-over is a row; the deadlines the previous owner held move with it."""
    complaint = _lock(complaint)
    perms.require(perms.can_hand_over_complaint(actor, complaint))
    refusal = table.hand_over_refusal(complaint.status)
    if refusal is not None:
        raise refusal
    errors: dict[str, str] = {}
    text = _text(note, field="note", errors=errors, limit=SHORT_MAX, required=False)
    if not (to_user.is_active and to_user.role in perms.HALL_ROLES and to_user.unit_id == complaint.hall_id):
        errors["to_user"] = _("只能移交给本营业厅的在岗人员。")
    elif to_user.pk == complaint.first_contact_owner_id:
        errors["to_user"] = _("该人员已是首问负责人。")
    if errors:
        raise ComplaintInvalid(errors)
    previous = complaint.first_contact_owner
    hand_over = ComplaintHandOver.objects.create(complaint=complaint, from_user=previous, to_user=to_user,
                                                 handed_over_at=now, note=text)
    complaint.first_contact_owner = to_user
    fields = ["first_contact_owner"]
    if complaint.current_owner_id == previous.pk:
        complaint.current_owner = to_user
        fields.append("current_owner")
    complaint.save(update_fields=fields)
    for deadline in (complaint.form_deadline, complaint.reply_deadline):
        if _open(deadline) and deadline.owner_id == previous.pk:
            deadline_reassign(deadline=deadline, owner=to_user, owner_unit=deadline.owner_unit, actor=actor, now=now)
    audit_record(actor=actor, action="complaints.complaint.handed_over", target=complaint, clause="§6.5(ii)(1)",
                 before={"first_contact_owner": previous.username},
                 after={"first_contact_owner": to_user.username, "note": text}, now=now)
    return hand_over


@transaction.atomic
def complaint_assess(
    *, actor: User, complaint: Complaint, category: ComplaintCategory | None, impact: str, is_valid: bool | None,
    validity_reason: str, company_at_fault: bool | None, apology_text: str = "", now: datetime,
) -> Complaint:
    """Classify the complaint, assess its impact on the customer, decide whether it is valid
    (with the reason) and whether the company is at fault (§6.6(1-4)); at fault, the apology is
    recorded (§6.6(3)). May be repeated until the complaint is routed."""
    complaint = _lock(complaint)
    perms.require(perms.can_assess_complaint(actor, complaint))
    _check("assess", complaint)
    errors: dict[str, str] = {}
    if category is None or not category.is_active:
        errors["category"] = _("请选择有效的投诉分类。")
    _choice(impact, Impact, field="impact", errors=errors)
    if is_valid is None:
        errors["is_valid"] = _("请判断投诉是否成立。")
    reason = _text(validity_reason, field="validity_reason", errors=errors, limit=CONTENT_MAX)
    if company_at_fault is None:
        errors["company_at_fault"] = _("请判断是否属我方原因。")
    apology = _text(apology_text, field="apology_text", errors=errors, limit=CONTENT_MAX, required=False)
    if errors:
        raise ComplaintInvalid(errors)
    refusal = table.assessment_refusal(company_at_fault=company_at_fault, apology_text=apology)
    if refusal is not None:
        raise refusal
    before = _assessment(complaint)
    complaint.category, complaint.impact, complaint.is_valid = category, impact, is_valid
    complaint.validity_reason, complaint.company_at_fault = reason, company_at_fault
    complaint.apology_text = apology if company_at_fault else ""
    complaint.apologised_at = now if company_at_fault else None
    complaint.assessed_at, complaint.assessed_by, complaint.status = now, actor, Status.ASSESSED
    complaint.save(update_fields=["category", "impact", "is_valid", "validity_reason", "company_at_fault",
                                  "apology_text", "apologised_at", "assessed_at", "assessed_by", "status"])
    audit_record(actor=actor, action="complaints.complaint.assessed", target=complaint, clause="§6.6(1-4)",
                 before=before, after=_assessment(complaint), now=now)
    return complaint


def _assessment(c: Complaint) -> dict[str, Any]:
    return {"status": c.status, "category": c.category.code if c.category_id else None, "impact": c.impact,
            "is_valid": c.is_valid, "validity_reason": c.validity_reason, "company_at_fault": c.company_at_fault,
            "apology_text": c.apology_text}


@transaction.atomic
def complaint_route(*, actor: User, complaint: Complaint, unit: Unit, handler: User | None = None,
                    reason: str = "", now: datetime) -> Complaint:
    """Forward the assessed complaint (§6.6(4)) to the department concerned (§6.5(i)), or to its
    own service hall, whose head answers it. An opinion-book complaint is the hall head's to
    decide: the clerk passes it to the head; the head passes it on with `reason`, why it cannot
    be answered directly, to a department or to leadership (领导: the company or one of its
    enterprises, whose deputy manager answers; §6.6(7)). The reply deadline moves to the routed unit (and its
    handler), the limit unchanged."""
    complaint = _lock(complaint)
    perms.require(perms.can_route_complaint(actor, complaint))
    to_hall = unit.pk == complaint.hall_id
    errors: dict[str, str] = {}
    why = _text(reason, field="reason", errors=errors, limit=CONTENT_MAX, required=False)
    _check("route", complaint, route_to_hall=to_hall, by_hall_head=perms.is_hall_head_of(actor, complaint),
           reason_given=bool(why))
    unit_error = route_target_error(complaint=complaint, unit=unit)
    if unit_error:
        errors["unit"] = unit_error
    elif unit.pk == complaint.routed_to_unit_id:
        errors["unit"] = _("投诉已在该单位办理。")
    to_leadership = unit.kind in perms.LEADERSHIP_KINDS
    if (to_hall or to_leadership) and handler is None and not errors:
        heads = list(handlers_of(unit=unit))  # the hall head, or leadership's deputy manager
        handler = heads[0] if len(heads) == 1 else None
    if handler is not None and not errors:
        role = Role(perms.handler_role(unit))
        if not (handler.is_active and handler.role == role and handler.unit_id == unit.pk):
            errors["handler"] = _("处理人须是该单位的在岗%(role)s。") % {"role": role.label}
    if errors:
        raise ComplaintInvalid(errors)
    before = {"status": complaint.status, "routed_to_unit": complaint.routed_to_unit.code if complaint.routed_to_unit_id
              else None, "handler": complaint.handler.username if complaint.handler_id else None}
    complaint.routed_to_unit, complaint.handler, complaint.routed_at = unit, handler, now
    complaint.current_owner, complaint.current_owner_unit, complaint.status = handler, unit, Status.ROUTED
    complaint.first_routed_at = complaint.first_routed_at or now
    complaint.save(update_fields=["routed_to_unit", "handler", "routed_at", "first_routed_at", "current_owner",
                                  "current_owner_unit", "status"])
    if _open(complaint.reply_deadline):
        deadline_reassign(deadline=complaint.reply_deadline, owner=handler, owner_unit=unit, actor=actor, now=now)
    book = complaint.channel == Channel.OPINION_BOOK
    clause = table.ROUTE_TO_HALL_HEAD_CLAUSE if book and (to_hall or to_leadership) else "§6.5(i)"
    audit_record(actor=actor, action="complaints.complaint.routed", target=complaint, clause=clause, before=before,
                 after={"status": complaint.status, "routed_to_unit": unit.code, "leadership": to_leadership,
                        "handler": handler.username if handler else None, "reason": why}, now=now)
    return complaint


@transaction.atomic
def complaint_reply(*, actor: User, complaint: Complaint, method: str, content: str, now: datetime) -> ComplaintReply:
    """Record the reply to the customer: method, content, who, when (§6.6(8)). A complaint left
    without a contact is answered where the company posts answers (POSTED; `content` says where
    and what), any other by the contact left (§6.5(i), §6.6(7)). It meets the reply
    deadline (on time or late) and hands the complaint back to the hall to close."""
    complaint = _lock(complaint)
    perms.require(perms.can_reply_complaint(actor, complaint))
    _check("reply", complaint)  # the state first: a complaint not yet routed is refused whatever the input
    errors: dict[str, str] = {}
    _choice(method, ReplyMethod, field="method", errors=errors)
    text = _text(content, field="content", errors=errors, limit=CONTENT_MAX)
    if errors:
        raise ComplaintInvalid(errors)
    _check("reply", complaint, reply_method=method)
    reply = ComplaintReply.objects.create(complaint=complaint, method=method, content=text, replied_by=actor,
                                          replied_at=now)
    before = {"status": complaint.status}
    complaint.status, complaint.replied_at = Status.REPLIED, now
    complaint.current_owner, complaint.current_owner_unit = complaint.first_contact_owner, complaint.hall
    complaint.save(update_fields=["status", "replied_at", "current_owner", "current_owner_unit"])
    on_time = None
    if complaint.reply_deadline is not None:
        on_time = met_in_time(now, complaint.reply_deadline.due_at)
        if _open(complaint.reply_deadline):
            deadline_meet(deadline=complaint.reply_deadline, now=now, actor=actor)
    audit_record(actor=actor, action="complaints.complaint.replied", target=complaint, clause="§6.6(8)",
                 before=before, after={"status": complaint.status, "method": method, "content": text,
                                       "replied_at": now.isoformat(), "on_time": on_time}, now=now)
    return reply


@transaction.atomic
def complaint_close(*, actor: User, complaint: Complaint, now: datetime) -> Complaint:
    """Close a replied complaint; without a reply it cannot be closed (§6.6(8): reply rate 100%)."""
    complaint = _lock(complaint)
    perms.require(perms.can_close_complaint(actor, complaint))
    _check("close", complaint)
    before = {"status": complaint.status}
    complaint.status, complaint.closed_at = Status.CLOSED, now
    complaint.save(update_fields=["status", "closed_at"])
    audit_record(actor=actor, action="complaints.complaint.closed", target=complaint, clause="§6.6(8)",
                 before=before, after={"status": complaint.status, "closed_at": now.isoformat()}, now=now)
    return complaint


@transaction.atomic
def complaint_link(*, actor: User, complaint: Complaint, target_type: str, target_id: str, label: str = "",
                   now: datetime) -> ComplaintLink:
    """Link the complaint to a customer of the hall's company (which also becomes the complaint's
    customer if it had none) or to a supply incident by its reference (§6.6(9))."""
    complaint = _lock(complaint)
    perms.require(perms.can_link_complaint(actor, complaint))
    errors: dict[str, str] = {}
    _choice(target_type, LinkType, field="target_type", errors=errors)
    reference = _text(target_id, field="target_id", errors=errors, limit=64)
    text = _text(label, field="label", errors=errors, limit=SHORT_MAX, required=False)
    customer = None
    if not errors and target_type == LinkType.CUSTOMER:
        customer = Customer.objects.filter(pk=int(reference)).first() if reference.isdigit() else None
        if customer is None or not customer_in_company(customer=customer, unit=complaint.hall):
            errors["target_id"] = _("本公司没有这个客户。")
        else:
            text = text or str(customer)
    if not errors and complaint.links.filter(target_type=target_type, target_id=reference).exists():
        errors["target_id"] = _("已经关联过。")
    if errors:
        raise ComplaintInvalid(errors)
    link = ComplaintLink.objects.create(complaint=complaint, target_type=target_type, target_id=reference, label=text,
                                        linked_by=actor, linked_at=now)
    if customer is not None and complaint.customer_id is None:
        complaint.customer = customer
        complaint.save(update_fields=["customer"])
    audit_record(actor=actor, action="complaints.complaint.linked", target=complaint,
                 clause="§6.6(9)" if target_type == LinkType.INCIDENT else "§6.5(i)",
                 after={"target_type": target_type, "target_id": reference, "label": text}, now=now)
    return link


def complaint_sync_due(target_ids: list[str]) -> None:
    """Copy each complaint's earliest open deadline to `next_due_at`, and its reply deadline's
    due time to `reply_due_at`, in one statement. The calendar's services call it (a due
    listener) in the transaction that opened, met or recomputed a deadline of these complaints."""
    deadlines = Deadline.objects.filter(target_type=Complaint._meta.label_lower,
                                        target_id=Cast(OuterRef("pk"), CharField()))
    earliest = deadlines.filter(met_at__isnull=True).order_by("due_at").values("due_at")[:1]
    reply_due = deadlines.filter(kind=REPLY_KIND).order_by("-id").values("due_at")[:1]
    Complaint.objects.filter(pk__in=[int(i) for i in target_ids]).update(
        next_due_at=Subquery(earliest), reply_due_at=Subquery(reply_due))


def complaint_escalate(deadline: Deadline, now: datetime) -> None:
    """Escalation handler of `complaint.reply` (run by the sweep inside its transaction): the
    complaint is marked escalated, which puts it on its hall head's work list (§6.6(8)).
    Idempotent: an escalated, replied or closed complaint is left alone."""
    if deadline.target_type != Complaint._meta.label_lower:
        return
    complaint = Complaint.objects.select_for_update().filter(pk=deadline.target_id).first()
    if complaint is None or complaint.escalated_at is not None:
        return
    if complaint.status in (Status.REPLIED, Status.CLOSED):
        return
    complaint.escalated_at = now
    complaint.save(update_fields=["escalated_at"])
    audit_record(actor=None, action="complaints.complaint.escalated", target=complaint, clause="§6.6(8)",
                 before={"escalated_at": None},
                 after={"escalated_at": now.isoformat(), "reply_due_at": deadline.due_at.isoformat(),
                        "to": [u.username for u in hall_heads(hall=complaint.hall)]}, now=now)


@transaction.atomic
def complaint_category_save(*, actor: User, category: ComplaintCategory, now: datetime) -> ComplaintCategory:
    """Add or change a complaint category (administrators, through the admin)."""
    adding = category.pk is None
    category.save()
    audit_record(actor=actor, action="complaints.category.added" if adding else "complaints.category.changed",
                 target=category, clause="§6.6(1)", now=now,
                 after={"code": category.code, "name": category.name, "position": category.position,
                        "is_active": category.is_active})
    return category

