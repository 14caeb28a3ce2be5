"""Discipline inspection membership (§6.7(iii)(1-6)): only the role `discipline` with a grant in
force sees whistleblower reports, and no single person gives it: nobody grants it to themselves,
an administrator only proposes, a member of the unit other than the proposer confirms; editing
a member of staff never gives or takes it; the database refuses what the services refuse."""

import io
import json
import sys

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, transaction

from tests.integration.org.conftest import SECRET
from utilicase.audit.models import AuditEvent
from utilicase.core.rules import RuleViolation
from utilicase.org.models import DisciplineGrant, GrantStatus, Role, Unit, User
from utilicase.org.services import (
    OrgError,
    discipline_confirm,
    discipline_decline,
    discipline_install,
    discipline_propose,
    discipline_remove,
    staff_create,
    staff_update,
    unit_create,
)
from utilicase.whistleblowing import selectors as report_selectors
from utilicase.whistleblowing.models import Report

pytestmark = pytest.mark.django_db


def _sees(user, report) -> bool:
    try:
        return report_selectors.report_content(user=user, report=report_selectors.report_get(
            user=user, address=report.address)).content == SECRET
    except Report.DoesNotExist:
        return False


def _refused(call, clause="§6.7(iii)(1-6)") -> str:
    with pytest.raises(RuleViolation) as exc:
        call()
    assert exc.value.clause == clause
    return exc.value.message


def test_the_demo_member_was_granted_at_installation_s6_7_iii_1_6(example_user, org):
    grant = DisciplineGrant.objects.get(user=example_user("discipline1"))
    assert (grant.status, grant.unit, grant.proposed_by, grant.confirmed_by) == (
        GrantStatus.CONFIRMED, org["tf-discipline"], None, None)
    assert AuditEvent.objects.filter(action="org.discipline.installed", target_id=str(grant.pk)).count() == 1


def test_an_administrator_cannot_give_themselves_the_role_s6_7_iii_1_6(example_user, org, report, now):
    admin = example_user("admin")
    message = _refused(lambda: staff_update(actor=admin, user=admin, now=now,
                                            changes={"role": Role.DISCIPLINE, "unit": org["tf-discipline"]}))
    assert "不能直接设置" in message
    assert "不能为自己" in _refused(lambda: discipline_propose(actor=admin, user=admin, unit=org["tf-discipline"],
                                                              now=now))
    admin.refresh_from_db()
    assert (admin.role, admin.unit.code) == (Role.ADMIN, "tianfu")
    assert not _sees(admin, report)


def test_a_proposal_gives_nothing_until_another_member_confirms_it_s6_7_iii_1_6(example_user, org, report, now):
    admin, member, grantee = example_user("admin"), example_user("discipline1"), example_user("inspector1")
    grant = discipline_propose(actor=admin, user=grantee, unit=org["tf-discipline"], now=now)
    grantee.refresh_from_db()
    assert (grant.status, grantee.role, grantee.unit.code) == (GrantStatus.PROPOSED, Role.INSPECTOR, "tf-power-city")
    assert not _sees(grantee, report)
    assert "现有成员" in _refused(lambda: discipline_confirm(actor=admin, grant=grant, now=now))
    assert "现有成员" in _refused(lambda: discipline_confirm(actor=grantee, grant=grant, now=now))
    discipline_confirm(actor=member, grant=grant, now=now)
    grantee.refresh_from_db()
    assert (grantee.role, grantee.unit.code) == (Role.DISCIPLINE, "tf-discipline")
    assert _sees(grantee, report)
    event = AuditEvent.objects.get(action="org.discipline.confirmed")
    assert (event.actor_id, event.before, event.after["user"]) == (
        member.pk, {"role": "inspector", "home_unit": "tf-power-city"}, "inspector1")


def test_the_proposer_cannot_confirm_their_own_proposal_s6_7_iii_1_6(example_user, org, second_member, now):
    member = example_user("discipline1")
    staff_update(actor=example_user("admin"), user=member, changes={"is_superuser": True}, now=now)
    member.refresh_from_db()
    grant = discipline_propose(actor=member, user=example_user("handler1"), unit=org["tf-discipline"], now=now)
    assert "提名人不能确认" in _refused(lambda: discipline_confirm(actor=member, grant=grant, now=now))
    assert "提名人不能确认" in _refused(lambda: discipline_decline(actor=member, grant=grant, now=now))
    discipline_confirm(actor=second_member, grant=grant, now=now)
    assert User.objects.get(username="handler1").role == Role.DISCIPLINE


