from django.apps import AppConfig


class DossierConfig(AppConfig):
    """Pages that bring the apps together: the start page with each role's next steps and the
    pupil's whole file (inzage). Sits above the domain apps; none of them imports it."""

    name = "dossier"
    verbose_name = "Dossier"
