"""The hall head's section of the home page: what the counter reported (§6.5(ii)(2)-(3))."""

from django import template
from django.utils import timezone

from utilicase.complaints.selectors import COUNTER_RECENT_DAYS, counter_reports
from utilicase.org.models import Role

register = template.Library()


@register.inclusion_tag("complaints/_counter_reports_home.html", takes_context=True)
def counter_reports_section(context):
    user = context["request"].user
    if user.role != Role.HALL_HEAD:
        return {"shown": False}
    return {"shown": True, "reports": counter_reports(user=user, now=context.get("now") or timezone.now()),
            "days": COUNTER_RECENT_DAYS}
