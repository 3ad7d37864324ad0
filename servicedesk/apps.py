from django.apps import AppConfig


class ServicedeskConfig(AppConfig):
    name = "servicedesk"
    label = "servicedesk"
    verbose_name = "Servicedesk"

    def ready(self):
        from django.contrib import admin

        # The Django admin is for superusers only (the servicedesk works in the application).
        admin.site.has_permission = lambda request: bool(request.user.is_active and request.user.is_superuser)
