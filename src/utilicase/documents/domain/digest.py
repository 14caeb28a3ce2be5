"""What an issued document's hash covers, and the hash itself.

The record is plain JSON: the type, number, version, the case facts printed on it, the cleaned
content, the signatures placed on it (by their image hashes) and the time of issue. Keys are
sorted and the text is UTF-8 without escapes, so the same record hashes the same on SQLite and
PostgreSQL."""

import hashlib
import json
from typing import Any


def canonical_json(record: dict[str, Any]) -> str:
    return json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def record_sha256(record: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_json(record).encode("utf-8")).hexdigest()
