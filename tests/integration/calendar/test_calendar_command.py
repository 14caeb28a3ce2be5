"""`utilicase calendar due|load|show`."""

import json
import os
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command, execute_from_command_line

from tests.unit.calendar import notices
from utilicase.audit.models import AuditEvent
from utilicase.calendar.models import HolidayNotice

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = StringIO()
    call_command("calendar", *args, stdout=out)
    return out.getvalue().strip()


@pytest.fixture
def cli(capsys, monkeypatch):
    """As from the shell: (exit status, stdout, stderr). A command run from the command line
    closes the database connections when it ends; the test's transaction must survive that."""
    from django.core.management import base

    monkeypatch.setattr(base.connections, "close_all", lambda: None)
    return lambda *args: _cli(capsys, *args)


def _cli(capsys, *args: str) -> tuple[int, str, str]:
    try:
        execute_from_command_line(["utilicase", "calendar", *args])
        code = 0
    except SystemExit as exc:
        code = exc.code
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_due_5_working_days_prints_exactly_the_json():
    assert _run("due", "--start", "2026-09-30 10:00", "--working-days", "5") == (
        '{"due_date": "2026-10-13", "due_at": "2026-10-14T00:00:00+08:00", "provisional": false}')


def test_due_10_working_days():
    assert json.loads(_run("due", "--start", "2026-09-30 10:00", "--working-days", "10"))["due_date"] == "2026-10-20"


def test_due_15_minutes():
    assert _run("due", "--start", "2026-09-30 10:00", "--minutes", "15") == (
        '{"due_at": "2026-09-30T10:15:00+08:00", "provisional": false}')


@pytest.mark.parametrize("start", ["2026-09-30T10:00", "2026-09-30T10:00:00+08:00", "2026-09-30T02:00:00+00:00",
                                   "2026-09-30"])
def test_due_accepts_the_start_formats(start):
    assert json.loads(_run("due", "--start", start, "--working-days", "5"))["due_date"] == "2026-10-13"


def test_due_in_a_year_without_data_is_provisional():
    assert json.loads(_run("due", "--start", "2031-03-03 09:00", "--working-days", "5")) == {
        "due_date": "2031-03-10", "due_at": "2031-03-11T00:00:00+08:00", "provisional": True}


@pytest.mark.parametrize("args, option", [
    (["--start", "2026-02-30 10:00", "--working-days", "5"], "--start"),
    (["--start", "next week", "--working-days", "5"], "--start"),
    (["--start", "2026-09-30 10:00", "--working-days", "-1"], "--working-days"),
    (["--start", "2026-09-30 10:00", "--working-days", "five"], "--working-days"),
    (["--start", "2026-09-30 10:00", "--minutes", "-15"], "--minutes"),
    (["--start", "2026-09-30 10:00"], "--working-days"),
    (["--start", "2026-09-30 10:00", "--working-days", "5", "--minutes", "15"], "--minutes"),
    (["--working-days", "5"], "--start"),
])
def test_bad_options_exit_2_naming_the_option_with_nothing_on_stdout(cli, args, option):
    code, out, err = cli("due", *args)
    assert code == 2
    assert out == ""
    assert option in err


def test_load_and_show(tmp_path, org, example_user, cli):
    path = tmp_path / "notice.txt"
    path.write_text(notices.NOTICE_2027, encoding="utf-8")
    code, out, err = cli("show", "--year", "2027")
    assert code == 0 and "NOT official" in out
    code, out, err = cli("load", "--year", "2027", "--file", str(path), "--actor", "admin")
    assert code == 0, err
    assert "2027" in out
    notice = HolidayNotice.objects.get(year=2027)
    assert notice.loaded_by == example_user("admin")
    assert AuditEvent.objects.filter(action="calendar.notice.loaded", target_id=str(notice.pk)).exists()
    shown = json.loads(_run("show", "--year", "2027", "--json"))
    assert shown["official"] is True and shown["source"] == "notice"
    assert shown["working_days"] == ["2027-02-20", "2027-09-26", "2027-10-09"]
    text = _run("show", "--year", "2027")
    assert "2027: official (source: loaded notice)" in text and "2027-02-20 Sat" in text
    assert json.loads(_run("due", "--start", "2027-02-04", "--working-days", "1"))["due_date"] == "2027-02-15"


def test_show_a_library_year():
    text = _run("show", "--year", "2026")
    assert text.splitlines()[0] == "2026: official (source: holidays package)"
    assert "  2026-10-10 Sat" in text and "  2026-10-07 Wed" in text


@pytest.mark.parametrize("make_args, option", [
    (lambda p: ["--year", "2027", "--file", str(p / "missing.txt")], "--file"),
    (lambda p: ["--year", "2027", "--file", str(p / "notice.txt"), "--actor", "nobody"], "--actor"),
    (lambda p: ["--year", "1800", "--file", str(p / "notice.txt")], "--year"),
])
def test_load_refuses_bad_options(tmp_path, cli, org, make_args, option):
    (tmp_path / "notice.txt").write_text(notices.NOTICE_2027, encoding="utf-8")
    code, out, err = cli("load", *make_args(tmp_path))
    assert code == 2 and out == "" and option in err
    assert not HolidayNotice.objects.exists()


def test_load_refuses_a_notice_it_cannot_read_naming_the_line(tmp_path, cli):
    path = tmp_path / "notice.txt"
    path.write_text("国务院办公厅关于2027年部分节假日安排的通知\n一、元旦：元月一日放假。\n", encoding="utf-8")
    code, out, err = cli("load", "--year", "2027", "--file", str(path))
    assert code == 1 and out == ""
    assert "第2行" in err
    assert not HolidayNotice.objects.exists()


def test_the_console_script(tmp_path):
    """The real `utilicase` entry point in its own process, on a database of its own."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}", "UTILICASE_VAR_DIR": str(tmp_path)}
    cli = [sys.executable, "-m", "utilicase.cli"]
    subprocess.run([*cli, "migrate", "workcalendar", "-v0"], env=env, check=True, capture_output=True, timeout=120)
    ok = subprocess.run([*cli, "calendar", "due", "--start", "2026-09-30 10:00", "--working-days", "5"],
                        env=env, capture_output=True, text=True, timeout=60)
    assert (ok.returncode, ok.stdout) == (
        0, '{"due_date": "2026-10-13", "due_at": "2026-10-14T00:00:00+08:00", "provisional": false}\n')
    bad = subprocess.run([*cli, "calendar", "due", "--start", "2026-09-31 10:00", "--working-days", "5"],
                         env=env, capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and bad.stdout == "" and "--start" in bad.stderr
