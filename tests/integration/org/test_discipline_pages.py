"""Discipline inspection membership on the pages (§6.7(iii)(1-6)): the admin refuses an
administrator's self-grant and any edit that gives or takes the role, proposes without giving
access, and never sets a member's password; members confirm, decline and remove on their home
page, which lists every grant, confirmation, refusal and removal to them and to nobody else."""

import re

import pytest

from tests.integration.org.conftest import SECRET, change_form
from utilicase.audit.models import AuditEvent
from utilicase.org.models import DisciplineGrant, GrantStatus, Role, User
from utilicase.org.services import discipline_propose, staff_update

pytestmark = pytest.mark.django_db

API = "/api/v1/whistleblower-reports"


def _errors(response) -> str:
    return " ".join(re.findall(r'<ul class="errorlist[^"]*">(.*?)</ul>', response.content.decode(), re.S))


def test_admin_self_grant_in_the_staff_form_is_refused_s6_7_iii_1_6(client, example_user, org, report):
    admin = example_user("admin")
    client.force_login(admin)
    response = client.post(f"/admin/org/user/{admin.pk}/change/",
                           change_form(admin, role=Role.DISCIPLINE, unit=org["tf-discipline"].pk))
    assert response.status_code == 200
    assert "§6.7(iii)(1-6)" in _errors(response)
    admin.refresh_from_db()
    assert (admin.role, admin.unit.code) == (Role.ADMIN, "tianfu")
    assert client.get(f"/reports/{report.number}/").status_code == 404
    assert client.get(f"{API}/{report.number}").status_code == 404
    assert SECRET not in client.get(f"{API}/{report.number}").content.decode()


def test_admin_form_cannot_take_the_role_or_move_members_in_or_out_s6_7_iii_1_6(client, example_user, org):
    admin, member, handler = example_user("admin"), example_user("discipline1"), example_user("handler1")
    client.force_login(admin)
    for user, overrides in [(member, {"role": Role.HANDLER}), (member, {"unit": org["tf-hall"].pk}),
                            (handler, {"unit": org["tf-discipline"].pk})]:
        response = client.post(f"/admin/org/user/{user.pk}/change/", change_form(user, **overrides))
        assert "§6.7(iii)(1-6)" in _errors(response), overrides
    assert [(u.username, u.role, u.unit.code) for u in User.objects.filter(pk__in=[member.pk, handler.pk])
            .select_related("unit").order_by("username")] == [
        ("discipline1", "discipline", "tf-discipline"), ("handler1", "handler", "tf-power-marketing")]


def test_admin_form_edits_others_through_the_service_with_one_audit_event(client, example_user):
    admin, handler = example_user("admin"), example_user("handler1")
    client.force_login(admin)
    response = client.post(f"/admin/org/user/{handler.pk}/change/", change_form(handler, phone="0991-1234567"))
    assert response.status_code == 302
    handler.refresh_from_db()
    assert handler.phone == "0991-1234567"
    events = AuditEvent.objects.filter(target_type="org.user", target_id=str(handler.pk), action__endswith="changed")
    assert [(e.action, e.before, e.after) for e in events] == [("org.staff.changed", {"phone": ""},
                                                                {"phone": "0991-1234567"})]


def test_an_admin_proposal_gives_no_access_until_a_member_confirms_on_the_home_page_s6_7_iii_1_6(
        client, example_user, org, report):
    admin, grantee = example_user("admin"), example_user("inspector1")
    client.force_login(admin)
    own = client.post("/admin/org/disciplinegrant/add/", {"user": admin.pk, "unit": org["tf-discipline"].pk})
    assert "不能为自己" in _errors(own)
    response = client.post("/admin/org/disciplinegrant/add/", {"user": grantee.pk, "unit": org["tf-discipline"].pk})
    assert response.status_code == 302
    grant = DisciplineGrant.objects.get(user=grantee)
    assert grant.status == GrantStatus.PROPOSED and grant.proposed_by == admin
    assert client.post(f"/discipline/grants/{grant.pk}/confirm/").status_code == 404
    client.force_login(grantee)
    assert client.get(f"/reports/{report.number}/").status_code == 404
    assert client.post(f"/discipline/grants/{grant.pk}/confirm/").status_code == 404
    client.force_login(example_user("discipline1"))
    home = client.get("/").content.decode()
    assert 'id="discipline-proposals"' in home and "王建国 (inspector1)" in home
    response = client.post(f"/discipline/grants/{grant.pk}/confirm/", follow=True)
    assert "已确认" in response.content.decode()
    client.force_login(User.objects.get(pk=grantee.pk))
    assert SECRET in client.get(f"/reports/{report.number}/").content.decode()
    assert client.get(f"{API}/{report.number}").json()["confidential"]["content"] == SECRET


