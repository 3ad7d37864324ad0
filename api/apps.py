from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "API"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from terugkoppeling.services import terugkoppeling_vastgelegd

        from . import schema  # noqa: F401 - registers the bearer scheme with drf-spectacular
        from .receivers import webhooks_na_statuswijziging

        terugkoppeling_vastgelegd.connect(webhooks_na_statuswijziging, dispatch_uid="api.webhooks")
