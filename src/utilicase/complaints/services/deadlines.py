"""The complaint's side of its deadlines: the copies of the due times kept on the complaint, and
the escalation of a reply deadline that ran out (§6.6(8))."""

from datetime import datetime

from django.db.models import CharField, OuterRef, Subquery
from django.db.models.functions import Cast

from utilicase.audit.services import audit_record
from utilicase.calendar.models import Deadline
from utilicase.complaints.models import Complaint, Status
from utilicase.complaints.selectors import hall_heads
from utilicase.complaints.services.common import REPLY_KIND
from utilicase.core.i18n import Message, gettext_noop
from utilicase.notifications.domain.rules import deadline_event
from utilicase.notifications.models import Kind as NotificationKind
from utilicase.notifications.services import notify


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
    heads = list(hall_heads(hall=complaint.hall))
    audit_record(actor=None, action="complaints.complaint.escalated", target=complaint, clause="§6.6(8)",
                 before={"escalated_at": None},
                 after={"escalated_at": now.isoformat(), "reply_due_at": deadline.due_at.isoformat(),
                        "to": [u.username for u in heads]}, now=now)
    notify(recipients=heads, kind=NotificationKind.ESCALATION, event_key=deadline_event(deadline.pk, "escalation"),
           title=Message(gettext_noop("投诉 %(number)s 答复逾期，已升级至营业厅负责人督办"), number=complaint.number),
           target_type=deadline.target_type, target_id=deadline.target_id, clause="§6.6(8)", now=now)
