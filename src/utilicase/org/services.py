"""The writers of the organisation: units, staff, certificates, API tokens. Each one audits."""

from datetime import date, datetime

from django.db import transaction

from utilicase.audit.services import audit_record
from utilicase.core.rules import RuleViolation
from utilicase.org.auth import TOKEN_PREFIX_LEN, hash_token, new_token
from utilicase.org.domain import membership as rules
from utilicase.org.models import (
    ApiToken,
    Certificate,
    DisciplineGrant,
    GrantStatus,
    Role,
    Unit,
    UnitKind,
    User,
    Utility,
)
from utilicase.org.permissions import can_manage_reference_data
from utilicase.org.selectors import (
    grant_in_force,
    member_unit_id,
    unit_has_member,
)


class OrgError(ValueError):
    """Bad organisation data: names the field and the reason."""

    def __init__(self, field: str, message: str):
        self.field = field
        super().__init__(f"{field}: {message}")


# Which kinds of unit may sit under which: the company at the top, enterprises under it,
# offices, halls and departments under an enterprise or the company.
_ALLOWED_PARENT = {
    UnitKind.COMPANY: {None},
    UnitKind.ENTERPRISE: {UnitKind.COMPANY},
    UnitKind.OFFICE: {UnitKind.ENTERPRISE},
    UnitKind.HALL: {UnitKind.ENTERPRISE, UnitKind.COMPANY, UnitKind.OFFICE},
    UnitKind.DEPARTMENT: {UnitKind.ENTERPRISE, UnitKind.COMPANY},
    UnitKind.DISCIPLINE: {UnitKind.COMPANY, UnitKind.ENTERPRISE},
}


@transaction.atomic
def unit_create(
    *, actor: User | None, name: str, code: str, kind: str, parent: Unit | None,
    utility: str = "", short_name: str = "", now: datetime,
) -> Unit:
    kind = UnitKind(kind)
    parent_kind = UnitKind(parent.kind) if parent is not None else None
    if parent_kind not in _ALLOWED_PARENT[kind]:
        raise OrgError("parent", f"a {kind.label} cannot sit under {parent_kind.label if parent_kind else 'nothing'}")
    if kind == UnitKind.ENTERPRISE and utility not in Utility.values:
        raise OrgError("utility", "an enterprise supplies one utility: POWER, HEAT or GAS")
    if utility and utility not in Utility.values:
        raise OrgError("utility", f"unknown utility {utility!r}")
    if Unit.objects.filter(code=code).exists():
        raise OrgError("code", f"unit code {code!r} is taken")
    if kind == UnitKind.DISCIPLINE and parent_kind == UnitKind.COMPANY \
            and parent.children.filter(kind=UnitKind.DISCIPLINE).exists():
        # Reports go to the company's discipline unit (§6.7(i-ii)): a second one would divert them.
        raise OrgError("kind", "the company already has its discipline inspection unit")
    unit = Unit.objects.create(
        name=name, code=code, kind=kind, parent=parent, utility=utility, short_name=short_name, path="",
    )
    unit.path = f"{parent.path if parent else '/'}{unit.pk}/"
    unit.save(update_fields=["path"])
    audit_record(actor=actor, action="org.unit.created", target=unit,
                 after={"name": name, "code": code, "kind": kind, "parent": parent.code if parent else None,
                        "utility": utility}, now=now)
    return unit


def _raise(violation: RuleViolation | None) -> None:
    if violation is not None:
        raise violation


def staff_change_refusal(*, user: User, role_after: str, unit_after: Unit | None) -> RuleViolation | None:
    """The one guard of a member of staff's role and home unit (§6.7(iii)(1-6)); forms ask it too."""
    grant = grant_in_force(user=user)
    return rules.staff_change_refusal(rules.StaffChange(
        member_unit_id=grant.unit_id if grant else None,
        role_before=user.role if user.pk else "", role_after=role_after,
        unit_before_id=user.unit_id if user.pk else None, unit_after_id=unit_after.pk if unit_after else None,
        unit_after_is_discipline=unit_after is not None and unit_after.kind == UnitKind.DISCIPLINE,
    ))


