from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "voroc.accounts"
    label = "accounts"
    verbose_name = "Accounts en organisaties"

    def ready(self):
        from . import audit  # noqa: F401  registers models with auditlog
