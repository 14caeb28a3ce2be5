"""Reads of the organisation, and the scope rule every other selector uses:
a user acts on records of their unit and the units below it."""

from django.db.models import QuerySet

from utilicase.org.models import Role, Unit, UnitKind, User


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
