"""`utilicase serve` really serves: pages and local assets over HTTP from a separate process."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent / "utilicase"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def served(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.sqlite3'}", "UTILICASE_VAR_DIR": str(tmp_path)}
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


def test_serve_answers_login_page_and_static_assets(served):
    page = urllib.request.urlopen(served + "/login/").read().decode()
    assert "登录" in page
    js = urllib.request.urlopen(served + "/static/vendor/htmx-2.0.11.min.js")
    assert js.status == 200 and b"htmx" in js.read(2000)
    css = urllib.request.urlopen(served + "/static/utilicase/site.css").read().decode()
    assert "--accent" in css