@transaction.atomic
def staff_create(
    *, actor: User | None, username: str, full_name: str, role: str, unit: Unit | None,
    password: str | None, phone: str = "", is_admin: bool = False, now: datetime,
) -> User:
    """A member of staff. A blank role and no unit: not yet placed. Never discipline inspection,
    which only a confirmed grant gives (§6.7(iii)(1-6))."""
    if role and role not in Role.values:
        raise OrgError("role", f"unknown role {role!r}")
    if User.objects.filter(username=username).exists():
        raise OrgError("username", f"username {username!r} is taken")
    user = User(username=username, full_name=full_name, role=role, unit=unit, phone=phone,
                is_staff=is_admin, is_superuser=is_admin)
    _raise(staff_change_refusal(user=user, role_after=role, unit_after=unit))
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    audit_record(actor=actor, action="org.staff.created", target=user,
                 after={"username": username, "full_name": full_name, "role": role,
                        "unit": unit.code if unit else None}, now=now)
    return user


# What an edit of a member of staff may change (passwords and permissions have their own paths).
STAFF_FIELDS = frozenset({"username", "full_name", "first_name", "last_name", "email", "phone", "role", "unit",
                          "is_active", "is_staff", "is_superuser"})


def _plain(value):
    return value.code if isinstance(value, Unit) else value


@transaction.atomic
def staff_update(*, actor: User | None, user: User, changes: dict, now: datetime) -> User:
    """The one writer of an existing member of staff's account: every edit (the admin's form
    included) comes here. Refuses whatever would give or take the discipline role
    (§6.7(iii)(1-6)). A change to a member's account is shown to the members of their unit."""
    unknown = set(changes) - STAFF_FIELDS
    if unknown:
        raise OrgError(sorted(unknown)[0], "not changed by a staff edit")
    if not changes:
        return user
    locked = User.objects.select_for_update().get(pk=user.pk)
    role_after = changes.get("role", locked.role) or ""
    if role_after and role_after not in Role.values:
        raise OrgError("role", f"unknown role {role_after!r}")
    _raise(staff_change_refusal(user=locked, role_after=role_after, unit_after=changes.get("unit", locked.unit)))
    before = {field: _plain(getattr(locked, field)) for field in changes}
    for field, value in changes.items():
        setattr(locked, field, value)
    locked.save(update_fields=list(changes))
    after = {field: _plain(value) for field, value in changes.items()}
    grant = grant_in_force(user=locked)
    if grant is not None:
        audit_record(actor=actor, action="org.discipline.member_changed", target=grant, clause=rules.CLAUSE,
                     before={"user": locked.username, **before}, after={"user": locked.username, **after}, now=now)
    else:
        audit_record(actor=actor, action="org.staff.changed", target=locked, before=before, after=after, now=now)
    return locked


def _has_open_grant(user: User) -> bool:
    return user.discipline_grants.filter(status__in=[GrantStatus.PROPOSED, GrantStatus.CONFIRMED]).exists()


def discipline_proposal_refusal(*, actor: User, user: User, unit: Unit) -> RuleViolation | None:
    return rules.proposal_refusal(
        proposer_is_admin=can_manage_reference_data(actor), proposer_id=actor.pk, grantee_id=user.pk,
        grantee_active=user.is_active, has_open_grant=_has_open_grant(user),
        unit_is_discipline=unit.kind == UnitKind.DISCIPLINE,
    )


def _membership(grant: DisciplineGrant, **extra) -> dict:
    return {"user": grant.user.username, "unit": grant.unit.code, **extra}


@transaction.atomic
def discipline_propose(*, actor: User, user: User, unit: Unit, now: datetime) -> DisciplineGrant:
    """An administrator proposes someone else for discipline inspection (§6.7(iii)(1-6)). No
    access until a member of the unit confirms it."""
    grantee = User.objects.select_for_update().get(pk=user.pk)
    _raise(discipline_proposal_refusal(actor=actor, user=grantee, unit=unit))
    grant = DisciplineGrant.objects.create(user=grantee, unit=unit, status=GrantStatus.PROPOSED, proposed_by=actor,
                                           proposed_at=now)
    audit_record(actor=actor, action="org.discipline.proposed", target=grant, clause=rules.CLAUSE,
                 after=_membership(grant, role=grantee.role, home_unit=grantee.unit.code if grantee.unit else None),
                 now=now)
    return grant


def _member_unit_id_now(actor: User) -> int | None:
    """The actor's membership as the database has it now, not as their (request's) object does."""
    return member_unit_id(user=User.objects.get(pk=actor.pk))


