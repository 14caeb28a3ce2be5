"""Deadlines on a case's timeline: the labels of the actions the calendar writes, and a case's
deadlines, whose events (opened, met, reassigned, recomputed, escalated) belong on its timeline.
They have no page of their own: the case page shows them."""

from django.utils.translation import gettext_lazy as _

from utilicase.audit.timeline import Attached, Link
from utilicase.calendar.kinds import kind_label
from utilicase.calendar.models import Deadline

LABELS = {
    "calendar.deadline.opened": _("期限已开始计时"),
    "calendar.deadline.met": _("期限事项已完成"),
    "calendar.deadline.recomputed": _("期限已重新计算"),
    "calendar.deadline.reassigned": _("期限已转交"),
    "calendar.deadline.escalated": _("期限已超期督办"),
    "calendar.notice.loaded": _("节假日安排已导入"),
}


def _deadline_link(kind: str) -> Link:
    return Link(None, kind_label(kind))


def attached_records(target_type: str, target_id: str) -> list[Attached]:
    return [Attached(Deadline.objects.filter(target_type=target_type, target_id=target_id), "kind", _deadline_link)]
