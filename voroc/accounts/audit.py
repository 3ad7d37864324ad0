"""Register every domain model with django-auditlog (every change is recorded), keeping personal
data out of the audit trail: an entry holds ids, field names and who did what, never a pupil's
name, contact details or free text.

- On the models that hold personal data every free-text field (text without fixed choices),
  every name and contact field and the date of birth is masked entirely: the entry shows that
  the field changed, and by whom, not what it was or became. Codes, choices, numbers, dates and
  foreign keys (ids) stay readable; so do the few code-like texts in KEEP_CLEAR.
- An entry's `object_repr` is "<model> <id>" instead of the object's own text (which for a
  pupil is the name): see `audit_repr` in voroc/audit.py.
rmc registers its own models (rmc/apps.py) and leaves their free text out altogether.
"""

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.apps import apps
from django.db import models
from django.db.models.signals import pre_save

MASK = "[afgeschermd]"

# Models whose rows are about a person; the rest (organisations, programmes, roles, school years)
# are kept readable in the trail.
PERSONAL = {
    "accounts.User",
    "accounts.Lidmaatschap",
    "accounts.Uitnodiging",
    "leerlingen.Leerling",
    "leerlingen.Elders",
    "doorstroom.Doorstroomformulier",
    "doorstroom.PdfBatch",
    "aanmelding.Aanmelding",
    "aanmelding.Plaatsingsbesluit",
    "aanmelding.ExterneAanmelding",
    "aanmelding.Intake",
    "aanmelding.WarmeOverdracht",
    "aanmelding.Document",
    "terugkoppeling.Terugkoppeling",
    "rmc.Melding",
}
# Text fields of personal models that are codes, not personal data.
KEEP_CLEAR = {
    "leerlingen.Leerling": {"leerlingnummer", "klas", "profiel"},
    "aanmelding.ExterneAanmelding": {"crebo", "instelling_naam", "opleiding_naam"},
    "doorstroom.Doorstroomformulier": {"examenvakken", "verwacht_diploma"},
}
# Personal data that is not text.
ALSO_MASKED = {"leerlingen.Leerling": ["geboortedatum"]}
EXCLUDED = {
    "accounts.User": ["password", "last_login"],
    "accounts.Uitnodiging": ["token_hash"],
    # The provider's client secret never enters the trail; that it changed shows in the form's message.
    "accounts.Identiteitsprovider": ["client_secret"],
    # The token's hash and the webhook's signing secret stay out; its last use is written every
    # few minutes and is no change.
    "api.ApiClient": ["token_hash", "laatst_gebruikt_op", "webhook_geheim"],
}

AUDITED_MODELS = [
    "accounts.User",
    "accounts.Organisatie",
    "accounts.Locatie",
    "accounts.Lidmaatschap",
    "accounts.Rol",
    "accounts.Uitnodiging",
    "accounts.Identiteitsprovider",
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
    "aanmelding.WarmeOverdracht",
    "aanmelding.Document",
    "terugkoppeling.Terugkoppeling",
    "rmc.Melding",
    "api.ApiClient",
]


def mask(value: str) -> str:
    """The whole value hidden (auditlog's own mask keeps half of it); an empty value stays empty."""
    return value if value in ("", "None") else MASK


def masked_fields(model) -> list[str]:
    label = model._meta.label
    if label not in PERSONAL:
        return []
    names = [
        field.name
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField | models.JSONField)
        and not field.choices
        and not field.primary_key
        and field.name not in KEEP_CLEAR.get(label, ())
        and field.name not in EXCLUDED.get(label, ())
    ]
    return names + ALSO_MASKED.get(label, [])


def _neutral_object_repr(sender, instance, **kwargs):
    """Every entry, whoever writes it (auditlog, an access log), names its object by model and id."""
    from voroc.audit import audit_repr

    if instance.content_type_id:
        instance.object_repr = audit_repr(instance.content_type.model_class(), instance.object_pk)


for label in AUDITED_MODELS:
    model = apps.get_model(label)
    auditlog.register(
        model,
        mask_fields=masked_fields(model) or None,
        mask_callable="voroc.accounts.audit.mask",
        exclude_fields=EXCLUDED.get(label),
    )
pre_save.connect(_neutral_object_repr, sender=LogEntry, dispatch_uid="voroc_neutral_object_repr")
