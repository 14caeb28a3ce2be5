"""Who may do what in billing. Each condition on its own line.

Recording and reversing payments is the work of the office and hall staff who take money, the
marketing (营销) department and managers; export batches go to the billing system from the
enterprise: its managers and administrators, who have the enterprise in scope. Inspectors see receivables
of the cases they see but do not take money; discipline inspection does neither."""

from utilicase.org.models import Role, User

PAYMENT_ROLES = frozenset({Role.OFFICE_HEAD, Role.ENTERPRISE_DEPUTY, Role.COMPANY_DEPUTY, Role.HALL_STAFF,
                           Role.HALL_HEAD, Role.HANDLER, Role.ADMIN})
EXPORT_ROLES = frozenset({Role.ENTERPRISE_DEPUTY, Role.COMPANY_DEPUTY, Role.ADMIN})


def _staff(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active)


def can_view_receivables(user: User) -> bool:
    if not _staff(user):
        return False
    if user.is_superuser:
        return True
    return bool(user.role) and user.role != Role.DISCIPLINE


def can_record_payment(user: User) -> bool:
    if not _staff(user):
        return False
    if user.is_superuser:
        return True
    return user.role in PAYMENT_ROLES


def can_export(user: User) -> bool:
    if not _staff(user):
        return False
    if user.is_superuser:
        return True
    return user.role in EXPORT_ROLES
