"""Who may do what with a complaint. Each condition on its own line.

A permission refusal is not a rule of the regulation: the services raise `NotAllowed` (a
PermissionDenied, answered 403), never RuleViolation (409). Seeing a complaint at all is the
selectors' business (a complaint out of sight is a 404)."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from utilicase.complaints.models import Complaint
from utilicase.customers.permissions import HALL_ROLES
from utilicase.org.models import Role, UnitKind, User
from utilicase.org.permissions import is_active_user


class NotAllowed(PermissionDenied):
    """The user may not take this action on this complaint."""


# Who answers a complaint routed to a unit, by the unit's kind: a department's handlers; the hall's
# head; leadership (§6.6(7): the company's or an enterprise's deputy manager).
HANDLER_ROLE_BY_KIND = {UnitKind.HALL: Role.HALL_HEAD, UnitKind.COMPANY: Role.COMPANY_DEPUTY,
                        UnitKind.ENTERPRISE: Role.ENTERPRISE_DEPUTY}
LEADERSHIP_KINDS = frozenset({UnitKind.COMPANY, UnitKind.ENTERPRISE})


def handler_role(unit) -> str:
    return HANDLER_ROLE_BY_KIND.get(unit.kind, Role.HANDLER)


def _hall_staff_of(user: User, complaint: Complaint) -> bool:
    if user.role not in HALL_ROLES:
        return False
    return user.unit_id == complaint.hall_id


def is_hall_head_of(user: User, complaint: Complaint) -> bool:
    if user.role != Role.HALL_HEAD:
        return False
    return user.unit_id == complaint.hall_id


def can_receive_complaint(user: User) -> bool:
    """Service-hall staff and the hall head take complaints at their hall (§6.5(i))."""
    if not is_active_user(user):
        return False
    if user.role not in HALL_ROLES:
        return False
    if user.unit_id is None:
        return False
    return user.unit.kind == UnitKind.HALL


def can_complete_form_complaint(user: User, complaint: Complaint) -> bool:
    if not is_active_user(user):
        return False
    return _hall_staff_of(user, complaint)


def can_confirm_record_complaint(user: User, complaint: Complaint) -> bool:
    if not is_active_user(user):
        return False
    return _hall_staff_of(user, complaint)


def can_counter_record_complaint(user: User, complaint: Complaint) -> bool:
    """The hall's staff record what happened at the counter (§6.5(ii)(2)-(3))."""
    if not is_active_user(user):
        return False
    return _hall_staff_of(user, complaint)


def can_assess_complaint(user: User, complaint: Complaint) -> bool:
    if not is_active_user(user):
        return False
    return _hall_staff_of(user, complaint)


def can_hand_over_complaint(user: User, complaint: Complaint) -> bool:
    """The first-contact owner passes the responsibility on; the hall head may reassign it."""
    if not is_active_user(user):
        return False
    if complaint.first_contact_owner_id == user.pk:
        return True
    return is_hall_head_of(user, complaint)


def can_route_complaint(user: User, complaint: Complaint) -> bool:
    """The first-contact owner routes; the hall head too (and routes opinion-book complaints on)."""
    if not is_active_user(user):
        return False
    if complaint.first_contact_owner_id == user.pk:
        return True
    return is_hall_head_of(user, complaint)


def can_reply_complaint(user: User, complaint: Complaint) -> bool:
    """The routed unit replies: its named handler, or any of its handlers when none is named (at
    leadership, its deputy manager); a complaint routed to its own hall (every opinion-book
    complaint first) by the hall head."""
    if not is_active_user(user):
        return False
    if complaint.routed_to_unit_id is None:
        return False
    if complaint.routed_to_unit_id == complaint.hall_id:
        return is_hall_head_of(user, complaint)
    if complaint.handler_id is not None:
        return complaint.handler_id == user.pk
    if user.role != handler_role(complaint.routed_to_unit):
        return False
    return user.unit_id == complaint.routed_to_unit_id


def can_close_complaint(user: User, complaint: Complaint) -> bool:
    """The hall that received the complaint closes it once replied."""
    if not is_active_user(user):
        return False
    if complaint.first_contact_owner_id == user.pk:
        return True
    return is_hall_head_of(user, complaint)


def can_link_complaint(user: User, complaint: Complaint) -> bool:
    if not is_active_user(user):
        return False
    if _hall_staff_of(user, complaint):
        return True
    return can_reply_complaint(user, complaint)


# The permission of each action, for pages that list the actions.
def can_return_visit(user: User, complaint: Complaint) -> bool:
    """The hall that received the complaint calls the customer back after the reply (回访)."""
    return can_close_complaint(user, complaint)


def can_reply_again(user: User, complaint: Complaint) -> bool:
    """A complaint reopened at the return visit is answered again by whoever may reply to it."""
    return can_reply_complaint(user, complaint)


BY_ACTION = {
    "complete_form": can_complete_form_complaint,
    "confirm_record": can_confirm_record_complaint,
    "assess": can_assess_complaint,
    "route": can_route_complaint,
    "reply": can_reply_complaint,
    "close": can_close_complaint,
    "return_visit": can_return_visit,
    "reply_again": can_reply_again,
    "hand_over": can_hand_over_complaint,
    "link": can_link_complaint,
    "vip_room": can_counter_record_complaint,
    "hall_head_told": can_counter_record_complaint,
}


def require(allowed: bool) -> None:
    if not allowed:
        raise NotAllowed(_("您无权对该投诉执行此操作。"))
