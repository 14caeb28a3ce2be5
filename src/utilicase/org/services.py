"""The writers of the organisation: units, staff, certificates, API tokens. Each one audits."""

from datetime import date, datetime

from django.db import transaction

from utilicase.audit.services import audit_record
from utilicase.org.auth import TOKEN_PREFIX_LEN, hash_token, new_token
from utilicase.org.models import ApiToken, Certificate, Role, Unit, UnitKind, User, Utility


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
    unit = Unit.objects.create(
        name=name, code=code, kind=kind, parent=parent, utility=utility, short_name=short_name, path="",
    )
    unit.path = f"{parent.path if parent else '/'}{unit.pk}/"
    unit.save(update_fields=["path"])
    audit_record(actor=actor, action="org.unit.created", target=unit,
                 after={"name": name, "code": code, "kind": kind, "parent": parent.code if parent else None,
                        "utility": utility}, now=now)
    return unit


@transaction.atomic
def staff_create(
    *, actor: User | None, username: str, full_name: str, role: str, unit: Unit,
    password: str | None, phone: str = "", is_admin: bool = False, now: datetime,
) -> User:
    if role not in Role.values:
        raise OrgError("role", f"unknown role {role!r}")
    if User.objects.filter(username=username).exists():
        raise OrgError("username", f"username {username!r} is taken")
    user = User(username=username, full_name=full_name, role=role, unit=unit, phone=phone,
                is_staff=is_admin, is_superuser=is_admin)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    audit_record(actor=actor, action="org.staff.created", target=user,
                 after={"username": username, "full_name": full_name, "role": role, "unit": unit.code}, now=now)
    return user


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
