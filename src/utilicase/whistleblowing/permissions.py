"""Who may do what with a whistleblower report. Each condition on its own line.

The rule of §6.7(iii)(1-6): the front line records only what routing needs; once a report is
confirmed, its content and reporter are for discipline inspection alone. So:

- members of discipline inspection (the role `discipline` with a confirmed grant in force for
  their unit, `org.permissions.is_discipline_member`) see every report routed to their unit, in
  any state; the role alone, as a database edit would leave it, shows nothing;
- a front-line receiver (hall staff, hall head) sees their own intake while it is still
  unconfirmed or was found not to be a report, and never its content;
- nobody else sees anything: not administrators, not superusers, not the hall head for their
  staff's intakes. Superuser status grants nothing here.
"""

from utilicase.org.models import Role, User
from utilicase.org.permissions import is_active_user, is_discipline_member
from utilicase.whistleblowing.domain import transitions as t
from utilicase.whistleblowing.models import Report

FRONT_LINE_ROLES = frozenset({Role.HALL_STAFF, Role.HALL_HEAD})


def is_discipline(user: User) -> bool:
    return is_discipline_member(user)


def is_front_line(user: User) -> bool:
    if not is_active_user(user):
        return False
    if user.role not in FRONT_LINE_ROLES:
        return False
    return user.unit_id is not None


def can_take_report(user: User) -> bool:
    """Front-line staff record reports at the counter, on the phone, from letters and the box."""
    return is_front_line(user)


def can_view_report_content(user: User, report: Report) -> bool:
    """Content, reporter, attachments, notes and outcome: discipline inspection of the unit the
    report is routed to, and nobody else."""
    if not is_discipline(user):
        return False
    return report.discipline_unit_id == user.unit_id


def can_reset_claim_secret(user: User, report: Report) -> bool:
    """Clearing a claim secret someone else set (claims.py): discipline inspection of the report's
    unit alone, never the front line who knows the code."""
    return can_view_report_content(user, report)


def can_view_confidential_events(user: User, report: Report) -> bool:
    """Events of the report only discipline inspection sees on its timeline (a claim secret reset)."""
    return can_view_report_content(user, report)


def is_receiver_before_confirmation(user: User, report: Report) -> bool:
    if not is_front_line(user):
        return False
    if report.received_by_id != user.pk:
        return False
    return report.status in t.FRONT_LINE_STATES


def can_view_report(user: User, report: Report) -> bool:
    if can_view_report_content(user, report):
        return True
    return is_receiver_before_confirmation(user, report)


def can_act_on_report(user: User, report: Report, transition: str) -> bool:
    """Whether the user is the one who performs this transition (the table says whether it may
    happen now)."""
    if can_view_report_content(user, report):
        return transition in t.DISCIPLINE_TRANSITIONS
    if is_receiver_before_confirmation(user, report):
        return transition in t.FRONT_LINE_TRANSITIONS
    return False


def can_attach_to_report(user: User, report: Report) -> bool:
    if report.status not in t.ATTACHABLE_STATES:
        return False
    if can_view_report_content(user, report):
        return True
    return is_receiver_before_confirmation(user, report) and report.status == t.RECEIVED


def can_export_reports(user: User) -> bool:
    return is_discipline(user)


def can_view_report_kpis(user: User) -> bool:
    return is_discipline(user)


def can_search_reports(user: User) -> bool:
    return is_discipline(user)
