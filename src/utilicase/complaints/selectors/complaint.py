"""One complaint: the complaint with its deadlines, and what may be done with it now and by whom."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import BooleanField, Case, Q, Value, When
from django.utils.translation import gettext as _

from utilicase.calendar.selectors import overdue_q
from utilicase.complaints import permissions as perms
from utilicase.complaints.domain import transitions as table
from utilicase.complaints.models import Complaint
from utilicase.complaints.selectors.organisation import hall_heads
from utilicase.complaints.selectors.scope import visible, with_due
from utilicase.core.rules import RuleViolation
from utilicase.org.models import User


def complaint_get(*, user: User, id: int, now: datetime) -> Complaint:
    """One complaint, with `is_overdue` and `reply_overdue` (§6.6(8) deadline passed without a
    reply); Complaint.DoesNotExist when missing or out of sight (not told apart)."""
    reply_overdue = Q(reply_deadline__isnull=False, reply_deadline__met_at__isnull=True) \
        & overdue_q("reply_deadline__due_at", now)
    return (with_due(visible(user=user), now=now)
            .annotate(reply_overdue=Case(When(reply_overdue, then=Value(True)), default=Value(False),
                                         output_field=BooleanField()))
            .select_related("hall", "customer", "first_contact_owner", "current_owner", "current_owner_unit",
                            "routed_to_unit", "handler", "category", "form_deadline", "reply_deadline", "reply",
                            "vip_room_by", "hall_head_told_by")
            .get(pk=id))


@dataclass(frozen=True)
class Action:
    name: str
    clause: str
    refusal: RuleViolation | None  # the regulation says no (with the clause)
    permitted: bool  # the user may take it
    responsible: str = ""  # who may take it, for a user who may not

    @property
    def available(self) -> bool:
        return self.refusal is None and self.permitted


def complaint_actions(*, user: User, complaint: Complaint) -> list[Action]:
    """The table's transitions from the complaint's state, each allowed or refused with its
    clause, whether this user may take it and, when not, who may. Steps already done (the form
    completed, the record confirmed) are left out."""
    facts = complaint.facts(by_hall_head=perms.is_hall_head_of(user, complaint))
    options = [(o.transition.name, o.transition.clause, o.refusal) for o in table.TABLE.options(complaint.status, facts)
               if not table.already_done(o.transition.name, facts)]
    options += [("hand_over", "§6.5(ii)(1)", table.hand_over_refusal(complaint.status)), ("link", "§6.5(i)", None)]
    if complaint.channel == "VISIT":  # what happened at the counter (§6.5(ii)(2)-(3)), each recorded once
        options += [(kind, clause, None) for kind, clause in table.COUNTER_RECORD_CLAUSES.items()
                    if getattr(complaint, f"{kind}_at") is None]
    permitted = {name: perms.BY_ACTION[name](user, complaint) for name, _clause, _refusal in options}
    heads = [] if all(permitted.values()) else list(hall_heads(hall=complaint.hall))
    return [Action(name, clause, refusal, permitted[name],
                   "" if permitted[name] else responsible_for(name, complaint, heads=heads))
            for name, clause, refusal in options]


def responsible_for(name: str, complaint: Complaint, *, heads: list[User]) -> str:
    """Who may take the action (see permissions.py), by name where the complaint names the
    person, else by role and unit: "需由…办理。"."""
    hall = complaint.hall.name
    if name in ("complete_form", "confirm_record", "assess"):
        who = _("%(hall)s的营业厅人员") % {"hall": hall}
    elif name in ("route", "close", "hand_over", "return_visit"):
        who = _("首问负责人%(owner)s或%(hall)s负责人%(heads)s") % {
            "owner": complaint.first_contact_owner.display_name, "hall": hall, "heads": _names(heads)}
    elif name in table.COUNTER_RECORD_CLAUSES:
        who = _("%(hall)s的营业厅人员") % {"hall": hall}
    elif name in ("reply", "reply_again") and complaint.routed_to_unit_id == complaint.hall_id:
        who = _("%(hall)s负责人%(heads)s") % {"hall": hall, "heads": _names(heads)}
    elif name in ("reply", "reply_again") and complaint.handler_id is not None:
        who = _("处理人%(handler)s") % {"handler": complaint.handler.display_name}
    elif name in ("reply", "reply_again"):
        who = _("%(unit)s的处理人员") % {"unit": complaint.routed_to_unit.name}
    else:  # link
        who = _("%(hall)s的营业厅人员或答复单位") % {"hall": hall}
    return _("需由%(who)s办理。") % {"who": who}


def _names(users: list[User]) -> str:
    return "、".join(u.display_name for u in users)
