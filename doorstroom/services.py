"""Saving, finalising and reopening the doorstroomformulier."""

from django.db import transaction
from django.utils import timezone

from terugkoppeling.models import Soort
from terugkoppeling.services import gebeurtenis_record
from voroc import policy
from voroc.errors import DomainError

from .models import Doorstroomformulier, FormulierStatus
from .sections import SECTIES, ontbrekende_velden


class ConflictError(DomainError):
    """Someone else saved the form since it was opened; carries the stored version."""

    def __init__(self, opgeslagen: Doorstroomformulier):
        super().__init__(
            "Iemand anders heeft dit formulier opgeslagen nadat u het opende. "
            "Vergelijk beide versies en sla opnieuw op."
        )
        self.opgeslagen = opgeslagen


def formulier_voor(*, leerling) -> Doorstroomformulier:
    formulier, _ = Doorstroomformulier.objects.get_or_create(leerling=leerling)
    return formulier


def bewerkbare_velden(*, user, leerling) -> set[str]:
    """The fields this user may change on this pupil's form."""
    velden: set[str] = set()
    if policy.has_perm(user, "leerlingen_bewerken", leerling.school_id):
        velden |= {f for s in SECTIES if not s.zorg for f in s.velden}
    if policy.has_perm(user, "zorg_bewerken", leerling.school_id):
        velden |= {f for s in SECTIES if s.zorg for f in s.velden}
    return velden


@transaction.atomic
def formulier_opslaan(*, formulier: Doorstroomformulier, user, versie: int, data: dict) -> Doorstroomformulier:
    """Save changed fields if nobody saved in between (optimistic lock on `versie`)."""
    huidig = Doorstroomformulier.objects.select_for_update().select_related("leerling").get(pk=formulier.pk)
    if huidig.versie != versie:
        raise ConflictError(huidig)
    if huidig.status == FormulierStatus.DEFINITIEF:
        raise DomainError("Dit formulier is definitief. Heropen het om het te wijzigen.")
    toegestaan = bewerkbare_velden(user=user, leerling=huidig.leerling)
    verboden = set(data) - toegestaan
    if verboden:
        raise DomainError("U mag een deel van deze velden niet wijzigen.")
    for field, value in data.items():
        setattr(huidig, field, value)
    huidig.versie += 1
    huidig.gewijzigd_door = user
    huidig.full_clean(exclude=["leerling"])
    huidig.save()
    return huidig


@transaction.atomic
def formulier_definitief_maken(*, formulier: Doorstroomformulier, user) -> Doorstroomformulier:
    formulier = Doorstroomformulier.objects.select_for_update().select_related("leerling__school").get(pk=formulier.pk)
    if not policy.has_perm(user, "leerlingen_bewerken", formulier.leerling.school_id):
        raise DomainError("U mag dit formulier niet definitief maken.")
    if formulier.status == FormulierStatus.DEFINITIEF:
        raise DomainError("Dit formulier is al definitief.")
    ontbreekt = ontbrekende_velden(formulier)
    if ontbreekt:
        namen = ", ".join(str(Doorstroomformulier._meta.get_field(f).verbose_name) for f in ontbreekt)
        raise DomainError(f"Het formulier is nog niet compleet. Vul eerst in: {namen}.")
    formulier.status = FormulierStatus.DEFINITIEF
    formulier.definitief_op = timezone.now()
    formulier.definitief_door = user
    formulier.versie += 1
    formulier.save()
    gebeurtenis_record(
        leerling=formulier.leerling,
        soort=Soort.FORMULIER,
        bericht="Doorstroomformulier definitief gemaakt.",
        user=user,
        organisatie=formulier.leerling.school,
    )
    return formulier


@transaction.atomic
def formulier_heropenen(*, formulier: Doorstroomformulier, user, reden: str) -> Doorstroomformulier:
    formulier = Doorstroomformulier.objects.select_for_update().select_related("leerling__school").get(pk=formulier.pk)
    if not policy.has_perm(user, "leerlingen_bewerken", formulier.leerling.school_id):
        raise DomainError("U mag dit formulier niet heropenen.")
    if formulier.status != FormulierStatus.DEFINITIEF:
        raise DomainError("Dit formulier is nog niet definitief.")
    if not reden.strip():
        raise DomainError("Geef aan waarom het formulier wordt heropend.", field="reden")
    formulier.status = FormulierStatus.CONCEPT
    formulier.definitief_op = None
    formulier.versie += 1
    formulier.save()
    gebeurtenis_record(
        leerling=formulier.leerling,
        soort=Soort.FORMULIER,
        bericht=f"Doorstroomformulier heropend: {reden.strip()}",
        user=user,
        organisatie=formulier.leerling.school,
    )
    return formulier
