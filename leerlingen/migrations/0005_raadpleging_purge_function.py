"""The read log out of the application's reach, as the audit trail is (accounts/0007).

The application's role may only INSERT and SELECT on leerlingen_raadpleging (voroc/dbroles.py),
so nothing may cascade into it: its references become plain ids without a database constraint.
Retention deletes a pupil, then calls `voroc_raadpleging_purge(pupil ids)`, a SECURITY DEFINER
function that deletes the read log of those pupils only when they no longer exist, and records
the purge in voroc_audit_purge_log. SQLite (the demo) has neither; retention uses the ORM there.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


PG_FORWARD = """
CREATE OR REPLACE FUNCTION voroc_raadpleging_purge(p_leerling_ids bigint[])
RETURNS integer
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
DECLARE
    n integer;
BEGIN
    PERFORM set_config('voroc.audit_purge', 'on', true);
    DELETE FROM leerlingen_raadpleging r
    WHERE r.leerling_id = ANY(p_leerling_ids)
      AND NOT EXISTS (SELECT 1 FROM leerlingen_leerling l WHERE l.id = r.leerling_id);
    GET DIAGNOSTICS n = ROW_COUNT;
    PERFORM set_config('voroc.audit_purge', 'off', true);
    IF n > 0 THEN
        INSERT INTO voroc_audit_purge_log (content_type_id, object_pks, entries)
        SELECT id, p_leerling_ids::text[], n FROM django_content_type
        WHERE app_label = 'leerlingen' AND model = 'raadpleging';
    END IF;
    RETURN n;
END;
$$;
REVOKE ALL ON FUNCTION voroc_raadpleging_purge(bigint[]) FROM PUBLIC;
"""
PG_BACKWARD = "DROP FUNCTION IF EXISTS voroc_raadpleging_purge(bigint[]);"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_FORWARD)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_BACKWARD)


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0009_lidmaatschappen_via_rolgroepen'),
        ('leerlingen', '0004_raadpleging_append_only'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='raadpleging',
            name='leerling',
            field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='raadplegingen', to='leerlingen.leerling'),
        ),
        migrations.AlterField(
            model_name='raadpleging',
            name='organisatie',
            field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='accounts.organisatie', verbose_name='organisatie'),
        ),
        migrations.AlterField(
            model_name='raadpleging',
            name='rol',
            field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='accounts.rol'),
        ),
        migrations.AlterField(
            model_name='raadpleging',
            name='user',
            field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.RunPython(forwards, backwards),
    ]
