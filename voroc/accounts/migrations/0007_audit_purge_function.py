"""The retention job deletes expired audit rows through one SECURITY DEFINER function (PostgreSQL).

The application's database role may only INSERT and SELECT on auditlog_logentry
(voroc/dbroles.py, docs/database-roles.md); it deletes nothing there itself. Retention first
deletes a pupil's rows, then calls `voroc_audit_purge(content type, ids)`, which runs with the
rights of the role that ran this migration (the owner) and deletes the audit rows of those ids
only when the object no longer exists: the audit trail of a live object cannot be purged. Each
purge is recorded in voroc_audit_purge_log (when, by which login, which ids, how many rows), a
table the application may only read: a gap in the trail is explained there or it is tampering.
SQLite (the demo) has neither roles nor the function; retention deletes through the ORM there.
"""
from django.db import migrations

PG_FORWARD = """
CREATE TABLE IF NOT EXISTS voroc_audit_purge_log (
    id bigserial PRIMARY KEY,
    purged_at timestamptz NOT NULL DEFAULT now(),
    db_user text NOT NULL DEFAULT session_user,
    content_type_id integer NOT NULL,
    object_pks text[] NOT NULL,
    entries integer NOT NULL
);
CREATE OR REPLACE FUNCTION voroc_audit_purge(p_content_type_id integer, p_object_pks text[])
RETURNS integer
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
DECLARE
    tbl text;
    n integer;
BEGIN
    -- The model's table follows from its content type (Django's default table name), never from
    -- the caller: an object counts as gone only if its own table no longer has the row.
    SELECT app_label || '_' || model INTO tbl FROM django_content_type WHERE id = p_content_type_id;
    IF tbl IS NULL OR to_regclass(quote_ident(tbl)) IS NULL THEN
        RAISE EXCEPTION 'voroc_audit_purge: no table for content type %%', p_content_type_id;
    END IF;
    PERFORM set_config('voroc.audit_purge', 'on', true);
    EXECUTE format(
        'DELETE FROM auditlog_logentry e WHERE e.content_type_id = $1 AND e.object_pk = ANY($2) '
        'AND NOT EXISTS (SELECT 1 FROM %%I t WHERE t.id::text = e.object_pk)', tbl
    ) USING p_content_type_id, p_object_pks;
    GET DIAGNOSTICS n = ROW_COUNT;
    PERFORM set_config('voroc.audit_purge', 'off', true);
    IF n > 0 THEN
        INSERT INTO voroc_audit_purge_log (content_type_id, object_pks, entries)
        VALUES (p_content_type_id, p_object_pks, n);
    END IF;
    RETURN n;
END;
$$;
REVOKE ALL ON FUNCTION voroc_audit_purge(integer, text[]) FROM PUBLIC;
"""
PG_BACKWARD = """
DROP FUNCTION IF EXISTS voroc_audit_purge(integer, text[]);
DROP TABLE IF EXISTS voroc_audit_purge_log;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_FORWARD)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_BACKWARD)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_enrolment_link"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
