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
