"""Every action a service writes to the audit chain reads in words on a timeline, in Chinese and
in English, in one verb form (a past participle: "文书已签发" / "Document issued").

The actions are read from the source: every `audit_record(action=...)` call, and calls of a
module's own wrapper (`def _audit(..., action, ...)` that writes `f"prefix.{action}"`). An action
the scan cannot read (anything but string literals and `a if c else b` of them) fails the test,
so a new action cannot slip past it; the admin's generic "<model>.added/changed/deleted" is the
one exception, tested on its own."""

import ast
import re
from pathlib import Path

import pytest
from django.utils import translation

from utilicase.audit.labels import action_label, labelled_actions

SRC = Path(__file__).resolve().parents[3] / "src" / "utilicase"
GENERIC = {"audit/admin.py"}  # AuditedAdminMixin: "<model>.added/changed/deleted"
PARTICIPLE = re.compile(r"\b(\w+ed|set|built|met)\b")


def _name(func: ast.expr) -> str:
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _literals(node: ast.expr) -> list[str] | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        body, orelse = _literals(node.body), _literals(node.orelse)
        return body + orelse if body is not None and orelse is not None else None
    return None


def _wrappers(tree: ast.Module) -> tuple[dict[str, str], set[ast.Call]]:
    """(name -> prefix of the functions that write f"{prefix}{action}" with their own `action`,
    the audit_record calls inside them)."""
    prefixes, inside = {}, set()
    for func in ast.walk(tree):
        if not isinstance(func, ast.FunctionDef):
            continue
        params = {a.arg for a in func.args.args + func.args.kwonlyargs}
        for call in ast.walk(func):
            if isinstance(call, ast.Call) and _name(call.func) == "audit_record":
                value = next((k.value for k in call.keywords if k.arg == "action"), None)
                if (isinstance(value, ast.JoinedStr) and len(value.values) == 2
                        and isinstance(value.values[0], ast.Constant)
                        and isinstance(value.values[1], ast.FormattedValue)
                        and isinstance(value.values[1].value, ast.Name) and value.values[1].value.id in params):
                    prefixes[func.name] = value.values[0].value
                    inside.add(call)
    return prefixes, inside


def written_actions() -> tuple[set[str], list[str]]:
    """(the actions written, the places whose action the scan cannot read)."""
    actions, unreadable = set(), []
    for path in sorted(SRC.rglob("*.py")):
        relative = path.relative_to(SRC).as_posix()
        if "/migrations/" in relative:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        wrappers, inside = _wrappers(tree)
        for call in ast.walk(tree):
            if not isinstance(call, ast.Call) or call in inside:
                continue
            name = _name(call.func)
            value = next((k.value for k in call.keywords if k.arg == "action"), None)
            if value is None or (name != "audit_record" and name not in wrappers):
                continue
            literals = _literals(value)
            if literals is not None:
                actions |= {wrappers.get(name, "") + a for a in literals}
            elif relative not in GENERIC:
                unreadable.append(f"{relative}:{call.lineno}")
    return actions, unreadable


def test_the_scan_reads_every_action_written():
    actions, unreadable = written_actions()
    assert unreadable == []
    # Actions written directly, through a wrapper, and in both branches of a condition.
    assert {"complaints.complaint.received", "evidence.seal.applied", "whistleblowing.report.received",
            "documents.document.service_refused", "evidence.package.zip_built", "calendar.deadline.met",
            "org.token.revoked", "customers.prices.import"} <= actions
    assert len(actions) >= 55


def test_every_written_action_has_a_label_and_every_label_an_action():
    actions, _ = written_actions()
    assert sorted(actions - labelled_actions()) == []
    assert sorted(labelled_actions() - actions) == []


@pytest.mark.parametrize("action", sorted(written_actions()[0]))
def test_the_label_is_a_past_participle_in_both_languages(action):
    with translation.override("zh-hans"):
        zh = action_label(action)
    with translation.override("en"):
        en = action_label(action)
    assert "已" in zh and re.search(r"[\u4e00-\u9fff]", zh)
    assert en.isascii() and en[0].isupper() and PARTICIPLE.search(en), en


@pytest.mark.parametrize(("action", "zh", "en"), [
    ("org.unit.added", "单位已添加", "Unit added"),
    ("org.user.changed", "员工已修改", "Staff changed"),
    ("org.certificate.deleted", "检查证已删除", "Inspector certificate deleted"),
])
def test_reference_data_edited_in_the_admin_reads_by_its_model(action, zh, en):
    with translation.override("zh-hans"):
        assert action_label(action) == zh
    with translation.override("en"):
        assert action_label(action) == en


def test_unknown_actions_show_as_they_are():
    assert action_label("something.odd.happened") == "something.odd.happened"
    assert action_label("nosuch.model.added") == "nosuch.model.added"
