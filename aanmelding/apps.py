from django.apps import AppConfig


class AanmeldingConfig(AppConfig):
    name = "aanmelding"
    verbose_name = "Aanmeldingen"

    def ready(self):
        from voroc import retention

        from .retention import RULE, RULE_VERGELIJKING

        retention.register_rule(RULE)
        retention.register_rule(RULE_VERGELIJKING)
        from leerlingen.signals import diploma_gezakt, elders_vastgelegd

        from .receivers import diploma_gezakt_melden_aan_mbo, elders_aanmeldingen_intrekken

        diploma_gezakt.connect(diploma_gezakt_melden_aan_mbo, dispatch_uid="aanmelding.diploma_gezakt")
        elders_vastgelegd.connect(elders_aanmeldingen_intrekken, dispatch_uid="aanmelding.elders_vastgelegd")
