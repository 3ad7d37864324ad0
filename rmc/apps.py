from django.apps import AppConfig

# Free text of the municipality's file stays out of the audit trail's change records: the rows
# themselves are append-only, and the audit trail is read more widely than the file.
AUDIT_EXCLUDED = {
    "MeldingGebeurtenis": ["tekst"],
    "Traject": ["toelichting"],
    "Contactmoment": ["notitie", "vervolgstap"],
    "Verhuizing": [],
}


class RmcConfig(AppConfig):
    name = "rmc"
    verbose_name = "Leerplicht en RMC"

    def ready(self):
        from auditlog.registry import auditlog

        from aanmelding.signals import niet_verschenen
        from leerlingen.signals import leerling_verhuisd
        from voroc import retention

        from .receivers import niet_verschenen_melden, verhuizing_noteren
        from .retention import HOLD

        # Melding itself is registered in voroc.accounts.audit; these are the rmc's own additions.
        for name, excluded in AUDIT_EXCLUDED.items():
            auditlog.register(self.get_model(name), exclude_fields=excluded or None)
        # Hooks (docs/architecture.md): a move and a no-show reach the municipality's file.
        leerling_verhuisd.connect(verhuizing_noteren, dispatch_uid="rmc.verhuizing")
        niet_verschenen.connect(niet_verschenen_melden, dispatch_uid="rmc.niet_verschenen")
        retention.register_hold(HOLD)
