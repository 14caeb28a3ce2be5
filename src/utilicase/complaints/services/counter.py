"""What happened at the counter during a visit (§6.5(ii)(2)-(3)), each recorded once."""

from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from utilicase.audit.services import audit_record
from utilicase.complaints import permissions as perms
from utilicase.complaints.domain import transitions as table
from utilicase.complaints.models import Complaint
from utilicase.complaints.services.common import ComplaintInvalid, _aware, _lock
from utilicase.core.workdays import EARLIEST_YEAR, LATEST_YEAR, supported_instant
from utilicase.org.models import User

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
