"""Register every domain model with django-auditlog (SECURITY.md: every change is recorded)."""

from auditlog.registry import auditlog
from django.apps import apps

# Fields never written to the audit trail in clear text.
MASKED = {"leerlingen.Leerling": ["bsn", "onderwijsnummer"]}
EXCLUDED = {"accounts.User": ["password", "last_login"]}

AUDITED_MODELS = [
    "accounts.User",
    "accounts.Organisatie",
    "accounts.Locatie",
    "accounts.Lidmaatschap",
    "accounts.Rol",
    "leerlingen.Schooljaar",
    "leerlingen.Leerling",
    "leerlingen.Elders",
    "doorstroom.Doorstroomformulier",
    "aanmelding.Opleiding",
    "aanmelding.Aanmelding",
    "aanmelding.Plaatsingsbesluit",
    "aanmelding.Intake",
    "terugkoppeling.Terugkoppeling",
    "rmc.Melding",
]

for label in AUDITED_MODELS:
    auditlog.register(
        apps.get_model(label),
        mask_fields=MASKED.get(label),
        exclude_fields=EXCLUDED.get(label),
    )
