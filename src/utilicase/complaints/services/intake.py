"""Taking a complaint (§6.5(i)): at the hall or from a whistleblower report, its form (§6.6(6)),
the record confirmed with the customer (§6.5(ii)(7)) and its links to a customer or an incident
(§6.6(9))."""

import uuid
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from utilicase.audit.services import audit_batch, audit_record
from utilicase.calendar.selectors import work_calendar
from utilicase.calendar.services import deadline_meet, deadline_open, due_batch
from utilicase.complaints import permissions as perms
from utilicase.complaints.domain import transitions as table
from utilicase.complaints.models import (
    Channel,
    Complaint,
    ComplaintLink,
    LinkType,
    RecordConfirmation,
    Status,
)
from utilicase.complaints.selectors import customer_in_company, hall_heads
from utilicase.complaints.services.common import (
    CONTENT_MAX,
    FORM_KIND,
    FORM_MINUTES,
    REPLY_KIND,
    REPLY_WORKING_DAYS,
    SHORT_MAX,
    ComplaintInvalid,
    _aware,
    _check,
    _choice,
    _lock,
    _open,
    _phone,
    _text,
    number_format,
)
from utilicase.core.i18n import translated
from utilicase.core.workdays import EARLIEST_YEAR, LATEST_YEAR, supported_instant
from utilicase.customers.domain.fields import FieldInvalid, parse_phone
from utilicase.customers.models import Customer
from utilicase.documents.domain.signatures import SignatureRefused, png_from_data_url
from utilicase.documents.models import SignerRole
from utilicase.documents.services import signature_capture
from utilicase.numbering.services import next_number
from utilicase.org.models import Unit, UnitKind, User
from utilicase.org.selectors import company_of


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
    and not in the future. Opens the form and reply deadlines.

    Every intake of a year waits for the lock of the year's number sequence, and every change
    for the audit chain's head, until the holder commits; so the record and its deadlines are
    written first (under a placeholder number), and the number (gapless: taken in this
    transaction) and the audit events (one append) come last, just before the commit."""
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
    with audit_batch():
        complaint = Complaint(
            number=_unnumbered(), channel=channel,
            status=Status.RECEIVED, customer=customer, contact_name=name, contact_phone=phone, content=text,
            reception_started_at=started, reception_ended_at=ended, hall=hall, received_by=actor,
            first_contact_owner=actor, current_owner=actor, current_owner_unit=hall, created_at=now,
        )
        complaint.save(force_insert=True)
        calendar = work_calendar()  # read once for both deadlines
        with due_batch():  # the complaint's copy of its due times is updated once, for both
            if channel in table.SPOKEN_CHANNELS:
                complaint.form_deadline = deadline_open(
                    kind=FORM_KIND, clause="§6.6(6)", target=complaint, owner=actor, owner_unit=hall,
                    start_at=ended, minutes=FORM_MINUTES, now=now, actor=actor, calendar=calendar)
            complaint.reply_deadline = deadline_open(
                kind=REPLY_KIND, clause="§6.6(8)", target=complaint, owner=actor, owner_unit=hall, start_at=started,
                working_days=REPLY_WORKING_DAYS, now=now, actor=actor, calendar=calendar)
        complaint.number = number_format(year, next_number(key="complaint", year=year))
        complaint.save(update_fields=["number", "form_deadline", "reply_deadline"])
        audit_record(actor=actor, action="complaints.complaint.received", target=complaint, clause="§6.5(i)",
                     now=now, after={
                         "number": complaint.number, "channel": channel, "customer": customer.pk if customer else None,
                         "hall": hall.code, "first_contact_owner": actor.username, "content": text,
                         "reception_started_at": started.isoformat(), "reception_ended_at": ended.isoformat(),
                         "form_due_at": complaint.form_deadline.due_at.isoformat() if complaint.form_deadline else None,
                         "reply_due_at": complaint.reply_deadline.due_at.isoformat()})
    return complaint


def _unnumbered() -> str:
    """A placeholder number, unique and never a complaint number (those are TS + digits), that
    the record carries inside its transaction until it takes its number (see complaint_receive)."""
    return "~" + uuid.uuid4().hex[:19]


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


@transaction.atomic
def complaint_receive_online(*, customer: Customer, content: str, now: datetime) -> Complaint:
    """A complaint the customer files in the customer portal (ONLINE, §6.5(i)): their own words,
    so the form is complete as filed and there is no reception to end (no 15-minute form) and no
    read-back (§6.5(ii)(7)); the 5-working-day reply runs from now, the day not counted (§6.6(8)).
    It is taken by the service hall of the customer's company, its first-contact owner the hall's
    head (§6.5(ii)(1)). No member of staff acts: the audit event has no actor and says the
    customer filed it. The contact is the account's name and phone on file."""
    errors: dict[str, str] = {}
    text = _text(content, field="content", errors=errors, limit=CONTENT_MAX)
    company = company_of(customer.enterprise)
    hall = Unit.objects.filter(kind=UnitKind.HALL, path__startswith=company.path).order_by("path").first()
    heads = list(hall_heads(hall=hall)) if hall is not None else []
    if not heads:
        errors["hall"] = _("该营业厅没有在岗的营业厅负责人。")
    if errors:
        raise ComplaintInvalid(errors)
    owner = heads[0]
    year = timezone.localtime(now).year
    complaint = Complaint(
        number=number_format(year, next_number(key="complaint", year=year)), channel=Channel.ONLINE,
        status=Status.RECEIVED, customer=customer, contact_name=customer.name[:100],
        contact_phone=customer.contact_phone, content=text, reception_started_at=now, reception_ended_at=now,
        hall=hall, received_by=owner, first_contact_owner=owner, current_owner=owner, current_owner_unit=hall,
        form_completed_at=now, created_at=now,
    )
    complaint.save(force_insert=True)
    complaint.reply_deadline = deadline_open(
        kind=REPLY_KIND, clause="§6.6(8)", target=complaint, owner=owner, owner_unit=hall, start_at=now,
        working_days=REPLY_WORKING_DAYS, now=now, actor=None)
    complaint.save(update_fields=["reply_deadline"])
    audit_record(actor=None, action="complaints.complaint.received", target=complaint, clause="§6.5(i)", now=now,
                 after={"number": complaint.number, "channel": Channel.ONLINE, "customer": customer.pk,
                        "filed_by": "customer", "hall": hall.code, "first_contact_owner": owner.username,
                        "content": text, "form_completed_at": now.isoformat(),
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
    with audit_batch():  # the chain head is locked once, at the end
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
