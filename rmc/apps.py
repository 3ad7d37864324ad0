from django.apps import AppConfig


class RmcConfig(AppConfig):
    name = "rmc"
    verbose_name = "Leerplicht en RMC"
