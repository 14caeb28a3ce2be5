"""Which complaints a user may see, restricted at the source; a complaint out of sight is
answered exactly like a missing one.

Who sees a complaint:
- service-hall staff and the hall head: every complaint their hall received;
- department handlers: the complaints routed to their unit (or below it);
- business-office heads, enterprise and company deputies: those routed to, or received by, a
  unit in their scope;
- anyone who is or was its first-contact owner, current owner or named handler;
- nobody else (administrators included: reference data is their work, not complaints).
"""

from datetime import date, datetime, time

from django.db.models import BooleanField, Case, Q, QuerySet, Value, When
from django.utils import timezone

from utilicase.calendar.selectors import overdue_q
from utilicase.complaints import permissions as perms
from utilicase.complaints.models import Complaint
from utilicase.org.models import Role, User
from utilicase.org.permissions import MANAGER_ROLES
from utilicase.org.selectors import units_below

TARGET_TYPE = "complaints.complaint"


def visible(*, user: User) -> QuerySet[Complaint]:
    if not user.is_authenticated or not user.is_active:
        return Complaint.objects.none()
    seen = Q(first_contact_owner=user) | Q(current_owner=user) | Q(handler=user)
    if user.unit_id is not None:
        if user.role in perms.HALL_ROLES:
            seen |= Q(hall_id__in=units_below(user.unit.path))
        elif user.role == Role.HANDLER:
            seen |= Q(routed_to_unit_id__in=units_below(user.unit.path))
        elif user.role in MANAGER_ROLES:
            below = units_below(user.unit.path)
            seen |= Q(routed_to_unit_id__in=below) | Q(hall_id__in=below)
    return Complaint.objects.filter(seen)


def complaint_ids_visible(*, user: User, ids: list[int]) -> list[int]:
    """Of these ids, those of the complaints the user may see (`complaint_get` finds each), in one
    query."""
    return list(visible(user=user).filter(pk__in=ids).values_list("pk", flat=True))


def with_due(queryset: QuerySet[Complaint], *, now: datetime) -> QuerySet[Complaint]:
    """Each complaint with `is_overdue`: its next due time (`next_due_at`, the earliest open
    deadline: the form's, then the reply's) has passed. Derived when read, never stored."""
    return queryset.annotate(is_overdue=Case(When(overdue_q("next_due_at", now), then=Value(True)), default=Value(False),
                                             output_field=BooleanField()))


def day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))
