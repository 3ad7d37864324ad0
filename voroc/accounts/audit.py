"""Register every domain model with django-auditlog (SECURITY.md: every change is recorded)."""

from auditlog.registry import auditlog
from django.apps import apps

# Fields never written to the audit trail in clear text.
# Care text never enters the audit trail in clear text either (SECURITY.md R13); the entry
# still shows that the field changed, and by whom.
MASKED = {
    "leerlingen.Leerling": ["bsn", "onderwijsnummer"],
    "doorstroom.Doorstroomformulier": ["zorg_gegeven", "zorg_nodig"],
}
EXCLUDED = {"accounts.User": ["password", "last_login"], "accounts.Uitnodiging": ["token_hash"]}

AUDITED_MODELS = [
    "accounts.User",
    "accounts.Organisatie",
    "accounts.Locatie",
    "accounts.Lidmaatschap",
    "accounts.Rol",
    "accounts.Uitnodiging",
    "leerlingen.Schooljaar",
    "leerlingen.Leerling",
    "leerlingen.Elders",
    "doorstroom.Doorstroomformulier",
    "aanmelding.Opleiding",
    "aanmelding.Aanmelding",
    "aanmelding.Plaatsingsbesluit",
    "aanmelding.ExterneAanmelding",
    "doorstroom.PdfBatch",
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
