"""The return visit after the reply (回访) and the second answer to a customer not satisfied.

A replied complaint is called back by its hall: reached or not, and how satisfied the customer
is. Not satisfied reopens it to the one who replied, with a new limit of 5 working days from
the visit (`complaint.redo`, the §6.6(8) limit again, escalated to the hall head like the
reply's); the answer given again meets that limit and hands the complaint back to the hall,
which may call back again or close it."""

from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from utilicase.audit.services import audit_record
from utilicase.calendar.services import deadline_meet, deadline_open
from utilicase.complaints import permissions as perms
from utilicase.complaints.domain import transitions as table
from utilicase.complaints.models import Complaint, ReturnVisit, Satisfaction, Status, VisitMethod
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

REDO_KIND = "complaint.redo"


@transaction.atomic
def complaint_return_visit(*, actor: User, complaint: Complaint, method: str, reached: bool,
                           satisfaction: str = "", comment: str = "", now: datetime) -> ReturnVisit:
    """Record a call back after the reply. A customer reached says how satisfied they are; one
    not satisfied reopens the complaint (to the one who replied, due in 5 working days)."""
    complaint = _lock(complaint)
    perms.require(perms.can_return_visit(actor, complaint))
    _check("return_visit", complaint)
    errors: dict[str, str] = {}
    _choice(method, VisitMethod, field="method", errors=errors)
    if reached:
        _choice(satisfaction, Satisfaction, field="satisfaction", errors=errors)
    elif satisfaction:
        errors["satisfaction"] = _("未联系到客户，不能记录满意度。")
    text = _text(comment, field="comment", errors=errors, limit=CONTENT_MAX, required=False)
    if errors:
        raise ComplaintInvalid(errors)
    number = complaint.return_visits.count() + 1
    visit = ReturnVisit(complaint=complaint, number=number, method=method, reached=reached,
                        satisfaction=satisfaction if reached else "", comment=text, visited_by=actor, visited_at=now)
    before = {"status": complaint.status, "satisfaction": complaint.satisfaction}
    complaint.status = table.after_return_visit(reached=reached, satisfaction=satisfaction)
    if reached:
        complaint.satisfaction = satisfaction
    after = {"number": number, "method": method, "reached": reached, "satisfaction": visit.satisfaction,
             "comment": text, "status": complaint.status}
    if complaint.status == Status.REOPENED:
        replier = complaint.reply.replied_by
        unit = complaint.routed_to_unit or complaint.hall
        complaint.current_owner, complaint.current_owner_unit = replier, unit
        visit.save(force_insert=True)
        visit.redo_deadline = deadline_open(kind=REDO_KIND, clause="§6.6(8)", target=complaint, owner=replier,
                                            owner_unit=unit, start_at=now, working_days=table.REDO_WORKING_DAYS,
                                            now=now, actor=actor)
        visit.save(update_fields=["redo_deadline"])
        after.update(owner=replier.username, redo_due_at=visit.redo_deadline.due_at.isoformat())
    else:
        visit.save(force_insert=True)
    complaint.save(update_fields=["status", "satisfaction", "current_owner", "current_owner_unit"])
    audit_record(actor=actor, action="complaints.complaint.return_visited", target=complaint, clause="§6.6(8)",
                 before=before, after=after, now=now)
    return visit


@transaction.atomic
def complaint_reply_again(*, actor: User, complaint: Complaint, content: str, now: datetime) -> ReturnVisit:
    """The second answer to a customer not satisfied: meets the visit's deadline (on time or
    late) and hands the complaint back to the hall."""
    complaint = _lock(complaint)
    perms.require(perms.can_reply_again(actor, complaint))
    _check("reply_again", complaint)
    errors: dict[str, str] = {}
    text = _text(content, field="content", errors=errors, limit=CONTENT_MAX)
    if errors:
        raise ComplaintInvalid(errors)
    visit = (ReturnVisit.objects.select_for_update(of=("self",)).select_related("redo_deadline")
             .filter(complaint=complaint).order_by("-number").first())
    visit.answer, visit.answered_by, visit.answered_at = text, actor, now
    visit.save(update_fields=["answer", "answered_by", "answered_at"])
    on_time = None
    if visit.redo_deadline is not None:
        on_time = met_in_time(now, visit.redo_deadline.due_at)
        if _open(visit.redo_deadline):
            deadline_meet(deadline=visit.redo_deadline, now=now, actor=actor)
    complaint.status = Status.REPLIED
    complaint.current_owner, complaint.current_owner_unit = complaint.first_contact_owner, complaint.hall
    complaint.save(update_fields=["status", "current_owner", "current_owner_unit"])
    audit_record(actor=actor, action="complaints.complaint.replied_again", target=complaint, clause="§6.6(8)",
                 before={"status": Status.REOPENED},
                 after={"status": complaint.status, "visit": visit.number, "content": text,
                        "answered_at": now.isoformat(), "on_time": on_time}, now=now)
    return visit
