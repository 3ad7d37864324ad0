from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "voroc.accounts"
    label = "accounts"
    verbose_name = "Accounts en organisaties"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

        from voroc.audit import log_login, log_login_failed
        from voroc.dbroles import grant_after_migrate

        from . import audit, checks  # noqa: F401  registers models with auditlog, system checks
        from .roles import sync_rollen_after_migrate
        from .signals import (
            lidmaatschap_changed,
            rol_permissions_changed,
            rolgroep_deleted,
            say_goodbye,
            stamp_login,
        )

        post_migrate.connect(sync_rollen_after_migrate, sender=self)
        # Last: the application role's rights follow every migration (PostgreSQL, when configured).
        post_migrate.connect(grant_after_migrate, sender=self, dispatch_uid="voroc_grant_app_role")
        user_logged_out.connect(say_goodbye)
        user_logged_in.connect(stamp_login)
        user_logged_in.connect(log_login)
        user_login_failed.connect(log_login_failed)

        from django.db.models.signals import m2m_changed, post_delete, post_save

        from .models import Lidmaatschap, Rol, Rolgroep

        post_save.connect(lidmaatschap_changed, sender=Lidmaatschap, dispatch_uid="voroc_lidmaatschap_saved")
        post_delete.connect(lidmaatschap_changed, sender=Lidmaatschap, dispatch_uid="voroc_lidmaatschap_deleted")
        post_delete.connect(rolgroep_deleted, sender=Rolgroep, dispatch_uid="voroc_rolgroep_deleted")
        m2m_changed.connect(
            rol_permissions_changed, sender=Rol.permissions.through, dispatch_uid="voroc_rol_permissions"
        )