def test_only_administrators_propose_s6_7_iii_1_6(example_user, org, now):
    assert "只有管理员" in _refused(lambda: discipline_propose(
        actor=example_user("discipline1"), user=example_user("handler1"), unit=org["tf-discipline"], now=now))
    assert "纪检监察部门" in _refused(lambda: discipline_propose(
        actor=example_user("admin"), user=example_user("handler1"), unit=org["tf-hall"], now=now))
    assert not DisciplineGrant.objects.filter(user__username="handler1").exists()


def test_a_declined_proposal_gives_nothing_and_can_be_made_again_s6_7_iii_1_6(example_user, org, now):
    admin, member = example_user("admin"), example_user("discipline1")
    grant = discipline_propose(actor=admin, user=example_user("handler1"), unit=org["tf-discipline"], now=now)
    assert "已有" in _refused(lambda: discipline_propose(actor=admin, user=example_user("handler1"),
                                                       unit=org["tf-discipline"], now=now))
    discipline_decline(actor=member, grant=grant, now=now)
    assert "已处理" in _refused(lambda: discipline_confirm(actor=member, grant=grant, now=now))
    assert User.objects.get(username="handler1").role == Role.HANDLER
    again = discipline_propose(actor=admin, user=example_user("handler1"), unit=org["tf-discipline"], now=now)
    assert again.status == GrantStatus.PROPOSED


def test_an_administrator_cannot_take_the_role_or_move_a_member_s6_7_iii_1_6(example_user, org, report,
                                                                             second_member, now):
    admin, member = example_user("admin"), example_user("discipline1")
    assert "撤销" in _refused(lambda: staff_update(actor=admin, user=member, changes={"role": Role.HANDLER}, now=now))
    assert "所属单位" in _refused(lambda: staff_update(actor=admin, user=member, changes={"unit": org["tf-hall"]},
                                                     now=now))
    other = unit_create(actor=None, name="供电公司纪检", code="tf-power-discipline", kind="DISCIPLINE",
                        parent=org["tf-power"], now=now)
    assert "所属单位" in _refused(lambda: staff_update(actor=admin, user=member, changes={"unit": other}, now=now))
    grant = DisciplineGrant.objects.get(user=member, status=GrantStatus.CONFIRMED)
    assert "只有该纪检监察部门的成员" in _refused(lambda: discipline_remove(actor=admin, grant=grant, now=now))
    member.refresh_from_db()
    assert (member.role, member.unit.code) == (Role.DISCIPLINE, "tf-discipline") and _sees(member, report)


def test_moving_someone_into_the_discipline_unit_is_refused_s6_7_iii_1_6(example_user, org, report, now):
    admin, handler = example_user("admin"), example_user("handler1")
    assert "只有经确认的" in _refused(lambda: staff_update(actor=admin, user=handler,
                                                          changes={"unit": org["tf-discipline"]}, now=now))
    assert "只有经确认的" in _refused(lambda: staff_create(
        actor=admin, username="mole", full_name="x", role=Role.HANDLER, unit=org["tf-discipline"], password=None,
        now=now))
    assert "不能直接设置" in _refused(lambda: staff_create(
        actor=admin, username="mole", full_name="x", role=Role.DISCIPLINE, unit=org["tf-discipline"],
        password=None, now=now))
    handler.refresh_from_db()
    assert handler.unit.code == "tf-power-marketing" and not _sees(handler, report)


def test_a_member_removes_a_membership_and_it_ends_access_s6_7_iii_1_6(example_user, report, second_member, now):
    member = example_user("discipline1")
    grant = DisciplineGrant.objects.get(user=second_member, status=GrantStatus.CONFIRMED)
    assert _sees(second_member, report)
    discipline_remove(actor=member, grant=grant, now=now)
    second_member.refresh_from_db()
    assert (second_member.role, second_member.unit) == ("", None)
    assert not _sees(second_member, report)
    assert "不在有效状态" in _refused(lambda: discipline_remove(actor=member, grant=grant, now=now))


