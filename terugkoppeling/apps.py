from django.apps import AppConfig


class TerugkoppelingConfig(AppConfig):
    name = "terugkoppeling"
    verbose_name = "Terugkoppeling"
