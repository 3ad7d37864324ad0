from django.apps import AppConfig


class LeerlingenConfig(AppConfig):
    name = "leerlingen"
    verbose_name = "Leerlingen"

    def ready(self):
        from voroc import retention

        from .retention import RULE

        retention.register_rule(RULE)