def _locked_grant(grant: DisciplineGrant) -> DisciplineGrant:
    return DisciplineGrant.objects.select_for_update().select_related("user", "unit").get(pk=grant.pk)


def _decidable(*, actor: User, grant: DisciplineGrant) -> DisciplineGrant:
    """The proposal, locked, when this actor may confirm or decline it: a member of its unit in
    force who is neither its proposer nor its grantee; RuleViolation otherwise."""
    grant = _locked_grant(grant)
    _raise(rules.confirmation_refusal(
        confirmer_id=actor.pk, proposer_id=grant.proposed_by_id, grantee_id=grant.user_id,
        confirmer_member_unit_id=_member_unit_id_now(actor), grant_unit_id=grant.unit_id,
        is_proposed=grant.status == GrantStatus.PROPOSED,
    ))
    return grant


def _take_up(grant: DisciplineGrant) -> dict:
    """The grantee becomes a member: the role `discipline` in the grant's unit. Returns what they were."""
    user = User.objects.select_for_update().get(pk=grant.user_id)
    was = {"role": user.role, "home_unit": user.unit.code if user.unit else None}
    user.role, user.unit = Role.DISCIPLINE, grant.unit
    user.save(update_fields=["role", "unit"])
    return was


@transaction.atomic
def discipline_confirm(*, actor: User, grant: DisciplineGrant, now: datetime) -> DisciplineGrant:
    """A member of the unit, not the proposer, confirms a proposal: the grant is in force."""
    grant = _decidable(actor=actor, grant=grant)
    grant.status, grant.confirmed_by, grant.confirmed_at = GrantStatus.CONFIRMED, actor, now
    grant.save(update_fields=["status", "confirmed_by", "confirmed_at"])
    was = _take_up(grant)
    audit_record(actor=actor, action="org.discipline.confirmed", target=grant, clause=rules.CLAUSE,
                 before=was, after=_membership(grant, role=Role.DISCIPLINE.value), now=now)
    return grant


@transaction.atomic
def discipline_decline(*, actor: User, grant: DisciplineGrant, now: datetime) -> DisciplineGrant:
    """A member of the unit, not the proposer, declines a proposal."""
    grant = _decidable(actor=actor, grant=grant)
    grant.status, grant.ended_by, grant.ended_at = GrantStatus.DECLINED, actor, now
    grant.save(update_fields=["status", "ended_by", "ended_at"])
    audit_record(actor=actor, action="org.discipline.declined", target=grant, clause=rules.CLAUSE,
                 after=_membership(grant), now=now)
    return grant


@transaction.atomic
def discipline_remove(*, actor: User, grant: DisciplineGrant, now: datetime) -> DisciplineGrant:
    """A member of the unit ends a membership (their own included). The former member keeps no
    role and no unit until an administrator places them again."""
    grant = _locked_grant(grant)
    _raise(rules.removal_refusal(remover_member_unit_id=_member_unit_id_now(actor), grant_unit_id=grant.unit_id,
                                 is_in_force=grant.status == GrantStatus.CONFIRMED))
    user = User.objects.select_for_update().get(pk=grant.user_id)
    user.role, user.unit = "", None
    user.save(update_fields=["role", "unit"])
    grant.status, grant.ended_by, grant.ended_at = GrantStatus.REMOVED, actor, now
    grant.save(update_fields=["status", "ended_by", "ended_at"])
    audit_record(actor=actor, action="org.discipline.removed", target=grant, clause=rules.CLAUSE,
                 before={"role": Role.DISCIPLINE.value}, after=_membership(grant, role=""), now=now)
    return grant


def discipline_install_refusal(*, user: User, unit: Unit) -> RuleViolation | None:
    return rules.installation_refusal(
        unit_is_discipline=unit.kind == UnitKind.DISCIPLINE, unit_has_member=unit_has_member(unit=unit),
        has_open_grant=_has_open_grant(user),
    )


@transaction.atomic
def discipline_install(*, user: User, unit: Unit, now: datetime) -> DisciplineGrant:
    """The first member of a discipline unit, at installation (`utilicase discipline grant`):
    only while the unit has no member, with neither proposer nor confirmer."""
    grantee = User.objects.select_for_update().get(pk=user.pk)
    _raise(discipline_install_refusal(user=grantee, unit=unit))
    grant = DisciplineGrant.objects.create(user=grantee, unit=unit, status=GrantStatus.CONFIRMED, proposed_at=now,
                                           confirmed_at=now)
    was = _take_up(grant)
    audit_record(actor=None, action="org.discipline.installed", target=grant, clause=rules.CLAUSE,
                 before=was, after=_membership(grant, role=Role.DISCIPLINE.value), now=now)
    return grant


