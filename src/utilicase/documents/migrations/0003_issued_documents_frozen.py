"""Database triggers that keep issued documents as they were issued.

An issued (or served, or superseded) document row may change only its status (to SERVED), its
time of service and its time of supersession; its copies and service records are never
updated. PostgreSQL and SQLite abort any other UPDATE. (DELETE is left to the models: SQLite has
no TRUNCATE, and Django's test flush deletes rows.)"""

from django.db import migrations

FROZEN = [
    "target_type", "target_id", "doc_type", "version", "replaces_id", "correction_reason", "content",
    "case_number", "utility", "issuer_code", "issuer_short_name", "issuer_name", "customer_name",
    "customer_account", "customer_address", "number", "sequence_year", "sequence_no", "issued_at",
    "issued_by_id", "content_sha256", "verify_token", "discarded_at", "created_at", "created_by_id",
]
APPEND_ONLY = ["documents_documentcopy", "documents_servicerecord", "documents_serviceproof"]


def _pg_changed() -> str:
    return " OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in FROZEN)


def _sqlite_changed() -> str:
    return " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in FROZEN)


PG_UP = f"""
CREATE OR REPLACE FUNCTION documents_document_frozen() RETURNS trigger AS $$
BEGIN
  IF OLD.status <> 'DRAFT' AND (NEW.status IN ('DRAFT', 'DISCARDED') OR {_pg_changed()}) THEN
    RAISE EXCEPTION 'issued document % cannot be changed', OLD.id;
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER documents_document_frozen BEFORE UPDATE ON documents_document
  FOR EACH ROW EXECUTE FUNCTION documents_document_frozen();
CREATE OR REPLACE FUNCTION documents_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION '% rows are never changed', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
""" + "".join(
    f"CREATE TRIGGER {t}_no_update BEFORE UPDATE ON {t} FOR EACH ROW EXECUTE FUNCTION documents_append_only();\n"
    for t in APPEND_ONLY
)
PG_DOWN = "DROP TRIGGER IF EXISTS documents_document_frozen ON documents_document;\n" + "".join(
    f"DROP TRIGGER IF EXISTS {t}_no_update ON {t};\n" for t in APPEND_ONLY
) + "DROP FUNCTION IF EXISTS documents_document_frozen();\nDROP FUNCTION IF EXISTS documents_append_only();\n"

SQLITE_UP = [
    f"""CREATE TRIGGER documents_document_frozen BEFORE UPDATE ON documents_document
WHEN OLD.status <> 'DRAFT' AND (NEW.status IN ('DRAFT', 'DISCARDED') OR {_sqlite_changed()})
BEGIN SELECT RAISE(ABORT, 'issued documents cannot be changed'); END;""",
    *(f"CREATE TRIGGER {t}_no_update BEFORE UPDATE ON {t} BEGIN SELECT RAISE(ABORT, 'rows are never changed'); END;"
      for t in APPEND_ONLY),
]
SQLITE_DOWN = ["DROP TRIGGER IF EXISTS documents_document_frozen;",
               *(f"DROP TRIGGER IF EXISTS {t}_no_update;" for t in APPEND_ONLY)]


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


class Migration(migrations.Migration):
    dependencies = [("documents", "0002_documents")]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
