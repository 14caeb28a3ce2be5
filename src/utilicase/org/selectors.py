"""Reads of the organisation, and the scope rule every other selector uses:
a user acts on records of their unit and the units below it."""

from collections.abc import Collection

from django.db.models import Q, QuerySet

from utilicase.audit.models import AuditEvent
from utilicase.org.models import DisciplineGrant, GrantStatus, Role, Unit, UnitKind, User


def units_in_scope(*, user: User) -> QuerySet[Unit]:
    """The user's home unit and every unit below it; nothing for a user without a unit.
    A superuser sees every unit."""
    if not user.is_authenticated or not user.is_active:
        return Unit.objects.none()
    if user.is_superuser:
        return Unit.objects.all()
    if user.unit_id is None:
        return Unit.objects.none()
    return Unit.objects.filter(path__startswith=user.unit.path)


def units_below(path: str) -> list[int]:
    """The ids of the unit at `path` and the units below it (the organisation is small): the
    records of a scope are then matched on their own indexed columns, without a join to the units."""
    return list(Unit.objects.filter(path__startswith=path).values_list("id", flat=True))


def seen_by_unit(seen: Q, *, user: User, staff_role: Role, manager_roles: Collection[Role],
                 fields: tuple[str, ...] = ("office_id",)) -> Q:
    """`seen` widened by the user's unit: `staff_role` sees the records of their own unit (on the
    first of `fields`), `manager_roles` those whose `fields` name their unit or a unit below it."""
    if user.unit_id is None:
        return seen
    if user.role == staff_role:
        return seen | Q(**{fields[0]: user.unit_id})
    if user.role in manager_roles:
        below = units_below(user.unit.path)
        for field in fields:
            seen |= Q(**{f"{field}__in": below})
    return seen


def unit_in_scope(*, user: User, unit: Unit) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if user.unit_id is None:
        return False
    return unit.path.startswith(user.unit.path)


def staff_with_role(*, role: Role, unit: Unit) -> QuerySet[User]:
    """Active holders of a role whose home unit is this unit."""
    return User.objects.filter(role=role, unit=unit, is_active=True)


def company_of(unit: Unit) -> Unit:
    """The company (股份公司) a unit belongs to: its nearest COMPANY ancestor (or the root)."""
    ids = [int(p) for p in unit.path.strip("/").split("/")]
    company = Unit.objects.filter(id__in=ids, kind=UnitKind.COMPANY).order_by("-path").first()
    return company or Unit.objects.get(pk=ids[0])


def grant_in_force(*, user: User) -> DisciplineGrant | None:
    """The user's discipline inspection membership in force, whatever their role field says."""
    if user.pk is None:
        return None
    return DisciplineGrant.objects.filter(user_id=user.pk, status=GrantStatus.CONFIRMED).first()


def member_unit_id(*, user: User) -> int | None:
    """The discipline unit of which the user is a member (§6.7(iii)(1-6)): the role `discipline`,
    active, in their home unit, and a confirmed grant of that unit in force. The role alone (as a
    direct database edit would leave it) makes nobody a member."""
    if not user.is_authenticated or not user.is_active:
        return None
    if user.role != Role.DISCIPLINE or user.unit_id is None:
        return None
    if password_change_required(user=user):
        return None  # until they change the password someone else set (web: the password page)
    # Asked many times a page: the answer is kept on the user object while its role and unit stay.
    key = (user.role, user.unit_id)
    known = getattr(user, "_discipline_member", None)
    if known is not None and known[0] == key:
        return known[1]
    exists = DisciplineGrant.objects.filter(user_id=user.pk, unit_id=user.unit_id, status=GrantStatus.CONFIRMED)
    found = user.unit_id if exists.exists() else None
    user._discipline_member = (key, found)
    return found


def unit_has_member(*, unit: Unit) -> bool:
    return DisciplineGrant.objects.filter(unit=unit, status=GrantStatus.CONFIRMED).exists()


PASSWORD_SET = "org.staff.password_set"  # by someone else (an administrator)
PASSWORD_CHANGED = "org.staff.password_changed"  # by the user themselves


def password_last_set_by_another(*, user: User) -> AuditEvent | None:
    """The event of the user's password being set by someone else (an administrator), when that
    was the last time it was set: whoever set it may know it. Shown on a proposal, for the members
    who confirm it (§6.7(iii)(1-6))."""
    if user.pk is None:
        return None
    last = (AuditEvent.objects.filter(action__in=[PASSWORD_SET, PASSWORD_CHANGED], target_type=User._meta.label_lower,
                                      target_id=str(user.pk)).order_by("-seq").first())
    return last if last is not None and last.action == PASSWORD_SET and last.actor_id != user.pk else None


def password_change_required(*, user: User) -> bool:
    """A member of discipline inspection (or anyone holding the role) whose password was last set
    by someone else must change it before any report is shown to them: whoever set it could sign
    in as them (§6.7(iii)(1-6)). It holds from the moment an administrator sets it (before the
    proposal, say) through the confirmation, until the user changes it themselves. Kept on the
    user object for the request."""
    if not user.is_authenticated or user.role != Role.DISCIPLINE:
        return False
    known = getattr(user, "_password_change_required", None)
    if known is None:
        known = password_last_set_by_another(user=user) is not None
        user._password_change_required = known
    return known


def discipline_units() -> QuerySet[Unit]:
    return Unit.objects.filter(kind=UnitKind.DISCIPLINE).order_by("path")


def unit_grants(*, member: User) -> QuerySet[DisciplineGrant]:
    """The grants of the member's unit, open ones first (for its members only)."""
    unit_id = member_unit_id(user=member)
    if unit_id is None:
        return DisciplineGrant.objects.none()
    return (DisciplineGrant.objects.filter(unit_id=unit_id, status__in=[GrantStatus.PROPOSED, GrantStatus.CONFIRMED])
            .select_related("user", "proposed_by", "confirmed_by").order_by("status", "user__username"))


def membership_events(*, member: User, limit: int = 50) -> QuerySet[AuditEvent]:
    """Every proposal, confirmation, refusal and removal of the member's unit, and every change an
    administrator made to one of its members' accounts, newest first (for its members only)."""
    unit_id = member_unit_id(user=member)
    if unit_id is None:
        return AuditEvent.objects.none()
    grant_ids = [str(pk) for pk in DisciplineGrant.objects.filter(unit_id=unit_id).values_list("pk", flat=True)]
    return (AuditEvent.objects.filter(target_type=DisciplineGrant._meta.label_lower, target_id__in=grant_ids)
            .order_by("-seq")[:limit])