@transaction.atomic
def password_change_own(*, user: User, new_password: str, now: datetime) -> User:
    """The user sets their own password (the old one checked by the form). It ends a password
    change required because an administrator had set it (selectors.password_change_required)."""
    locked = User.objects.select_for_update().get(pk=user.pk)
    locked.set_password(new_password)
    locked.save(update_fields=["password"])
    audit_record(actor=locked, action="org.staff.password_changed", target=locked, after={"user": locked.username}, now=now)
    user.password = locked.password
    user._password_change_required = False
    return user


@transaction.atomic
def password_set_by_admin_recorded(*, actor: User, user: User, now: datetime) -> None:
    """An administrator set the user's password (the admin's password form, or a new account made
    with one): an audit event, which members see on a proposal, and which requires a member of
    discipline inspection to change it at their next sign-in before any report is shown."""
    audit_record(actor=actor, action="org.staff.password_set", target=user, after={"user": user.username}, now=now)


def password_set_refusal(*, actor: User | None, user: User) -> RuleViolation | None:
    """Nobody sets the password of a member of discipline inspection, or of someone proposed as
    one, but themselves: whoever knows it reads every report (§6.7(iii)(1-6))."""
    if actor is not None and actor.pk == user.pk:
        return None
    if not _has_open_grant(user):
        return None
    return RuleViolation(rules.CLAUSE, rules.PASSWORD_REFUSED)


@transaction.atomic
def certificate_issue(
    *, actor: User | None, holder: User, number: str, utility: str,
    valid_from_date: date, valid_to_date: date, now: datetime,
) -> Certificate:
    """An inspector certificate (检查证), required to inspect that utility (§2.4(4))."""
    if holder.role != Role.INSPECTOR:
        raise OrgError("holder", "only inspectors hold inspector certificates")
    if utility not in Utility.values:
        raise OrgError("utility", f"unknown utility {utility!r}")
    if valid_to_date < valid_from_date:
        raise OrgError("valid_to_date", "ends before it starts")
    if Certificate.objects.filter(number=number).exists():
        raise OrgError("number", f"certificate number {number!r} is taken")
    cert = Certificate.objects.create(holder=holder, number=number, utility=utility,
                                      valid_from_date=valid_from_date, valid_to_date=valid_to_date)
    audit_record(actor=actor, action="org.certificate.issued", target=cert, clause="§2.4(4)",
                 after={"holder": holder.username, "number": number, "utility": utility,
                        "valid_from_date": valid_from_date, "valid_to_date": valid_to_date}, now=now)
    return cert


@transaction.atomic
def certificate_revoke(*, actor: User | None, certificate: Certificate, reason: str, now: datetime) -> Certificate:
    if certificate.revoked_at is not None:
        raise OrgError("certificate", "already revoked")
    if not reason.strip():
        raise OrgError("reason", "a revocation needs a reason")
    certificate.revoked_at, certificate.revoked_reason = now, reason
    certificate.save(update_fields=["revoked_at", "revoked_reason"])
    audit_record(actor=actor, action="org.certificate.revoked", target=certificate, clause="§2.4(4)",
                 after={"reason": reason}, now=now)
    return certificate


@transaction.atomic
def token_create(*, actor: User | None, user: User, name: str = "", now: datetime) -> tuple[ApiToken, str]:
    """A new API token for the user: (row, the token itself, shown only this once)."""
    if not user.is_active:
        raise OrgError("user", f"{user.username} is not active")
    token = new_token()
    row = ApiToken.objects.create(user=user, name=name, key_hash=hash_token(token),
                                  prefix=token[:TOKEN_PREFIX_LEN], created_at=now)
    audit_record(actor=actor, action="org.token.created", target=row,
                 after={"user": user.username, "name": name, "prefix": row.prefix}, now=now)
    return row, token


@transaction.atomic
def token_revoke(*, actor: User | None, token: ApiToken, now: datetime) -> ApiToken:
    token.revoked_at = now
    token.save(update_fields=["revoked_at"])
    audit_record(actor=actor, action="org.token.revoked", target=token, after={"prefix": token.prefix}, now=now)
    return token
