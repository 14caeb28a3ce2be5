"""Triggers that make the custody log append-only in the database, as the audit chain's are.

PostgreSQL aborts UPDATE and DELETE (TRUNCATE, which the test flush uses there, is not a row
delete). SQLite aborts UPDATE; a DELETE trigger would break Django's test flush, which deletes
rows there. The model and its queryset refuse both on every database."""

from django.db import migrations

PG_UP = """
CREATE OR REPLACE FUNCTION evidence_custody_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'the custody log is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER evidence_custody_no_update BEFORE UPDATE ON evidence_custodyentry
  FOR EACH ROW EXECUTE FUNCTION evidence_custody_append_only();
CREATE TRIGGER evidence_custody_no_delete BEFORE DELETE ON evidence_custodyentry
  FOR EACH ROW EXECUTE FUNCTION evidence_custody_append_only();
"""
PG_DOWN = """
DROP TRIGGER IF EXISTS evidence_custody_no_update ON evidence_custodyentry;
DROP TRIGGER IF EXISTS evidence_custody_no_delete ON evidence_custodyentry;
DROP FUNCTION IF EXISTS evidence_custody_append_only();
"""
SQLITE_UP = """
CREATE TRIGGER evidence_custody_no_update BEFORE UPDATE ON evidence_custodyentry
BEGIN SELECT RAISE(ABORT, 'the custody log is append-only'); END;
"""
SQLITE_DOWN = "DROP TRIGGER IF EXISTS evidence_custody_no_update;"


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_UP)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_UP)


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_DOWN)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_DOWN)


class Migration(migrations.Migration):
    dependencies = [("evidence", "0001_initial")]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
