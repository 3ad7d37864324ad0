"""The read log (`Raadpleging`) cannot be changed, as the audit trail (accounts/0003).

PostgreSQL: a trigger refuses UPDATE and DELETE, except a DELETE inside a transaction that
first ran `SET LOCAL voroc.audit_purge = 'on'`: the retention job, deleting a pupil whose
period has passed, takes the pupil's read log along. SQLite (demo, quick runs): UPDATE refused.
"""

from django.db import migrations

PG_FORWARD = """
CREATE OR REPLACE FUNCTION voroc_raadpleging_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('voroc.audit_purge', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'leerlingen_raadpleging is append-only: %% refused', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER leerlingen_raadpleging_append_only
    BEFORE UPDATE OR DELETE ON leerlingen_raadpleging
    FOR EACH ROW EXECUTE FUNCTION voroc_raadpleging_append_only();
"""
PG_BACKWARD = """
DROP TRIGGER IF EXISTS leerlingen_raadpleging_append_only ON leerlingen_raadpleging;
DROP FUNCTION IF EXISTS voroc_raadpleging_append_only();
"""
SQLITE_FORWARD = """
CREATE TRIGGER leerlingen_raadpleging_no_update BEFORE UPDATE ON leerlingen_raadpleging
BEGIN SELECT RAISE(ABORT, 'leerlingen_raadpleging is append-only: UPDATE refused'); END;
"""
SQLITE_BACKWARD = "DROP TRIGGER IF EXISTS leerlingen_raadpleging_no_update;"


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FORWARD)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_FORWARD)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_BACKWARD)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("leerlingen", "0003_raadpleging")]

    operations = [migrations.RunPython(forwards, backwards)]
