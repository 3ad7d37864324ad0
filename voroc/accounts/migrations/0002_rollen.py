"""Ship the roles as data (voroc/accounts/roles.py; docs/domain.md, "Roles")."""
from django.db import migrations


def forwards(apps, schema_editor):
    from voroc.accounts.roles import sync_rollen

    sync_rollen(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
