import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import RequestFactory
from django.urls import reverse

from utilicase.config.api import api, rule_violation
from utilicase.core.rules import RuleViolation
from utilicase.demo.data import DEMO_PASSWORD
from utilicase.org.models import ApiToken, LoginFailure
from utilicase.org.services import token_create, token_revoke
from utilicase.org.throttle import login_attempt_begin

pytestmark = pytest.mark.django_db


def _login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_login_with_demo_password_reaches_home(client, org):
    response = _login(client, "inspector1", DEMO_PASSWORD)
    assert response.status_code == 302 and response.url == reverse("home")
    page = client.get(reverse("home")).content.decode()
    assert "王建国" in page and "城区供电营业所" in page


def test_wrong_password_is_refused_and_counted(client, org):
    response = _login(client, "inspector1", "wrong")
    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()
    assert LoginFailure.objects.filter(username="inspector1").count() == 1


def test_unknown_user_gets_the_same_answer_as_a_wrong_password(client, org):
    response = _login(client, "nobody", "whatever")
    assert "用户名或密码不正确" in response.content.decode()


def test_shipped_limit_the_sixth_login_is_refused(client, org):
    # the shipped limit, not overridden: five wrong passwords are each checked...
    for _ in range(5):
        assert "用户名或密码不正确" in _login(client, "inspector1", "wrong").content.decode()
    response = _login(client, "inspector1", DEMO_PASSWORD)  # ...the sixth is refused, right password or not
    assert response.status_code == 200
    assert "登录失败次数过多" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # another user from the same address is not locked by one user's failures
    assert _login(client, "inspector2", DEMO_PASSWORD).status_code == 302


def test_shipped_window_the_lock_lasts_900_seconds(org, now):
    for _ in range(5):
        assert login_attempt_begin(username="inspector1", ip="10.0.0.1", now=now)
    assert not login_attempt_begin(username="Inspector1", ip="10.0.0.2", now=now + timedelta(seconds=899))
    assert login_attempt_begin(username="inspector1", ip="10.0.0.2", now=now + timedelta(seconds=901))


def test_an_address_is_locked_after_twenty_failures(org, now):
    for i in range(20):
        assert login_attempt_begin(username=f"user{i}", ip="10.0.0.1", now=now)
    assert not login_attempt_begin(username="inspector1", ip="10.0.0.1", now=now)
    assert login_attempt_begin(username="inspector1", ip="10.0.0.2", now=now)


def test_success_clears_the_failures(client, org):
    _login(client, "inspector1", "wrong")
    _login(client, "inspector1", DEMO_PASSWORD)
    assert not LoginFailure.objects.filter(username="inspector1").exists()


def test_logout_ends_the_session(client, org):
    _login(client, "inspector1", DEMO_PASSWORD)
    client.post(reverse("logout"))
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_api_without_credentials_is_401(client, org):
    response = client.get("/api/v1/me")
    assert response.status_code == 401


def test_api_with_bearer_token(client, example_user, now):
    _, token = token_create(actor=None, user=example_user("office_head1"), now=now)
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    body = response.json()
    assert body["username"] == "office_head1"
    assert body["role"] == "office_head"
    assert body["unit"]["code"] == "tf-power-city"


def test_only_the_token_hash_is_stored(example_user, now):
    row, token = token_create(actor=None, user=example_user("inspector1"), now=now)
    assert token not in {row.key_hash, row.prefix}
    assert not ApiToken.objects.filter(key_hash=token).exists()


def test_revoked_or_wrong_token_is_401(client, example_user, now):
    row, token = token_create(actor=None, user=example_user("inspector1"), now=now)
    token_revoke(actor=None, token=row, now=now)
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    assert client.get("/api/v1/me", headers={"Authorization": "Bearer uc_nonsense"}).status_code == 401


def test_token_of_a_deactivated_user_is_401(client, example_user, now):
    user = example_user("inspector1")
    _, token = token_create(actor=None, user=user, now=now)
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_session_also_authenticates_the_api(client, org):
    _login(client, "hall_staff1", DEMO_PASSWORD)
    assert client.get("/api/v1/me").json()["role"] == "hall_staff"


def test_units_endpoint_is_scoped(client, example_user, now):
    _, token = token_create(actor=None, user=example_user("enterprise_deputy1"), now=now)
    codes = {u["code"] for u in client.get("/api/v1/units", headers={"Authorization": f"Bearer {token}"}).json()}
    assert codes == {"tf-power", "tf-power-city", "tf-power-dev", "tf-power-marketing"}


def test_token_command_creates_a_working_token(client, org, capsys):
    call_command("token", "create", "discipline1", "--name", "纪检接口")
    token = capsys.readouterr().out.strip()
    assert token.startswith("uc_")
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).json()["username"] == "discipline1"


def test_token_command_names_an_unknown_user(org):
    with pytest.raises(CommandError, match="username: no user 'ghost'"):
        call_command("token", "create", "ghost")
    assert ApiToken.objects.count() == 0


def test_rule_violation_becomes_409_with_the_clause():
    request = RequestFactory().post("/api/v1/anything")
    response = rule_violation(request, RuleViolation("§6.6(4)", "complaint not assessed yet"))
    assert response.status_code == 409
    assert json.loads(response.content) == {"clause": "§6.6(4)", "detail": "complaint not assessed yet"}
    assert api.openapi_url.endswith("openapi.json")


def test_openapi_document_is_served(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert "/api/v1/me" in response.json()["paths"]


def test_the_admin_login_page_is_throttled_with_the_same_count(client, org):
    for _ in range(3):
        _login(client, "admin", "wrong")
    for _ in range(2):
        page = client.post("/admin/login/", {"username": "admin", "password": "wrong"}).content.decode()
        assert "登录失败次数过多" not in page
    page = client.post("/admin/login/", {"username": "admin", "password": DEMO_PASSWORD}).content.decode()
    assert "登录失败次数过多" in page and "_auth_user_id" not in client.session
    assert LoginFailure.objects.filter(username="admin").count() == 5


def test_an_empty_password_neither_counts_nor_clears_the_failures(client, org):
    for _ in range(4):
        _login(client, "inspector1", "wrong")
    page = _login(client, "inspector1", "").content.decode()
    assert "登录失败次数过多" not in page and "用户名或密码不正确" not in page
    assert LoginFailure.objects.filter(username="inspector1").count() == 4
    assert "用户名或密码不正确" in _login(client, "inspector1", "wrong").content.decode()
    assert "登录失败次数过多" in _login(client, "inspector1", DEMO_PASSWORD).content.decode()
