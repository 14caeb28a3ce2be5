"""A claim secret set by the wrong person (the clerk who read the code out and claimed first)
locks the reporter out; discipline inspection resets it, with a reason, and the next claim with
the code may set a new one (§6.7(i-ii): the feedback is for the reporter). Nobody else can."""

from datetime import timedelta

import pytest
from django.db import connection

from utilicase.audit.models import AuditEvent
from utilicase.core.rules import RuleViolation
from utilicase.org.models import Role, User
from utilicase.org.services import token_create
from utilicase.whistleblowing import services
from utilicase.whistleblowing.claims import ClaimSecretNeeded, claim_lookup
from utilicase.whistleblowing.models import Report

pytestmark = pytest.mark.django_db
API = "/api/v1/whistleblower-reports"
CLERK_SECRET = "clerk-was-here-1"
REASON = "举报人来电称查询密码非本人设置"


@pytest.fixture
def locked_out(take, now):
    """A report whose claim secret the clerk set at the first claim."""
    report, code = take(claim_code_wanted=True)
    claim_lookup(code=code, client="10.0.0.9", new_secret=CLERK_SECRET, now=now)
    with pytest.raises(ClaimSecretNeeded):
        claim_lookup(code=code, client="10.0.0.1", now=now)
    report.refresh_from_db()
    report.code = code
    return report


def _reset(user, report, now, reason=REASON):
    return services.report_claim_secret_reset(actor=user, report=report, reason=reason, now=now)


def test_discipline_resets_and_the_reporter_sets_a_new_secret_s6_7_i_ii(example_user, locked_out, now):
    discipline = example_user("discipline1")
    _reset(discipline, locked_out, now)
    locked_out.refresh_from_db()
    assert locked_out.claim_secret_hash == ""
    event = AuditEvent.objects.get(action="whistleblowing.report.claim_secret_reset")
    assert (event.actor_id, event.clause, event.target_id) == (discipline.pk, "§6.7(i-ii)", str(locked_out.pk))
    assert event.after == {"status": "RECEIVED", "claim_secret_set": False, "reason": REASON}
    later = now + timedelta(minutes=1)
    answer = claim_lookup(code=locked_out.code, client="10.0.0.1", new_secret="mine-only-2026", now=later)
    assert answer.secret_set
    with pytest.raises(ClaimSecretNeeded):
        claim_lookup(code=locked_out.code, client="10.0.0.9", secret=CLERK_SECRET, now=later)
    assert claim_lookup(code=locked_out.code, client="10.0.0.1", secret="mine-only-2026", now=later) is not None


def test_a_reset_needs_a_reason_s6_7_i_ii(example_user, locked_out, now):
    with pytest.raises(services.ReportInvalid) as exc:
        _reset(example_user("discipline1"), locked_out, now, reason="  ")
    assert exc.value.field == "reason"
    locked_out.refresh_from_db()
    assert locked_out.claim_secret_hash != ""


def test_a_report_without_a_secret_is_not_reset_s6_7_i_ii(example_user, take, now):
    report, _ = take(claim_code_wanted=True)
    with pytest.raises(RuleViolation) as exc:
        _reset(example_user("discipline1"), report, now)
    assert exc.value.clause == "§6.7(i-ii)"


def test_the_receiving_clerk_cannot_reset_s6_7_i_ii(example_user, locked_out, now):
    with pytest.raises(services.NotPermitted):
        _reset(example_user("hall_staff1"), locked_out, now)
    services.report_confirm(actor=example_user("hall_staff1"), report=locked_out, now=now)
    with pytest.raises(Report.DoesNotExist):
        _reset(example_user("hall_staff1"), locked_out, now)
    locked_out.refresh_from_db()
    assert locked_out.claim_secret_hash != ""


@pytest.mark.parametrize("username", ["admin", "hall_head1", "handler1", "company_deputy1"])
def test_nobody_else_can_reset_s6_7_i_ii(example_user, locked_out, now, username):
    with pytest.raises(Report.DoesNotExist):
        _reset(example_user(username), locked_out, now)


def test_the_discipline_role_without_a_grant_cannot_reset_s6_7_i_ii(example_user, org, locked_out, now):
    with connection.cursor() as cursor:
        on_table = " ON org_user" if connection.vendor == "postgresql" else ""
        cursor.execute(f"DROP TRIGGER org_user_discipline_update{on_table}")
    User.objects.filter(username="admin").update(role=Role.DISCIPLINE, unit=org["tf-discipline"])
    with pytest.raises(Report.DoesNotExist):
        _reset(example_user("admin"), locked_out, now)
    locked_out.refresh_from_db()
    assert locked_out.claim_secret_hash != ""


def test_the_page_resets_and_only_discipline_sees_it_on_the_timeline_s6_7_i_ii(client, example_user, locked_out):
    url = f"/reports/{locked_out.address}/claim-secret-reset/"
    client.force_login(example_user("hall_staff1"))
    assert "重置查询密码" not in client.get(f"/reports/{locked_out.address}/").content.decode()
    assert client.post(url, {"reason": REASON, "confirmed": "1"}).status_code == 403
    client.force_login(example_user("discipline1"))
    page = client.get(f"/reports/{locked_out.address}/").content.decode()
    assert "已设置查询密码" in page and "action-claim_secret_reset" in page
    assert client.post(url, {"reason": "", "confirmed": "1"}).status_code == 400
    done = client.post(url, {"reason": REASON, "confirmed": "1"})
    assert done.status_code == 303 and done["Location"] == f"/reports/{locked_out.address}/"
    page = client.get(f"/reports/{locked_out.address}/").content.decode()
    assert "纪检监察部门已重置查询密码" in page and "action-claim_secret_reset" not in page
    client.force_login(example_user("hall_staff1"))
    page = client.get(f"/reports/{locked_out.address}/").content.decode()
    assert "举报已受理" in page and "纪检监察部门已重置查询密码" not in page


def test_the_api_resets_for_discipline_alone_s6_7_i_ii(client, example_user, locked_out, now):
    def post(username):
        _, token = token_create(actor=None, user=example_user(username), now=now)
        return client.post(f"{API}/{locked_out.address}/claim-secret-reset", {"reason": REASON},
                           content_type="application/json", headers={"Authorization": f"Bearer {token}"})

    assert post("hall_staff1").status_code == 403
    assert post("admin").status_code == 404
    done = post("discipline1")
    assert done.status_code == 200 and done.json()["address"] == locked_out.address
    again = post("discipline1")
    assert again.status_code == 409 and again.json()["clause"] == "§6.7(i-ii)"
