"""Database triggers that tie the discipline inspection role to a confirmed grant (§6.7(iii)(1-6)),
so that no path round the services (a form, a fixture, a shell, an UPDATE) gives it:

- a staff row may hold the role `discipline`, or sit in a discipline unit, only with a grant in
  force for that user and that unit;
- a grant row is inserted as a proposal, except the first member of a unit (installation: no
  proposer, and no member in force in the unit);
- a proposal is confirmed only by a member in force of the unit (the model's constraints add:
  not the proposer, not the grantee), or declined; a grant in force is removed only once its
  user no longer holds the role; nothing else of a grant ever changes.

DELETE is left to the models (PROTECT), as elsewhere: Django's test flush deletes rows on SQLite."""

from django.db import migrations

MEMBER = ("EXISTS (SELECT 1 FROM org_disciplinegrant g WHERE g.user_id = {user} AND g.unit_id = {unit}"
          " AND g.status = 'CONFIRMED')")
USER_REFUSED = (
    "(NEW.role = 'discipline' OR EXISTS (SELECT 1 FROM org_unit u WHERE u.id = NEW.unit_id AND u.kind = 'DISCIPLINE'))"
    " AND NOT (NEW.role = 'discipline' AND " + MEMBER.format(user="NEW.id", unit="NEW.unit_id") + ")"
)
GRANT_INSERT_REFUSED = (
    "NOT EXISTS (SELECT 1 FROM org_unit u WHERE u.id = NEW.unit_id AND u.kind = 'DISCIPLINE')"
    " OR (NEW.status <> 'PROPOSED' AND (NEW.status <> 'CONFIRMED' OR NEW.proposed_by_id IS NOT NULL"
    " OR EXISTS (SELECT 1 FROM org_disciplinegrant g WHERE g.unit_id = NEW.unit_id AND g.status = 'CONFIRMED')))"
)


def grant_update_refused(distinct: str) -> str:
    return (
        f"NEW.user_id <> OLD.user_id OR NEW.unit_id <> OLD.unit_id OR NEW.proposed_at <> OLD.proposed_at"
        f" OR NEW.proposed_by_id {distinct} OLD.proposed_by_id"
        f" OR (NEW.status = OLD.status AND (NEW.confirmed_by_id {distinct} OLD.confirmed_by_id"
        f" OR NEW.confirmed_at {distinct} OLD.confirmed_at OR NEW.ended_by_id {distinct} OLD.ended_by_id"
        f" OR NEW.ended_at {distinct} OLD.ended_at))"
        " OR (NEW.status <> OLD.status AND NOT ("
        "(OLD.status = 'PROPOSED' AND NEW.status = 'DECLINED')"
        " OR (OLD.status = 'PROPOSED' AND NEW.status = 'CONFIRMED' AND "
        + MEMBER.format(user="NEW.confirmed_by_id", unit="NEW.unit_id") + ")"
        " OR (OLD.status = 'CONFIRMED' AND NEW.status = 'REMOVED' AND NOT EXISTS (SELECT 1 FROM org_user u"
        " WHERE u.id = OLD.user_id AND u.role = 'discipline' AND u.unit_id = OLD.unit_id))))"
    )


PG_UP = f"""
CREATE OR REPLACE FUNCTION org_user_discipline_guard() RETURNS trigger AS $$
BEGIN
  IF {USER_REFUSED} THEN
    RAISE EXCEPTION 'the discipline role needs a confirmed grant in force (§6.7(iii)(1-6))';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER org_user_discipline_insert BEFORE INSERT ON org_user
  FOR EACH ROW EXECUTE FUNCTION org_user_discipline_guard();
CREATE TRIGGER org_user_discipline_update BEFORE UPDATE OF role, unit_id ON org_user
  FOR EACH ROW EXECUTE FUNCTION org_user_discipline_guard();
CREATE OR REPLACE FUNCTION org_grant_insert_guard() RETURNS trigger AS $$
BEGIN
  IF {GRANT_INSERT_REFUSED} THEN
    RAISE EXCEPTION 'a discipline grant starts as a proposal (§6.7(iii)(1-6))';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER org_grant_insert BEFORE INSERT ON org_disciplinegrant
  FOR EACH ROW EXECUTE FUNCTION org_grant_insert_guard();
CREATE OR REPLACE FUNCTION org_grant_update_guard() RETURNS trigger AS $$
BEGIN
  IF {grant_update_refused("IS DISTINCT FROM")} THEN
    RAISE EXCEPTION 'discipline grant % cannot change so (§6.7(iii)(1-6))', OLD.id;
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER org_grant_update BEFORE UPDATE ON org_disciplinegrant
  FOR EACH ROW EXECUTE FUNCTION org_grant_update_guard();
"""
PG_DOWN = """
DROP TRIGGER IF EXISTS org_user_discipline_insert ON org_user;
DROP TRIGGER IF EXISTS org_user_discipline_update ON org_user;
DROP TRIGGER IF EXISTS org_grant_insert ON org_disciplinegrant;
DROP TRIGGER IF EXISTS org_grant_update ON org_disciplinegrant;
DROP FUNCTION IF EXISTS org_user_discipline_guard();
DROP FUNCTION IF EXISTS org_grant_insert_guard();
DROP FUNCTION IF EXISTS org_grant_update_guard();
"""

_ROLE = "SELECT RAISE(ABORT, 'the discipline role needs a confirmed grant in force')"
SQLITE_UP = [
    f"CREATE TRIGGER org_user_discipline_insert BEFORE INSERT ON org_user WHEN {USER_REFUSED} BEGIN {_ROLE}; END;",
    f"CREATE TRIGGER org_user_discipline_update BEFORE UPDATE OF role, unit_id ON org_user WHEN {USER_REFUSED}"
    f" BEGIN {_ROLE}; END;",
    f"CREATE TRIGGER org_grant_insert BEFORE INSERT ON org_disciplinegrant WHEN {GRANT_INSERT_REFUSED}"
    " BEGIN SELECT RAISE(ABORT, 'a discipline grant starts as a proposal'); END;",
    f"CREATE TRIGGER org_grant_update BEFORE UPDATE ON org_disciplinegrant WHEN {grant_update_refused('IS NOT')}"
    " BEGIN SELECT RAISE(ABORT, 'a discipline grant cannot change so'); END;",
]
SQLITE_DOWN = [f"DROP TRIGGER IF EXISTS {name};" for name in (
    "org_user_discipline_insert", "org_user_discipline_update", "org_grant_insert", "org_grant_update")]


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
    dependencies = [("org", "0002_discipline_grant")]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
