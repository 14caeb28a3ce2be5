"""The reply to the customer (§6.6(8)) and the closing of a replied complaint."""

from datetime import datetime

from django.db import transaction

from utilicase.audit.services import audit_record
from utilicase.calendar.services import deadline_meet
from utilicase.complaints import permissions as perms
from utilicase.complaints.models import Complaint, ComplaintReply, ReplyMethod, Status
from utilicase.complaints.services.common import (
    CONTENT_MAX,
    ComplaintInvalid,
    _check,
    _choice,
    _lock,
    _open,
    _text,
)
from utilicase.core.workdays import met_in_time
from utilicase.org.models import User


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
