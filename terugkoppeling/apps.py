from django.apps import AppConfig


class TerugkoppelingConfig(AppConfig):
    name = "terugkoppeling"
    verbose_name = "Terugkoppeling"

    def ready(self):
        from .notificaties import notificaties_na_commit
        from .services import terugkoppeling_vastgelegd

        # A recorded step notifies the people who follow the pupil (the hook keeps the record layer
        # free of the notification machinery above it).
        terugkoppeling_vastgelegd.connect(notificaties_na_commit, dispatch_uid="terugkoppeling.notificaties")