def test_deactivating_a_member_is_shown_to_the_unit_and_ends_access_s6_7_iii_1_6(example_user, report,
                                                                                 second_member, now):
    staff_update(actor=example_user("admin"), user=second_member, changes={"is_active": False}, now=now)
    second_member.refresh_from_db()
    assert not _sees(second_member, report)
    event = AuditEvent.objects.get(action="org.discipline.member_changed")
    assert (event.actor_name, event.before, event.after) == (
        "系统管理员", {"user": "discipline2", "is_active": True}, {"user": "discipline2", "is_active": False})


def _db_refuses(write) -> None:
    with pytest.raises(DatabaseError), transaction.atomic():
        write()


def test_the_database_ties_the_role_to_a_grant_in_force_s6_7_iii_1_6(example_user, org, report, now):
    admin = example_user("admin")
    tf_discipline = org["tf-discipline"]
    _db_refuses(lambda: User.objects.filter(pk=admin.pk).update(role=Role.DISCIPLINE, unit=tf_discipline))
    _db_refuses(lambda: User.objects.filter(pk=admin.pk).update(role=Role.DISCIPLINE))
    _db_refuses(lambda: User.objects.filter(pk=admin.pk).update(unit=tf_discipline))
    # A forged grant: in force without a proposal, while the unit has a member.
    _db_refuses(lambda: DisciplineGrant.objects.create(user=admin, unit=tf_discipline, status=GrantStatus.CONFIRMED,
                                                       proposed_at=now, confirmed_at=now))
    grant = discipline_propose(actor=admin, user=example_user("handler1"), unit=tf_discipline, now=now)
    # Confirmed by someone who is not a member, by the proposer, or the member's grant ended under them.
    _db_refuses(lambda: DisciplineGrant.objects.filter(pk=grant.pk).update(
        status=GrantStatus.CONFIRMED, confirmed_by=example_user("inspector1"), confirmed_at=now))
    _db_refuses(lambda: DisciplineGrant.objects.filter(pk=grant.pk).update(
        status=GrantStatus.CONFIRMED, confirmed_by=admin, confirmed_at=now))
    _db_refuses(lambda: DisciplineGrant.objects.filter(user__username="discipline1").update(status=GrantStatus.REMOVED))
    _db_refuses(lambda: DisciplineGrant.objects.filter(user__username="discipline1").update(user=admin))
    admin.refresh_from_db()
    assert admin.role == Role.ADMIN and not _sees(admin, report)
    assert _sees(example_user("discipline1"), report)


def _command(monkeypatch, typed: str, *args) -> str:
    monkeypatch.setenv("LANG", "C.UTF-8")  # the command speaks the operator's language: Chinese unless chosen
    monkeypatch.setattr(sys, "stdin", io.StringIO(typed + "\n"))
    out = io.StringIO()
    call_command("discipline", "grant", *args, stdout=out)
    return out.getvalue()


def test_the_command_grants_the_first_member_after_the_username_is_typed_again_s6_7_iii_1_6(monkeypatch, org, now):
    unit = unit_create(actor=None, name="供热公司纪检", code="tf-heat-discipline", kind="DISCIPLINE",
                       parent=org["tf-heat"], now=now)
    staff_create(actor=None, username="first", full_name="第一", role="", unit=None, password=None, now=now)
    with pytest.raises(CommandError, match="未确认：未授予任何权限。"):
        _command(monkeypatch, "frist", "first", "--unit", "tf-heat-discipline")
    with pytest.raises(CommandError, match="not confirmed: nothing granted"):
        _command(monkeypatch, "frist", "first", "--unit", "tf-heat-discipline", "--lang", "en")
    assert not DisciplineGrant.objects.filter(unit=unit).exists()
    with pytest.raises(CommandError, match="--unit"):
        _command(monkeypatch, "first", "first")
    out = _command(monkeypatch, "first", "first", "--unit", "tf-heat-discipline", "--lang", "en")
    assert out.startswith("first (第一) becomes the first member of tf-heat-discipline (供热公司纪检)")
    assert "Type the username again to confirm: " in out and "granted: first is a member of tf-heat-discipline." in out
    first = User.objects.get(username="first")
    assert (first.role, first.unit) == (Role.DISCIPLINE, unit)


