"""The English translation is complete: every Chinese msgid has an English msgstr."""

import re
from pathlib import Path

PO = Path(__file__).resolve().parents[2] / "src" / "utilicase" / "locale" / "en" / "LC_MESSAGES" / "django.po"


def _entries(text: str):
    for block in text.split("\n\n"):
        if "msgid " not in block or block.lstrip().startswith("#~"):
            continue
        msgid = "".join(re.findall(r'^msgid "(.*)"$|^msgid_plural', block, flags=re.M)) or ""
        strings = re.findall(r'^msgstr(?:\[\d\])? ((?:".*"\n?)+)', block + "\n", flags=re.M)
        values = ["".join(re.findall(r'"(.*)"', s)) for s in strings]
        yield msgid, values


def test_every_message_is_translated_to_english():
    entries = [(m, v) for m, v in _entries(PO.read_text(encoding="utf-8")) if m]
    untranslated = [m for m, values in entries if not values or not all(values)]
    assert len(entries) > 100
    assert untranslated == []


# CJK symbols and punctuation (、。「」 and the ideographic space) and full-width forms (，：；（）！？).
FULL_WIDTH = re.compile(r"[\u3000-\u303f\uff00-\uffef]")


def test_english_uses_ascii_punctuation():
    entries = [(m, v) for m, v in _entries(PO.read_text(encoding="utf-8")) if m]
    full_width = [(m, value) for m, values in entries for value in values if FULL_WIDTH.search(value)]
    assert len(entries) > 100
    assert full_width == []


SRC = PO.parents[3]
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")


# The errors of a refused upload or signature: (field, message), the message shown translated.
REFUSED = ("FileRefused", "SignatureRefused")


def _marked_in_code():
    """(place, message) of every gettext_noop string, Message and RuleViolation message in the
    code; a RuleViolation message in Chinese that is formatted in place (an f-string), and an
    upload's or a signature's reason that is not marked, come as None."""
    import ast

    for path in sorted(SRC.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            place = f"{path.relative_to(SRC)}:{node.lineno}"
            arg = node.args[0] if name in ("gettext_noop", "Message") and node.args else (
                node.args[1] if name in ("RuleViolation", *REFUSED) and len(node.args) > 1 else None)
            if name in REFUSED and isinstance(arg, ast.Constant | ast.JoinedStr):
                yield place, None  # an upload's or a signature's reason is marked (gettext_noop or Message)
            elif isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                yield place, arg.value
            elif isinstance(arg, ast.JoinedStr) and CJK.search(ast.unparse(arg)):
                yield place, None


def test_every_refusal_and_noop_message_is_in_the_catalogue():
    translated = {m for m, values in _entries(PO.read_text(encoding="utf-8")) if m and all(values)}
    marked = list(_marked_in_code())
    missing = [(place, message) for place, message in marked if message is None or message not in translated]
    assert len(marked) > 50
    assert missing == []
