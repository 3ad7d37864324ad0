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

        # Melding itself is registered in voroc.accounts.audit; these are the rmc's own additions.
        for name, excluded in AUDIT_EXCLUDED.items():
            auditlog.register(self.get_model(name), exclude_fields=excluded or None)
