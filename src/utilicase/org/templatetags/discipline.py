"""The discipline inspection section of the home page, for members only (§6.7(iii)(1-6)): the
open proposals to confirm or decline, the members in force, and every proposal, confirmation,
refusal and removal of the unit, with the changes administrators made to its members' accounts."""

from django import template

from utilicase.org.models import GrantStatus
from utilicase.org.selectors import (
    member_unit_id,
    membership_events,
    password_last_set_by_another,
    unit_grants,
)

register = template.Library()

@register.filter
def membership_detail(event) -> str:
    """Whose membership; for a change to a member's account, what was changed to what."""
    after = event.after or {}
    changed = [f"{k}={v}" for k, v in after.items() if k != "user"] if event.action.endswith("member_changed") else []
    return " ".join([str(after.get("user", "")), *changed])


@register.inclusion_tag("org/_discipline_home.html", takes_context=True)
def discipline_section(context):
    user = context["request"].user
    if member_unit_id(user=user) is None:
        return {"member": False}
    grants = list(unit_grants(member=user))
    proposals = [g for g in grants if g.status == GrantStatus.PROPOSED]
    for g in proposals:
        g.password_setter = password_last_set_by_another(user=g.user)
    return {
        "member": True,
        "user": user,
        "csrf_token": context.get("csrf_token"),
        "proposals": proposals,
        "members": [g for g in grants if g.status == GrantStatus.CONFIRMED],
        "events": list(membership_events(member=user)),
    }
