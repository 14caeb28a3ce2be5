"""On PostgreSQL, TRUNCATE skips row triggers: without a statement trigger it would empty the
documents tables that 0003 and 0004 keep append-only. Refused like the audit tables' (audit 0003),
except in test databases, whose marker table `audit_test_flush_allowed` lets Django's flush
(a TRUNCATE there) through. SQLite has no TRUNCATE."""

from django.db import migrations

MARKER = "audit_test_flush_allowed"
TABLES = ["documents_document", "documents_signature", "documents_documentcopy", "documents_servicerecord",
          "documents_serviceproof"]

PG_UP = f"""
CREATE OR REPLACE FUNCTION documents_refuse_truncate() RETURNS trigger AS $$
BEGIN
  IF to_regclass('{MARKER}') IS NULL THEN
    RAISE EXCEPTION '% rows are never deleted', TG_TABLE_NAME;
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
""" + "".join(
    f"CREATE TRIGGER {t}_no_truncate BEFORE TRUNCATE ON {t} FOR EACH STATEMENT "
    "EXECUTE FUNCTION documents_refuse_truncate();\n" for t in TABLES
)
PG_DOWN = "".join(f"DROP TRIGGER IF EXISTS {t}_no_truncate ON {t};\n" for t in TABLES) + (
    "DROP FUNCTION IF EXISTS documents_refuse_truncate();\n"
)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_UP, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_DOWN, params=None)


class Migration(migrations.Migration):
    dependencies = [("documents", "0004_issued_documents_forward_only")]
    operations = [migrations.RunPython(forwards, backwards)]
