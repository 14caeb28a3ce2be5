"""Production settings: `utilicase serve` needs a real secret key (the demo writes one); with
UTILICASE_HTTPS=1 Django's deployment checks pass; every page carries a Content-Security-Policy."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from utilicase.cli import secret_key_refusal

BIN = Path(sys.executable).parent / "utilicase"
DEPLOY_WARNINGS = ["security.W004", "security.W008", "security.W012", "security.W016"]


def _run(tmp_path, *args, **env):
    # Browser tests in the same process set DJANGO_ALLOW_ASYNC_UNSAFE, which check --deploy rightly refuses.
    clean = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    full = {**clean, "UTILICASE_VAR_DIR": str(tmp_path), "DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "",
            "UTILICASE_HTTPS": "0", **env}
    return subprocess.run([BIN, *args], env=full, capture_output=True, text=True, timeout=120)


def test_serve_refuses_to_start_without_a_secret_key(tmp_path):
    result = _run(tmp_path, "serve", "--bind", "127.0.0.1:1")
    assert result.returncode == 1
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


@pytest.mark.parametrize(("key", "refusal"), [
    ("utilicase-insecure-development-key-change-me", "not set"),
    ("short-key", "too weak"),
    ("a" * 60, "too weak"),
    # A fixed random-looking key: collected alike by every test worker.
    ("q7Vx2mK9pLw4Rt8Zs1Nb6Hc3Jd5Fg0Ye-Ua_Oi7Pk2Ml9Qn4Wr8Ts1Xv6Bz3Cy5", None),
])
def test_serve_needs_a_random_key_of_50_characters(settings, key, refusal):
    settings.SECRET_KEY = key
    answer = secret_key_refusal()
    assert (answer is None) if refusal is None else (refusal in answer)


def test_check_deploy_passes_with_utilicase_https(tmp_path):
    result = _run(tmp_path, "check", "--deploy", "--fail-level", "WARNING", UTILICASE_HTTPS="1",
                  DJANGO_SECRET_KEY=secrets.token_urlsafe(48))
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_without_utilicase_https(tmp_path):
    result = _run(tmp_path, "check", "--deploy", "--fail-level", "WARNING", DJANGO_SECRET_KEY=secrets.token_urlsafe(48))
    assert result.returncode == 1
    assert [w for w in DEPLOY_WARNINGS if w in result.stderr] == DEPLOY_WARNINGS


def test_utilicase_https_without_a_secret_key_does_not_start(tmp_path):
    result = _run(tmp_path, "check", UTILICASE_HTTPS="1")
    assert result.returncode == 1
    assert "UTILICASE_HTTPS is on: set DJANGO_SECRET_KEY" in result.stderr


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/login/", "/api/v1/me", "/admin/login/"])
def test_every_answer_carries_the_content_security_policy(client, path):
    policy = client.get(path)["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["default-src"] == "'self'" and directives["object-src"] == "'none'"
