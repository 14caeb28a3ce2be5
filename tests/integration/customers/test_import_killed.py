"""A bulk import killed (SIGKILL) while its rows are being written leaves nothing of its file —
no customer, no service point, no audit event — and the same import run again stores every row.
The import runs as `utilicase import customers FILE` in its own process: on PostgreSQL against
this test's database (committed, so the process sees the organisation) and its COPY; on SQLite
against a database file of its own, with bulk_create."""

import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from tests.integration.customers.conftest import csv_bytes, customer_row

PROJECT = Path(__file__).resolve().parents[3]
ROWS = 12000

COUNT = """
import django, json
django.setup()
from utilicase.audit.models import AuditEvent
from utilicase.customers.models import Customer, ServicePoint
print(json.dumps([Customer.objects.filter(account_number__startswith="77").count(),
                  ServicePoint.objects.filter(customer__account_number__startswith="77").count(),
                  AuditEvent.objects.filter(action="customers.import").count()]))
"""
SQLITE_SETUP = """
import django
django.setup()
from django.core.management import call_command
from django.utils import timezone
from utilicase.demo.data import load_demo_org
call_command("migrate", verbosity=0)
load_demo_org(now=timezone.now())
"""


@pytest.fixture
def database_env(settings, tmp_path):
    """The environment of a process working on a database that holds the demo organisation."""
    env = {**os.environ, "UTILICASE_VAR_DIR": str(tmp_path), "UTILICASE_AUDIT_KEY_FILE": str(settings.AUDIT_KEY_FILE),
           "DJANGO_SECRET_KEY": secrets.token_urlsafe(48), "DJANGO_SETTINGS_MODULE": "utilicase.config.settings",
           "PYTHONUNBUFFERED": "1"}
    if connection.vendor == "postgresql":
        from django.utils import timezone

        from utilicase.demo.data import load_demo_org

        load_demo_org(now=timezone.now())
        s = connection.settings_dict
        user = f"{s['USER']}@" if s["USER"] else ""
        env["DATABASE_URL"] = f"postgres://{user}{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    else:
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'import.sqlite3'}"
        done = subprocess.run([sys.executable, "-c", SQLITE_SETUP], env=env, cwd=PROJECT, capture_output=True,
                              text=True, timeout=600)
        assert done.returncode == 0, done.stderr[-3000:]
    return env


def counts(env) -> list[int]:
    done = subprocess.run([sys.executable, "-c", COUNT], env=env, cwd=PROJECT, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return [int(n) for n in done.stdout.strip().splitlines()[-1].strip("[]").split(",")]


@pytest.mark.django_db(transaction=True)
def test_an_import_killed_while_writing_leaves_nothing_and_a_rerun_imports_every_row(tmp_path, database_env):
    path = tmp_path / "customers.csv"
    path.write_bytes(csv_bytes([customer_row(account_number=f"77{i:08d}", contact_phone=f"139{i:08d}")
                                for i in range(ROWS)]))
    command = [sys.executable, "-m", "utilicase.cli", "import", "customers", str(path)]
    process = subprocess.Popen(command, env=database_env, cwd=PROJECT, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    seen = []
    deadline = time.monotonic() + 600
    for line in process.stderr:  # "validated …", then "imported 1200/12000 (10%)" as rows are written
        seen.append(line.strip())
        if line.startswith("imported ") or time.monotonic() > deadline:
            break
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    process.stderr.close()
    process.stdout.close()
    assert process.returncode == -signal.SIGKILL
    assert seen[-1].startswith("imported ") and not seen[-1].startswith(f"imported {ROWS}/"), seen

    assert counts(database_env) == [0, 0, 0]

    rerun = subprocess.run(command, env=database_env, cwd=PROJECT, capture_output=True, text=True, timeout=900)
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    assert f"{ROWS} rows, {ROWS} created" in rerun.stdout
    assert counts(database_env) == [ROWS, ROWS, 1]
