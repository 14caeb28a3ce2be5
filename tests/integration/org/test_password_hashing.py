"""Passwords are hashed with Argon2; a hash made by an older hasher (PBKDF2) still logs in and
is rehashed with Argon2 at that login. The shipped PASSWORD_HASHERS are used (the tests' fast
MD5 hasher is replaced here)."""

import pytest
from django.contrib.auth.hashers import make_password
from django.urls import reverse

from utilicase.config import settings as shipped
from utilicase.org.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def shipped_hashers(settings):
    settings.PASSWORD_HASHERS = shipped.PASSWORD_HASHERS


def test_argon2_is_the_first_hasher_and_pbkdf2_still_verifies():
    assert shipped.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert "django.contrib.auth.hashers.PBKDF2PasswordHasher" in shipped.PASSWORD_HASHERS[1:]
    assert not any("MD5" in h or "Unsalted" in h for h in shipped.PASSWORD_HASHERS)


def test_a_new_password_is_stored_as_argon2id(org, shipped_hashers):
    user = User.objects.get(username="inspector1")
    user.set_password("Ein-neues-Passwort-2026")
    user.save()
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$")
    assert "Ein-neues-Passwort-2026" not in user.password
    assert user.check_password("Ein-neues-Passwort-2026") and not user.check_password("wrong")


def test_an_old_pbkdf2_hash_logs_in_and_is_upgraded_to_argon2(client, org, shipped_hashers):
    old = make_password("Altes-Passwort-2019", hasher="pbkdf2_sha256")
    assert old.startswith("pbkdf2_sha256$")
    User.objects.filter(username="inspector1").update(password=old)
    response = client.post(reverse("login"), {"username": "inspector1", "password": "Altes-Passwort-2019"})
    assert response.status_code == 302 and client.session["_auth_user_id"]
    stored = User.objects.get(username="inspector1").password
    assert stored.startswith("argon2$argon2id$") and stored != old
    client.logout()
    again = client.post(reverse("login"), {"username": "inspector1", "password": "Altes-Passwort-2019"})
    assert again.status_code == 302


def test_a_wrong_password_against_an_old_hash_leaves_it_alone(client, org, shipped_hashers):
    old = make_password("Altes-Passwort-2019", hasher="pbkdf2_sha256")
    User.objects.filter(username="inspector1").update(password=old)
    response = client.post(reverse("login"), {"username": "inspector1", "password": "falsch"})
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert User.objects.get(username="inspector1").password == old
