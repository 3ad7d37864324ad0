"""The roles (docs/domain.md, "Roles") as data: each role and the organisation permissions it grants.

`sync_rollen` writes them idempotently. It runs from migration 0002 and after every
`migrate`/`flush` (post_migrate), so the role rows always match this table. It then brings the
django-guardian store in step (voroc.accounts.groepen): a permission added to or removed from a
role here reaches every member of that role in the same transaction.
"""

ROLLEN = {
    # code: (name, organisation kind, permissions on that organisation)
    "decaan": (
        "Decaan",
        "vo_school",
        [
            "leerlingen_alle_inzien",
            "leerlingen_bewerken",
            "zorg_inzien",
            "zorg_bewerken",
            "aanmelden",
            "risico_melden",
            "collegas_beheren",
            "inzage_verstrekken",
        ],
    ),
    "mentor": (
        "Mentor",
        "vo_school",
        ["leerlingen_mentorgroep_inzien", "leerlingen_bewerken", "aanmelden", "risico_melden"],
    ),
    "zorgcoordinator": ("Zorgcoördinator", "vo_school", ["leerlingen_alle_inzien", "zorg_inzien", "zorg_bewerken"]),
    "intaker": (
        "Mbo-intaker",
        "mbo_instelling",
        ["aanmeldingen_behandelen", "opleidingen_beheren", "inzage_verstrekken"],
    ),
    "consulent": (
        "Consulent Leerplicht/RMC",
        "gemeente",
        ["woongemeente_inzien", "meldingen_behandelen", "inzage_verstrekken"],
    ),
    # The region's monitor (RMC coordinator): aggregates of the whole region, no pupil's data.
    "monitor": ("Regionaal monitor (RMC-coördinator)", "regio", ["regio_monitoren"]),
    "servicedesk": ("Servicedesk", "servicedesk", ["organisaties_beheren"]),
}

# The mail default of a role's members who chose no preference themselves (terugkoppeling):
# the roles that hear of every step of many pupils (a school's applications, an institution's
# applicants, a municipality's residents) get one daily digest instead of a mail per step. The
# other roles get the setting VOROC_NOTIFICATIE_MAIL_STANDAARD. A user's own choice always wins.
MAIL_STANDAARD = {
    "decaan": "dagelijks",
    "intaker": "dagelijks",
    "consulent": "dagelijks",
}


def sync_rollen(apps) -> None:
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("accounts")
    models_module = getattr(app_config, "models_module", None)
    app_config.models_module = models_module or True  # let create_permissions run inside a migration
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = models_module

    Rol = apps.get_model("accounts", "Rol")
    Permission = apps.get_model("auth", "Permission")
    for code, (naam, soort, codenames) in ROLLEN.items():
        rol, _ = Rol.objects.update_or_create(code=code, defaults={"naam": naam, "organisatie_soort": soort})
        rol.permissions.set(
            Permission.objects.filter(
                content_type__app_label="accounts", content_type__model="organisatie", codename__in=codenames
            )
        )
    try:
        apps.get_model("accounts", "Rolgroep")
        apps.get_model("guardian", "GroupObjectPermission")
    except LookupError:
        return  # an early migration state: the derived store does not exist yet
    from .groepen import rolgroepen_sync

    rolgroepen_sync(apps)


def sync_rollen_after_migrate(sender, apps=None, **kwargs):
    if apps is None:
        from django.apps import apps as global_apps

        apps = global_apps
    try:
        apps.get_model("accounts", "Rol")
    except LookupError:
        return  # accounts not migrated yet
    sync_rollen(apps)
