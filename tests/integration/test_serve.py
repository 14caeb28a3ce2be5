"""`utilicase serve` really serves: pages and local assets over HTTP from a separate process."""

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.db import connection  # noqa: F401 - read by the skip condition

from utilicase.cli import main, served_url

BIN = Path(sys.executable).parent / "utilicase"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def served(tmp_path):
    env = {**os.environ, "DJANGO_SECRET_KEY": secrets.token_urlsafe(48), "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.sqlite3'}", "UTILICASE_VAR_DIR": str(tmp_path)}
    subprocess.run([BIN, "migrate", "-v0"], env=env, check=True, timeout=120)
    subprocess.run([BIN, "audit", "init"], env=env, check=True, timeout=60, stdout=subprocess.DEVNULL)
    port = _free_port()
    proc = subprocess.Popen([BIN, "serve", "--bind", f"127.0.0.1:{port}"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/login/", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.mark.skipif("connection.vendor != 'sqlite'",
                    reason="a SQLite file of its own in another process: the suite's database adds nothing")
def test_serve_answers_login_page_and_static_assets(served):
    page = urllib.request.urlopen(served + "/login/").read().decode()
    assert "登录" in page
    js = urllib.request.urlopen(served + "/static/vendor/htmx-2.0.11.min.js")
    assert js.status == 200 and b"htmx" in js.read(2000)
    css = urllib.request.urlopen(served + "/static/utilicase/site.css").read().decode()
    assert "--accent" in css


@pytest.mark.parametrize("bind, url", [
    ("127.0.0.1:8000", "http://127.0.0.1:8000"),
    ("192.0.2.7:9000", "http://192.0.2.7:9000"),
    ("demo.example.cn", "http://demo.example.cn:8000"),  # gunicorn's default port
    ("[::1]:9000", "http://[::1]:9000"),
    ("0.0.0.0:9000", f"http://{socket.gethostname()}:9000"),  # every interface: this machine's name
    ("[::]:9000", f"http://{socket.gethostname()}:9000"),
    ("unix:/run/utilicase.sock", None),
])
def test_the_served_url_of_a_bind(bind, url):
    assert served_url(bind) == url


@pytest.mark.parametrize("args, url", [
    (["--bind", "0.0.0.0:9000"], f"http://{socket.gethostname()}:9000"),
    (["-b", "127.0.0.1:9001"], "http://127.0.0.1:9001"),
    (["--bind=127.0.0.1:9002", "--timeout", "60"], "http://127.0.0.1:9002"),
    ([], "http://127.0.0.1:8000"),
])
def test_serve_passes_the_address_it_serves_to_the_settings(monkeypatch, settings, args, url):
    settings.SECRET_KEY = secrets.token_urlsafe(48)
    started = []
    monkeypatch.setattr("gunicorn.app.wsgiapp.run", lambda: started.append(list(sys.argv)))
    monkeypatch.delenv("UTILICASE_SERVED_URL", raising=False)
    main(["utilicase", "serve", *args])
    assert os.environ["UTILICASE_SERVED_URL"] == url
    assert started and "utilicase.config.wsgi:application" == started[0][-1]


def _settings_in_a_new_process(tmp_path, env: dict[str, str]) -> list[str]:
    code = ("import django; django.setup(); from django.conf import settings; "
            "print(settings.SITE_URL); print(' '.join(settings.ALLOWED_HOSTS))")
    clean = {k: v for k, v in os.environ.items()
             if k not in ("UTILICASE_SITE_URL", "UTILICASE_SERVED_URL", "DJANGO_ALLOWED_HOSTS")}
    env = {**clean, "DJANGO_SETTINGS_MODULE": "utilicase.config.settings", **env}
    out = subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=60,
                         capture_output=True, text=True, cwd=tmp_path).stdout
    return out.splitlines()


def test_documents_link_to_the_served_address_unless_the_site_url_is_set(tmp_path):
    site, hosts = _settings_in_a_new_process(tmp_path, {"UTILICASE_SERVED_URL": "http://demo-host:9000"})
    assert site == "http://demo-host:9000"
    assert hosts.split() == ["127.0.0.1", "demo-host", "localhost", "testserver"]  # the QR's link opens
    site, hosts = _settings_in_a_new_process(tmp_path, {"UTILICASE_SERVED_URL": "http://demo-host:9000",
                                              "UTILICASE_SITE_URL": "https://cases.example.cn"})
    assert site == "https://cases.example.cn"
    assert "cases.example.cn" in hosts.split() and "demo-host" not in hosts.split()
