"""A member of discipline inspection whose password an administrator set could be signed in as
by that administrator. So from the confirmation of their grant (or whenever an administrator sets
the password of someone holding the role) until they change it themselves, no report is shown
to them: every page sends them to the password page, the API refuses (§6.7(iii)(1-6))."""

import pytest
from django.test import Client

from tests.integration.org.conftest import SECRET
from utilicase.audit.models import AuditEvent
from utilicase.org.models import DisciplineGrant, User
from utilicase.org.selectors import password_change_required
from utilicase.org.services import discipline_confirm, discipline_propose, token_create

pytestmark = pytest.mark.django_db
API = "/api/v1/whistleblower-reports"
KNOWN = "Known-To-Admin-2026"
OWN = "Only-Mine-2026-xq"


@pytest.fixture
def confirmed_with_admin_password(client, example_user, org, now):
    """handler1, whose password the administrator set, proposed and confirmed as a member."""
    admin, handler = example_user("admin"), example_user("handler1")
    client.force_login(admin)
    response = client.post(f"/admin/org/user/{handler.pk}/password/",
                           {"password1": KNOWN, "password2": KNOWN, "usable_password": "true"})
    assert response.status_code == 302
    grant = discipline_propose(actor=admin, user=handler, unit=org["tf-discipline"], now=now)
    discipline_confirm(actor=example_user("discipline1"), grant=grant, now=now)
    client.logout()
    member = User.objects.get(pk=handler.pk)
    assert DisciplineGrant.objects.get(pk=grant.pk).status == "CONFIRMED" and member.role == "discipline"
    return member


def _login(client, password):
    response = client.post("/login/", {"username": "handler1", "password": password})
    assert response.status_code == 302
    return response


def test_no_report_until_the_member_changes_the_admins_password_s6_7_iii_1_6(
        client, confirmed_with_admin_password, report, now):
    member = confirmed_with_admin_password
    assert password_change_required(user=member)
    _, token = token_create(actor=None, user=member, now=now)
    bearer = {"Authorization": f"Bearer {token}"}
    _login(client, KNOWN)
    for url in ("/", "/reports/", f"/reports/{report.address}/", "/reports/kpis/", "/reports/export.csv",
                f"/reports/{report.address}/reply/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/password/?next="), url
    assert client.post(f"/reports/{report.address}/investigate/").status_code == 302
    session_api = client.get(f"{API}/{report.address}")
    assert session_api.status_code == 403 and SECRET not in session_api.content.decode()
    assert client.get(API).status_code == 403
    token_api = Client().get(f"{API}/{report.address}", headers=bearer)  # no session: the access rule refuses
    assert token_api.status_code == 404 and SECRET not in token_api.content.decode()
    assert Client().get(API, headers=bearer).json()["items"] == []
    page = client.get("/password/")
    assert page.status_code == 200 and "管理员" in page.content.decode()
    report.refresh_from_db()
    assert report.status == "WITH_DISCIPLINE"

    changed = client.post("/password/", {"old_password": KNOWN, "new_password1": OWN, "new_password2": OWN})
    assert changed.status_code == 302 and changed["Location"] == "/"
    event = AuditEvent.objects.filter(action="org.staff.password_changed").get()
    assert (event.actor_id, event.target_id) == (member.pk, str(member.pk))
    assert not password_change_required(user=User.objects.get(pk=member.pk))
    detail = client.get(f"/reports/{report.address}/")
    assert detail.status_code == 200 and SECRET in detail.content.decode()
    assert Client().get(f"{API}/{report.address}", headers=bearer).json()["confidential"]["content"] == SECRET
    client.logout()
    _login(client, OWN)
    assert client.get(f"/reports/{report.address}/").status_code == 200


def test_the_admin_setting_a_password_again_is_refused_for_a_member_s6_7_iii_1_6(
        client, example_user, confirmed_with_admin_password):
    client.force_login(example_user("admin"))
    response = client.post(f"/admin/org/user/{confirmed_with_admin_password.pk}/password/",
                           {"password1": "Again-2026-x", "password2": "Again-2026-x", "usable_password": "true"},
                           follow=True)
    assert "§6.7(iii)(1-6)" in response.content.decode()


def test_an_account_made_with_a_password_in_the_admin_is_a_password_set_by_another_s6_7_iii_1_6(
        client, example_user, org, now):
    admin = example_user("admin")
    client.force_login(admin)
    response = client.post("/admin/org/user/add/", {
        "username": "newcomer", "password1": KNOWN, "password2": KNOWN, "usable_password": "true",
        "certificates-TOTAL_FORMS": "0", "certificates-INITIAL_FORMS": "0",
        "certificates-MIN_NUM_FORMS": "0", "certificates-MAX_NUM_FORMS": "1000"})
    assert response.status_code == 302
    newcomer = User.objects.get(username="newcomer")
    event = AuditEvent.objects.get(action="org.staff.password_set", target_id=str(newcomer.pk))
    assert event.actor_id == admin.pk
    grant = discipline_propose(actor=admin, user=newcomer, unit=org["tf-discipline"], now=now)
    discipline_confirm(actor=example_user("discipline1"), grant=grant, now=now)
    assert password_change_required(user=User.objects.get(pk=newcomer.pk))


def test_a_member_who_set_their_own_password_is_not_stopped_s6_7_iii_1_6(client, example_user, report):
    client.force_login(example_user("discipline1"))
    assert client.get(f"/reports/{report.address}/").status_code == 200
    assert not password_change_required(user=example_user("discipline1"))


def test_others_whose_password_the_admin_set_are_not_stopped(client, example_user):
    client.force_login(example_user("admin"))
    inspector = example_user("inspector1")
    client.post(f"/admin/org/user/{inspector.pk}/password/",
                {"password1": KNOWN, "password2": KNOWN, "usable_password": "true"})
    client.force_login(User.objects.get(pk=inspector.pk))
    assert client.get("/").status_code == 200
