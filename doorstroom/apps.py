from django.apps import AppConfig


class DoorstroomConfig(AppConfig):
    name = "doorstroom"
    verbose_name = "Doorstroom"
