"""Twenty documents of one series issued at once on SQLite (file database, WAL) by sixteen
workers: all are issued, numbered 1 to 20 without gaps, none fails with "database is locked" —
the PDFs are rendered before the write lock is taken. The run is a separate process: the tests'
own SQLite database lives in memory, where locking works otherwise."""

import io
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

PROJECT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif("connection.vendor != 'sqlite'",
                                reason="a SQLite file of its own in another process: the suite's database adds nothing")
ISSUES, WORKERS = 20, 16
LOCK_TIMEOUT_SECONDS = 3  # short, so that a lock held while rendering shows


def issue_in_parallel() -> str:
    """Run in the separate process (see the test): migrate, make the drafts, issue them at once."""
    from concurrent.futures import ThreadPoolExecutor

    from django.conf import settings
    from django.core.management import call_command
    from django.utils import timezone

    settings.DATABASES["default"]["OPTIONS"]["timeout"] = LOCK_TIMEOUT_SECONDS
    call_command("migrate", verbosity=0)
    call_command("audit", "init", stdout=io.StringIO())
    from tests.integration.customers.factories import CustomerFactory
    from tests.integration.documents.conftest import EVERY_TYPE, RESULT_NOTICE, TARGET_TYPE, _load, case_info
    from utilicase.core import cases
    from utilicase.demo.data import load_demo_org
    from utilicase.documents import services
    from utilicase.documents.models import Document
    from utilicase.org.models import User

    now = timezone.now()
    org = load_demo_org(now=now)
    cases.register_case_type(TARGET_TYPE, load=_load, info=case_info, documents=EVERY_TYPE)
    info = case_info(CustomerFactory(office=org["tf-power-city"]))
    inspector = User.objects.get(username="inspector1")
    drafts = [services.document_create(actor=inspector, case=info, doc_type_code="result_notice",
                                       content=RESULT_NOTICE, now=now) for _ in range(ISSUES)]
    connection.close()

    def issue(document):
        try:
            services.document_issue(actor=inspector, document=document, now=timezone.now())
            return "ok"
        except Exception as exc:  # noqa: BLE001 - counted below
            return f"{type(exc).__name__}: {exc}"
        finally:
            connection.close()

    with ThreadPoolExecutor(WORKERS) as pool:
        outcomes = list(pool.map(issue, drafts))
    numbers = sorted(Document.objects.filter(status="ISSUED").values_list("sequence_no", flat=True))
    return f"{sorted(set(outcomes))} {numbers == list(range(1, ISSUES + 1))}"


def test_twenty_parallel_issues_on_sqlite_all_succeed_without_gaps(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "UTILICASE_VAR_DIR": str(tmp_path),
           "DJANGO_SECRET_KEY": secrets.token_urlsafe(48), "DJANGO_SETTINGS_MODULE": "utilicase.config.settings"}
    code = ("import django; django.setup(); "
            "from tests.integration.test_parallel_issue_sqlite import issue_in_parallel; print(issue_in_parallel())")
    result = subprocess.run([sys.executable, "-c", code], env=env, cwd=PROJECT, capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip().splitlines()[-1] == "['ok'] True"