def test_a_member_who_proposed_cannot_confirm_on_the_page_s6_7_iii_1_6(client, example_user, org, now):
    member = example_user("discipline1")
    staff_update(actor=example_user("admin"), user=member, changes={"is_superuser": True}, now=now)
    member.refresh_from_db()
    grant = discipline_propose(actor=member, user=example_user("handler1"), unit=org["tf-discipline"], now=now)
    client.force_login(member)
    assert "须由另一名成员确认" in client.get("/").content.decode()
    response = client.post(f"/discipline/grants/{grant.pk}/confirm/", follow=True)
    assert "提名人不能确认" in response.content.decode()
    grant.refresh_from_db()
    assert grant.status == GrantStatus.PROPOSED


def test_home_page_lists_every_grant_confirmation_and_removal_to_members_only_s6_7_iii_1_6(
        client, example_user, second_member, now):
    grant = DisciplineGrant.objects.get(user=second_member)
    client.force_login(second_member)
    client.post(f"/discipline/grants/{grant.pk}/remove/")
    staff_update(actor=example_user("admin"), user=example_user("discipline1"), changes={"is_active": False}, now=now)
    staff_update(actor=example_user("admin"), user=example_user("discipline1"), changes={"is_active": True}, now=now)
    client.force_login(example_user("discipline1"))
    home = client.get("/").content.decode()
    forms = home.split('id="discipline"')[1].split("</section>")[0].split("<form")[1:]
    assert len(forms) == 1 and all('name="csrfmiddlewaretoken"' in f for f in forms)  # remove discipline1
    section = home.split('id="discipline-events"')[1].split("</ol>")[0]
    rows = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", li)).strip() for li in section.split("<li>")[1:]]
    assert [r.split(" ", 2)[2] for r in rows] == [
        "系统管理员 纪检监察成员账号已由管理员修改 discipline1 is_active=True",
        "系统管理员 纪检监察成员账号已由管理员修改 discipline1 is_active=False",
        "纪检二 纪检监察成员资格已撤销 discipline2",
        "郑文华 纪检监察成员资格已确认 discipline2",
        "系统管理员 纪检监察成员已提名 discipline2",
        "系统 纪检监察首名成员已在安装时授予 discipline1",
    ]
    for username in ("admin", "hall_staff1", "inspector1"):
        client.force_login(example_user(username))
        assert 'id="discipline"' not in client.get("/").content.decode()


def test_nobody_else_sets_a_members_password_s6_7_iii_1_6(client, example_user, org, now):
    admin, member = example_user("admin"), example_user("discipline1")
    proposed = example_user("handler1")
    discipline_propose(actor=admin, user=proposed, unit=org["tf-discipline"], now=now)
    client.force_login(admin)
    for user in (member, proposed):
        before = User.objects.get(pk=user.pk).password
        response = client.post(f"/admin/org/user/{user.pk}/password/",
                               {"password1": "Taken-Over-2026", "password2": "Taken-Over-2026"}, follow=True)
        assert "§6.7(iii)(1-6)" in response.content.decode()
        assert User.objects.get(pk=user.pk).password == before
    assert client.get(f"/admin/org/user/{example_user('inspector1').pk}/password/").status_code == 200


def test_a_password_an_administrator_set_is_audited_and_shown_on_the_proposal_s6_7_iii_1_6(client, example_user, org,
                                                                                           now):
    admin, handler = example_user("admin"), example_user("handler1")
    client.force_login(admin)
    response = client.post(f"/admin/org/user/{handler.pk}/password/",
                           {"password1": "Known-To-Admin-2026", "password2": "Known-To-Admin-2026",
                            "usable_password": "true"})
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="org.staff.password_set")
    assert (event.actor_id, event.target_id, event.after) == (admin.pk, str(handler.pk), {"user": "handler1"})
    discipline_propose(actor=admin, user=handler, unit=org["tf-discipline"], now=now)
    client.force_login(example_user("discipline1"))
    warning = client.get("/").content.decode().split('id="discipline-proposals"')[1].split("</table>")[0]
    assert "password-warning" in warning and "此人的密码最后一次由 系统管理员" in warning