def test_the_command_refuses_once_the_unit_has_a_member_s6_7_iii_1_6(monkeypatch, example_user, org, now):
    with pytest.raises(CommandError, match=r"§6\.7\(iii\)\(1-6\)"):
        _command(monkeypatch, "admin", "admin", "--unit", "tf-discipline")
    out = io.StringIO()
    with pytest.raises(CommandError, match="已有成员"):
        call_command("discipline", "grant", "admin", "--lang", "zh-hans", stdout=out)
    assert "请再次输入用户名" not in out.getvalue()  # refused before asking
    with pytest.raises(CommandError, match=r"^§6\.7\(iii\)\(1-6\) [A-Z][ -~]+$"):  # the refusal in English
        call_command("discipline", "grant", "admin", "--lang", "en", stdout=out)
    assert example_user("admin").role == Role.ADMIN
    assert "已有成员" in _refused(lambda: discipline_install(user=example_user("handler1"), unit=org["tf-discipline"],
                                                           now=now))


def test_the_role_set_behind_the_databases_back_shows_nothing_s6_7_iii_1_6(client, example_user, org, report):
    """Were the triggers dropped (a restore without them, an owner's edit), the role alone still
    opens nothing: access needs the grant in force too."""
    from django.db import connection

    with connection.cursor() as cursor:
        on_table = " ON org_user" if connection.vendor == "postgresql" else ""
        cursor.execute(f"DROP TRIGGER org_user_discipline_update{on_table}")
    admin = example_user("admin")
    User.objects.filter(pk=admin.pk).update(role=Role.DISCIPLINE, unit=org["tf-discipline"])
    admin.refresh_from_db()
    assert not _sees(admin, report)
    client.force_login(admin)
    assert client.get(f"/reports/{report.number}/").status_code == 404
    assert client.get(f"/api/v1/whistleblower-reports/{report.number}").status_code == 404
    assert 'id="discipline"' not in client.get("/").content.decode()


def test_a_company_has_one_discipline_unit_where_its_reports_go_s6_7_i_ii(org, now):
    with pytest.raises(OrgError) as exc:
        unit_create(actor=None, name="第二纪检", code="tf-discipline-2", kind="DISCIPLINE", parent=org["tianfu"],
                    now=now)
    assert exc.value.field == "kind"
    assert not Unit.objects.filter(code="tf-discipline-2").exists()


def test_a_data_import_cannot_forge_a_membership_s6_7_iii_1_6(example_user, org, report, now, tmp_path):
    """`utilicase loaddata` writes rows without the services: the database refuses them."""
    admin = example_user("admin")
    fixture = tmp_path / "forged.json"
    fixture.write_text(json.dumps([
        {"model": "org.disciplinegrant", "pk": 999, "fields": {
            "user": admin.pk, "unit": org["tf-discipline"].pk, "status": "CONFIRMED",
            "proposed_at": now.isoformat(), "confirmed_at": now.isoformat()}},
        {"model": "org.user", "pk": admin.pk, "fields": {
            "username": "admin", "password": admin.password, "role": "discipline", "unit": org["tf-discipline"].pk,
            "is_active": True, "is_superuser": True, "is_staff": True, "date_joined": now.isoformat()}},
    ]), encoding="utf-8")
    with pytest.raises(DatabaseError), transaction.atomic():
        call_command("loaddata", str(fixture), verbosity=0)
    admin.refresh_from_db()
    assert admin.role == Role.ADMIN and not DisciplineGrant.objects.filter(user=admin).exists()
    assert not _sees(admin, report)


def test_a_removed_member_cannot_confirm_with_an_object_loaded_before_the_removal_s6_7_iii_1_6(
        example_user, org, report, second_member, now):
    stale = example_user("discipline2")
    assert _sees(stale, report)  # the object now remembers it is a member
    discipline_remove(actor=example_user("discipline1"), grant=DisciplineGrant.objects.get(user=stale), now=now)
    grant = discipline_propose(actor=example_user("admin"), user=example_user("handler1"), unit=org["tf-discipline"],
                               now=now)
    assert "现有成员" in _refused(lambda: discipline_confirm(actor=stale, grant=grant, now=now))
