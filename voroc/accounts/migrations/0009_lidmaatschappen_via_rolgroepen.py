"""Memberships stored once: guardian's per-user copies become one group per organisation and role.

Before, every membership wrote its role's permissions as per-user object permissions, and a
change to a role reached nobody who already had it (the permission `inzage_verstrekken`, added
by 0004, was missing for every decaan of that time). From here on guardian holds one group per
(organisation, role) pair in use (`Rolgroep`), with the role's permissions as object permissions
on the organisation, and a membership is a place in that group (voroc.accounts.groepen).

Forwards: the roles are written from code, the groups are built from the memberships (so every
member gets the role's current permissions), and the per-user rows on organisations are removed.
Backwards: the per-user rows are written again from the groups.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    from voroc.accounts.roles import sync_rollen

    sync_rollen(apps)  # roles from code, then every group and member (voroc.accounts.groepen)
    UserObjectPermission = apps.get_model("guardian", "UserObjectPermission")
    UserObjectPermission.objects.filter(content_type__app_label="accounts", content_type__model="organisatie").delete()


def backwards(apps, schema_editor):
    UserObjectPermission = apps.get_model("guardian", "UserObjectPermission")
    GroupObjectPermission = apps.get_model("guardian", "GroupObjectPermission")
    UserGroups = apps.get_model("accounts", "User").groups.through
    members: dict[int, set[int]] = {}
    for user_id, group_id in UserGroups.objects.filter(group__rolgroep__isnull=False).values_list(
        "user_id", "group_id"
    ):
        members.setdefault(group_id, set()).add(user_id)
    rows = set()
    for group_id, permission_id, content_type_id, object_pk in GroupObjectPermission.objects.filter(
        group__rolgroep__isnull=False
    ).values_list("group_id", "permission_id", "content_type_id", "object_pk"):
        for user_id in members.get(group_id, ()):
            rows.add((user_id, permission_id, content_type_id, object_pk))
    UserObjectPermission.objects.bulk_create(
        [
            UserObjectPermission(user_id=u, permission_id=p, content_type_id=c, object_pk=o)
            for u, p, c, o in sorted(rows)
        ],
        ignore_conflicts=True,
    )
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(rolgroep__isnull=False).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0008_rolgroep"),
        ("guardian", "0003_remove_groupobjectpermission_guardian_gr_content_ae6aec_idx_and_more"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
