from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The fictional demo data; sits above every other app and is imported by none."""

    name = "demo"
    verbose_name = "Demo"
