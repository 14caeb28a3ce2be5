from datetime import date, timedelta

import pytest

from utilicase.audit.models import AuditEvent
from utilicase.org.models import Certificate, Role, Unit, UnitKind, Utility
from utilicase.org.selectors import unit_in_scope, units_in_scope
from utilicase.org.services import (
    OrgError,
    certificate_issue,
    certificate_revoke,
    staff_create,
    unit_create,
)

pytestmark = pytest.mark.django_db


def test_unit_path_follows_the_tree(org):
    office = org["tf-power-city"]
    assert office.path == f"/{org['tianfu'].pk}/{org['tf-power'].pk}/{office.pk}/"
    assert office.enterprise() == org["tf-power"]
    assert org["tianfu"].enterprise() is None


def test_enterprise_needs_a_utility(org, now):
    with pytest.raises(OrgError) as exc:
        unit_create(actor=None, name="新公司", code="new", kind=UnitKind.ENTERPRISE, parent=org["tianfu"], now=now)
    assert exc.value.field == "utility"
    assert not Unit.objects.filter(code="new").exists()


def test_office_cannot_sit_under_the_company(org, now):
    with pytest.raises(OrgError) as exc:
        unit_create(actor=None, name="营业所", code="o", kind=UnitKind.OFFICE, parent=org["tianfu"], now=now)
    assert exc.value.field == "parent"


def test_unit_code_is_unique(org, now):
    with pytest.raises(OrgError) as exc:
        unit_create(actor=None, name="重复", code="tf-power-city", kind=UnitKind.OFFICE, parent=org["tf-power"], now=now)
    assert exc.value.field == "code"


def test_unit_creation_is_audited(org):
    event = AuditEvent.objects.get(action="org.unit.created", target_id=str(org["tf-gas-north"].pk))
    assert event.after["parent"] == "tf-gas"


def test_office_head_scope_is_the_office_only(example_user, org):
    scope = set(units_in_scope(user=example_user("office_head1")).values_list("code", flat=True))
    assert scope == {"tf-power-city"}


def test_enterprise_deputy_scope_is_the_enterprise_and_below(example_user):
    scope = set(units_in_scope(user=example_user("enterprise_deputy1")).values_list("code", flat=True))
    assert scope == {"tf-power", "tf-power-city", "tf-power-dev", "tf-power-marketing"}


def test_company_deputy_sees_every_unit(example_user):
    assert units_in_scope(user=example_user("company_deputy1")).count() == Unit.objects.count() == 13


def test_unit_in_scope_is_false_for_a_sibling(example_user, org):
    assert not unit_in_scope(user=example_user("inspector1"), unit=org["tf-power-dev"])
    assert not unit_in_scope(user=example_user("inspector1"), unit=org["tf-power"])
    assert unit_in_scope(user=example_user("inspector1"), unit=org["tf-power-city"])


def test_inactive_user_has_no_scope(example_user):
    user = example_user("office_head1")
    user.is_active = False
    assert units_in_scope(user=user).count() == 0


def test_staff_create_refuses_unknown_role_and_taken_username(org, now):
    with pytest.raises(OrgError) as exc:
        staff_create(actor=None, username="x", full_name="某", role="boss", unit=org["tianfu"], password=None, now=now)
    assert exc.value.field == "role"
    with pytest.raises(OrgError) as exc:
        staff_create(actor=None, username="inspector1", full_name="某", role=Role.INSPECTOR, unit=org["tianfu"],
                     password=None, now=now)
    assert exc.value.field == "username"


def test_certificate_validity_window_and_revocation_s2_4_4(example_user, now):
    cert = Certificate.objects.get(number="XJ-D-2024-0131")
    assert cert.is_valid_on(now.date())
    assert not cert.is_valid_on(cert.valid_to_date + timedelta(days=1))
    assert not cert.is_valid_on(cert.valid_from_date - timedelta(days=1))
    certificate_revoke(actor=example_user("admin"), certificate=cert, reason="调离检查岗位", now=now)
    cert.refresh_from_db()
    assert not cert.is_valid_on(now.date())
    assert cert.is_valid_on(now.date() - timedelta(days=1))  # it was valid before the revocation
    event = AuditEvent.objects.filter(action="org.certificate.revoked").get()
    assert event.clause == "§2.4(4)"


def test_certificate_only_for_inspectors(example_user, now):
    with pytest.raises(OrgError) as exc:
        certificate_issue(actor=None, holder=example_user("hall_staff1"), number="N-1", utility=Utility.POWER,
                          valid_from_date=date(2026, 1, 1), valid_to_date=date(2026, 12, 31), now=now)
    assert exc.value.field == "holder"


def test_certificate_dates_must_be_in_order(example_user, now):
    with pytest.raises(OrgError) as exc:
        certificate_issue(actor=None, holder=example_user("inspector1"), number="N-2", utility=Utility.GAS,
                          valid_from_date=date(2026, 12, 31), valid_to_date=date(2026, 1, 1), now=now)
    assert exc.value.field == "valid_to_date"
    assert not Certificate.objects.filter(number="N-2").exists()


def test_revoking_twice_is_refused(example_user, now):
    cert = Certificate.objects.get(number="XJ-Q-2024-0044")
    certificate_revoke(actor=None, certificate=cert, reason="遗失", now=now)
    with pytest.raises(OrgError):
        certificate_revoke(actor=None, certificate=cert, reason="遗失", now=now)
