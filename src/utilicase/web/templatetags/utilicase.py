import math

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def due(deadline) -> str:
    """A deadline as staff read it: "2026-10-13 24:00前" for working-day limits (which end at
    24:00 of the last day), the local minute for minute limits."""
    if getattr(deadline, "due_date", None):
        text = _("%(date)s 24:00前") % {"date": deadline.due_date.isoformat()}
    else:
        text = _("%(time)s前") % {"time": timezone.localtime(deadline.due_at).strftime("%Y-%m-%d %H:%M")}
    if getattr(deadline, "provisional", False):
        text += _("（暂定）")
    return text


@register.filter
def case_url(obj) -> str:
    """The page of a deadline's or an audit event's record, or "" where it has none."""
    from utilicase.web.targets import target_url

    return target_url(obj.target_type, obj.target_id) or ""


@register.inclusion_tag("web/_timeline.html")
def timeline(events):
    """A timeline: audit events, oldest first, each in words (`audit.labels`), with a link to
    its record where it carries one (`audit.timeline.case_timeline`)."""
    return {"events": events}


@register.filter
def kind_label(kind: str) -> str:
    from utilicase.calendar.kinds import kind_label as label

    return label(kind)


@register.filter
def action_label(action: str) -> str:
    from utilicase.audit.labels import action_label as label

    return label(action)


@register.filter
def minutes_left(deadline, now) -> int | None:
    """The whole minutes (rounded up) until an open deadline falls due, when under an hour is
    left; None otherwise (overdue, or an hour or more to go)."""
    left = (deadline.due_at - now).total_seconds()
    return math.ceil(left / 60) if 0 < left < 3600 else None
