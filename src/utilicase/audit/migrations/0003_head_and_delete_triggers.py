"""Triggers on the chain head and against deleting events, on both databases.

The head row only moves forward (a higher sequence and count, same row) and is never deleted; no
event is ever deleted (SQLite now too) and, on PostgreSQL, neither table can be truncated. So
cutting the chain back or wiping it takes dropping the triggers first; what is done even then is
caught by `utilicase audit verify` against the key and the checkpoints kept outside the database.

Test databases alone hold a table named `audit_test_flush_allowed` (tests/conftest.py makes it):
while it exists, deleting and truncating are let through, so that Django can empty the tables
between tests. No migration makes it."""

from django.db import migrations

MARKER = "audit_test_flush_allowed"

PG_UP = f"""
CREATE OR REPLACE FUNCTION audit_refuse_delete() RETURNS trigger AS $$
BEGIN
  IF to_regclass('{MARKER}') IS NULL THEN
    RAISE EXCEPTION 'audit events and the audit chain head are never deleted';
  END IF;
  RETURN OLD;
END;
$$ LANGUAGE plpgsql;
CREATE OR REPLACE FUNCTION audit_head_forward_only() RETURNS trigger AS $$
BEGIN
  IF NEW.id <> OLD.id OR NEW.last_seq <= OLD.last_seq OR NEW.count <= OLD.count THEN
    RAISE EXCEPTION 'the audit chain head only moves forward';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS audit_event_no_delete ON audit_auditevent;
CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_auditevent
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_delete();
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_auditevent
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_delete();
CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_chainhead
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_delete();
CREATE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON audit_chainhead
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_delete();
CREATE TRIGGER audit_head_forward_only BEFORE UPDATE ON audit_chainhead
  FOR EACH ROW EXECUTE FUNCTION audit_head_forward_only();
"""
PG_DOWN = """
DROP TRIGGER IF EXISTS audit_head_forward_only ON audit_chainhead;
DROP TRIGGER IF EXISTS audit_head_no_truncate ON audit_chainhead;
DROP TRIGGER IF EXISTS audit_head_no_delete ON audit_chainhead;
DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_auditevent;
DROP TRIGGER IF EXISTS audit_event_no_delete ON audit_auditevent;
CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_auditevent
  FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
DROP FUNCTION IF EXISTS audit_head_forward_only();
DROP FUNCTION IF EXISTS audit_refuse_delete();
"""
_SQLITE_UNLESS_TEST = f"WHEN NOT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '{MARKER}')"
SQLITE_UP = [
    f"""CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_auditevent {_SQLITE_UNLESS_TEST}
    BEGIN SELECT RAISE(ABORT, 'audit events and the audit chain head are never deleted'); END;""",
    f"""CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_chainhead {_SQLITE_UNLESS_TEST}
    BEGIN SELECT RAISE(ABORT, 'audit events and the audit chain head are never deleted'); END;""",
    """CREATE TRIGGER audit_head_forward_only BEFORE UPDATE ON audit_chainhead
    WHEN NEW.id <> OLD.id OR NEW.last_seq <= OLD.last_seq OR NEW.count <= OLD.count
    BEGIN SELECT RAISE(ABORT, 'the audit chain head only moves forward'); END;""",
]
SQLITE_DOWN = [f"DROP TRIGGER IF EXISTS {name};"
               for name in ("audit_event_no_delete", "audit_head_no_delete", "audit_head_forward_only")]


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_UP)
    elif vendor == "sqlite":
        for statement in SQLITE_UP:
            schema_editor.execute(statement)


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_DOWN)
    elif vendor == "sqlite":
        for statement in SQLITE_DOWN:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_triggers")]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
