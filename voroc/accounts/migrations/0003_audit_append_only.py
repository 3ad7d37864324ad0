"""Audit rows cannot be changed (docs/database-roles.md).

PostgreSQL (production, CI): a trigger refuses UPDATE and DELETE on auditlog_logentry. The
retention job may delete expired rows only inside a transaction that first runs
`SET LOCAL voroc.audit_purge = 'on'` (see voroc/audit.py). TRUNCATE, which only the database
owner can run, is not affected (pytest-django empties tables that way).
SQLite (demo, quick local runs): UPDATE is refused; DELETE stays possible because Django's
test flush deletes rows there.
"""
from django.db import migrations

PG_FORWARD = """
CREATE OR REPLACE FUNCTION voroc_audit_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('voroc.audit_purge', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'auditlog_logentry is append-only: %% refused', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER auditlog_logentry_append_only
    BEFORE UPDATE OR DELETE ON auditlog_logentry
    FOR EACH ROW EXECUTE FUNCTION voroc_audit_append_only();
"""
PG_BACKWARD = """
DROP TRIGGER IF EXISTS auditlog_logentry_append_only ON auditlog_logentry;
DROP FUNCTION IF EXISTS voroc_audit_append_only();
"""
SQLITE_FORWARD = """
CREATE TRIGGER auditlog_logentry_no_update BEFORE UPDATE ON auditlog_logentry
BEGIN SELECT RAISE(ABORT, 'auditlog_logentry is append-only: UPDATE refused'); END;
"""
SQLITE_BACKWARD = "DROP TRIGGER IF EXISTS auditlog_logentry_no_update;"


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
    dependencies = [
        ("accounts", "0002_rollen"),
        ("auditlog", "0017_add_actor_email"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
