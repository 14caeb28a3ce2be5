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


@pytest.fixture(autouse=True)
def _no_operator_language(monkeypatch):
    """The command speaks the operator's language (LANG): these tests choose it themselves."""
    monkeypatch.setenv("LANG", "C.UTF-8")


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
    code, out, err = cli("show", "--year", "2027", "--lang", "en")
    assert code == 0 and "NOT official" in out
    code, out, err = cli("load", "--year", "2027", "--file", str(path), "--actor", "admin")
    assert code == 0, err
    assert out == "2027年：已载入 12 个休息日（周一至周五）和 3 个调休上班日，该年度为正式日历。\n"
    notice = HolidayNotice.objects.get(year=2027)
    assert notice.loaded_by == example_user("admin")
    assert AuditEvent.objects.filter(action="calendar.notice.loaded", target_id=str(notice.pk)).exists()
    shown = json.loads(_run("show", "--year", "2027", "--json"))
    assert shown["official"] is True and shown["source"] == "notice"
    assert shown["working_days"] == ["2027-02-20", "2027-09-26", "2027-10-09"]
    text = _run("show", "--year", "2027", "--lang", "en")
    assert "2027: official (source: loaded notice)" in text and "2027-02-20 Saturday" in text
    assert json.loads(_run("due", "--start", "2027-02-04", "--working-days", "1"))["due_date"] == "2027-02-15"


def test_show_a_library_year():
    text = _run("show", "--year", "2026", "--lang", "en")
    assert text.splitlines()[0] == "2026: official (source: holidays package)"
    assert "  2026-10-10 Saturday" in text and "  2026-10-07 Wednesday" in text


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


def test_it_speaks_chinese_unless_the_operator_chose_english(cli, monkeypatch):
    """Chinese by default (LANGUAGE_CODE); English with --lang en (before or after the
    subcommand) or when LANG names English; --lang wins over LANG."""
    chinese = "2026年：正式日历（来源：holidays 软件包）"
    english = "2026: official (source: holidays package)"
    assert cli("show", "--year", "2026")[1].splitlines()[:2] == [chinese, "休息日（周一至周五放假）："]
    assert cli("--lang", "en", "show", "--year", "2026")[1].splitlines()[:2] == [english, "rest days (Mon-Fri off):"]
    assert cli("show", "--year", "2026", "--lang=en")[1].splitlines()[0] == english
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert cli("show", "--year", "2026")[1].splitlines()[0] == english
    assert cli("show", "--year", "2026", "--lang", "zh-hans")[1].splitlines()[0] == chinese
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert cli("show", "--year", "2026")[1].splitlines()[0] == chinese


def test_its_refusals_speak_the_operator_s_language(cli, tmp_path):
    code, out, err = cli("due", "--start", "next week", "--working-days", "5", "--lang", "en")
    assert (code, out) == (2, "")
    assert 'argument --start: "next week" is not a date or time like 2026-09-30 10:00. Use YYYY-MM-DD' in err
    code, out, err = cli("due", "--start", "next week", "--working-days", "5")
    assert "argument --start: “next week”不是日期或时间，应形如 2026-09-30 10:00。 可写作" in err
    code, out, err = cli("due", "--start", "2026-09-30", "--working-days", "five", "--lang", "en")
    assert 'argument --working-days: "five" is not a whole number.' in err
    code, out, err = cli("load", "--year", "2027", "--file", str(tmp_path / "missing.txt"))
    assert (code, out) == (2, "") and "--file: 无法读取 " in err


def test_a_notice_it_cannot_read_is_named_in_english_for_an_english_operator(tmp_path, cli):
    path = tmp_path / "notice.txt"
    path.write_text("国务院办公厅关于2027年部分节假日安排的通知\n一、元旦：元月一日放假。\n", encoding="utf-8")
    code, out, err = cli("load", "--year", "2027", "--file", str(path), "--lang", "en")
    assert (code, out) == (1, "")
    assert err.strip() == ('CommandError: --file: Line 2 cannot be read (cannot read the dates in "元月一日"): '
                           "一、元旦：元月一日放假。")
    assert not HolidayNotice.objects.exists()


@pytest.mark.parametrize("lang, environ, expected", [
    (None, {}, "zh-hans"), (None, {"LANG": "C.UTF-8"}, "zh-hans"), (None, {"LANG": "POSIX"}, "zh-hans"),
    (None, {"LANG": "en_US.UTF-8"}, "en"), (None, {"LANG": "en_GB"}, "en"), (None, {"LANG": "zh_CN.UTF-8"}, "zh-hans"),
    (None, {"LANG": "zh_TW.UTF-8"}, "zh-hans"), (None, {"LANG": "fr_FR.UTF-8"}, "zh-hans"),
    ("en", {"LANG": "zh_CN.UTF-8"}, "en"), ("zh-hans", {"LANG": "en_US.UTF-8"}, "zh-hans"),
])
def test_the_command_language_is_the_option_else_lang_else_chinese(lang, environ, expected):
    from utilicase.config.commands import command_language

    assert command_language(lang, environ) == expected
