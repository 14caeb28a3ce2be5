"""Moving a complaint on: hand-over of first-contact responsibility (§6.5(ii)(1)), assessment
(§6.6(1-4)) and routing to the unit that answers it (§6.5(i), §6.6(7))."""

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from utilicase.audit.services import audit_record
from utilicase.calendar.services import deadline_reassign
from utilicase.complaints import permissions as perms
from utilicase.complaints.domain import transitions as table
from utilicase.complaints.models import (
    Channel,
    Complaint,
    ComplaintCategory,
    ComplaintHandOver,
    Impact,
    Status,
)
from utilicase.complaints.selectors import handlers_of, route_target_error
from utilicase.complaints.services.common import (
    CONTENT_MAX,
    SHORT_MAX,
    ComplaintInvalid,
    _check,
    _choice,
    _lock,
    _open,
    _text,
)
from utilicase.org.models import Role, Unit, User


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
