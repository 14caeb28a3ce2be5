"""Access functions of the evidence register. Seeing evidence follows seeing its case
(`core.cases.case_for`): the register, its files and its package are read by whoever may see the
case, and a case one may not see answers 404. Recording evidence also needs a role that does
case work; approvers (deputy managers) and administrators read only. Each condition on its own
line."""

from utilicase.org.models import Role, User

RECORDING_ROLES = frozenset({
    Role.INSPECTOR, Role.OFFICE_HEAD, Role.FIELD_WORKER, Role.HANDLER, Role.HALL_STAFF, Role.HALL_HEAD,
    Role.DISCIPLINE,
})


def can_record_evidence(user: User) -> bool:
    """Register items, add photos, seal, move custody and take the customer's confirmation, on a
    case the user sees (the caller has checked that)."""
    if not user.is_authenticated:
        return False
    if not user.is_active:
        return False
    return user.role in RECORDING_ROLES
