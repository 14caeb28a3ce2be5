"""A document's status is one of its four, and the database keeps issued documents and what was
recorded of them as they were, on both databases.

- Status only moves forward: DRAFT to ISSUED or DISCARDED, ISSUED to SERVED; a discarded draft
  is never changed.
- An issued document's time of service and time of supersession are set once (NULL to a time,
  when it is served and when its correction is issued) and never changed or cleared after; its
  other fields stay frozen (migration 0003).
- Signatures, copies, service records and their proofs are append-only: never updated (0003 for
  all but signatures) and never deleted; nor is an issued document.

PostgreSQL aborts every such DELETE (Django's test flush truncates there, which row triggers do
not see). SQLite has no TRUNCATE and the test flush deletes rows, so there a DELETE is let through
while a table named `audit_test_flush_allowed` exists: only test databases have it
(tests/conftest.py makes it; the audit triggers honour it too), no migration makes it.

Adding (or dropping) the check constraint rebuilds the table on SQLite, which drops its
triggers; so the document trigger is made again after it."""

import importlib

from django.db import migrations, models

frozen = importlib.import_module("utilicase.documents.migrations.0003_issued_documents_frozen")

STATUSES = ["DRAFT", "ISSUED", "SERVED", "DISCARDED"]
TEST_FLUSH_MARKER = "audit_test_flush_allowed"
NO_DELETE = ["documents_signature", "documents_documentcopy", "documents_servicerecord", "documents_serviceproof"]
ISSUED = "OLD.status IN ('ISSUED', 'SERVED')"
BACKWARD = ("NEW.status <> OLD.status AND NOT ((OLD.status = 'DRAFT' AND NEW.status IN ('ISSUED', 'DISCARDED'))"
            " OR (OLD.status = 'ISSUED' AND NEW.status = 'SERVED'))")


def _set_once(distinct: str) -> str:
    return " OR ".join(f"(OLD.{c} IS NOT NULL AND NEW.{c} {distinct} OLD.{c})" for c in ("served_at", "superseded_at"))


def _refused(changed: str, distinct: str) -> str:
    return f"{BACKWARD} OR OLD.status = 'DISCARDED' OR ({ISSUED} AND ({changed} OR {_set_once(distinct)}))"


PG_UP = f"""
CREATE OR REPLACE FUNCTION documents_document_frozen() RETURNS trigger AS $$
BEGIN
  IF {_refused(frozen._pg_changed(), "IS DISTINCT FROM")} THEN
    RAISE EXCEPTION 'issued document % cannot be changed', OLD.id;
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE OR REPLACE FUNCTION documents_never_deleted() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION '% rows are never deleted', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER documents_signature_no_update BEFORE UPDATE ON documents_signature
  FOR EACH ROW EXECUTE FUNCTION documents_append_only();
CREATE TRIGGER documents_document_no_delete BEFORE DELETE ON documents_document
  FOR EACH ROW WHEN ({ISSUED}) EXECUTE FUNCTION documents_never_deleted();
""" + "".join(
    f"CREATE TRIGGER {t}_no_delete BEFORE DELETE ON {t} FOR EACH ROW EXECUTE FUNCTION documents_never_deleted();\n"
    for t in NO_DELETE
)
PG_DOWN = "".join(f"DROP TRIGGER IF EXISTS {t}_no_delete ON {t};\n" for t in ["documents_document", *NO_DELETE]) + (
    "DROP TRIGGER IF EXISTS documents_signature_no_update ON documents_signature;\n"
    "DROP FUNCTION IF EXISTS documents_never_deleted();\n"
) + frozen.PG_UP.split("CREATE TRIGGER documents_document_frozen")[0]

_SQLITE_UNLESS_TEST = f"NOT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '{TEST_FLUSH_MARKER}')"
SQLITE_UP = [
    "DROP TRIGGER IF EXISTS documents_document_frozen;",
    f"""CREATE TRIGGER documents_document_frozen BEFORE UPDATE ON documents_document
WHEN {_refused(frozen._sqlite_changed(), "IS NOT")}
BEGIN SELECT RAISE(ABORT, 'issued documents cannot be changed'); END;""",
    """CREATE TRIGGER documents_signature_no_update BEFORE UPDATE ON documents_signature
BEGIN SELECT RAISE(ABORT, 'rows are never changed'); END;""",
    f"""CREATE TRIGGER documents_document_no_delete BEFORE DELETE ON documents_document
WHEN {ISSUED} AND {_SQLITE_UNLESS_TEST}
BEGIN SELECT RAISE(ABORT, 'rows are never deleted'); END;""",
    *(f"""CREATE TRIGGER {t}_no_delete BEFORE DELETE ON {t} WHEN {_SQLITE_UNLESS_TEST}
BEGIN SELECT RAISE(ABORT, 'rows are never deleted'); END;""" for t in NO_DELETE),
]
SQLITE_DOWN = [
    *(f"DROP TRIGGER IF EXISTS {t}_no_delete;" for t in ["documents_document", *NO_DELETE]),
    "DROP TRIGGER IF EXISTS documents_signature_no_update;",
    "DROP TRIGGER IF EXISTS documents_document_frozen;",
]


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_UP, params=None)
    elif vendor == "sqlite":
        for statement in SQLITE_UP:
            schema_editor.execute(statement)


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_DOWN, params=None)
    elif vendor == "sqlite":
        for statement in SQLITE_DOWN:
            schema_editor.execute(statement)


def restore_0003_trigger(apps, schema_editor):
    """Unapplying: dropping the check constraint rebuilt the table on SQLite; give it back the
    trigger of 0003."""
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS documents_document_frozen;")
        schema_editor.execute(frozen.SQLITE_UP[0])


class Migration(migrations.Migration):
    dependencies = [("documents", "0003_issued_documents_frozen")]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, restore_0003_trigger),
        migrations.AddConstraint(
            model_name="document",
            constraint=models.CheckConstraint(condition=models.Q(status__in=STATUSES),
                                              name="documents_document_status_known"),
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
