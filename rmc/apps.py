from django.apps import AppConfig


class RmcConfig(AppConfig):
    name = "rmc"
    verbose_name = "Leerplicht en RMC"

    def ready(self):
        from auditlog.registry import auditlog

        # Melding itself is registered in voroc.accounts.audit; these are the rmc's own additions.
        for name in ("MeldingGebeurtenis", "Traject", "Contactmoment", "Verhuizing"):
            auditlog.register(self.get_model(name))
