"""Ship the roles of DOMAIN.md as data: each role and the organisation permissions it grants."""
from django.db import migrations

ROLLEN = {
    # code: (name, organisation kind, permissions on that organisation)
    "decaan": ("Decaan", "vo_school", [
        "leerlingen_alle_inzien", "leerlingen_bewerken", "zorg_inzien", "zorg_bewerken", "aanmelden",
        "risico_melden", "collegas_beheren"]),
    "mentor": ("Mentor", "vo_school", [
        "leerlingen_mentorgroep_inzien", "leerlingen_bewerken", "aanmelden", "risico_melden"]),
    "zorgcoordinator": ("Zorgcoördinator", "vo_school", ["leerlingen_alle_inzien", "zorg_inzien", "zorg_bewerken"]),
    "intaker": ("Mbo-intaker", "mbo_instelling", ["aanmeldingen_behandelen", "opleidingen_beheren"]),
    "consulent": ("Consulent Leerplicht/RMC", "gemeente", ["woongemeente_inzien", "meldingen_behandelen"]),
    "servicedesk": ("Servicedesk", "servicedesk", ["organisaties_beheren"]),
}


def forwards(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("accounts")
    app_config.models_module = True  # let create_permissions run inside a migration
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Rol = apps.get_model("accounts", "Rol")
    Permission = apps.get_model("auth", "Permission")
    for code, (naam, soort, codenames) in ROLLEN.items():
        rol, _ = Rol.objects.update_or_create(code=code, defaults={"naam": naam, "organisatie_soort": soort})
        rol.permissions.set(
            Permission.objects.filter(content_type__app_label="accounts", content_type__model="organisatie",
                                      codename__in=codenames)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
