"""Saving, finalising and reopening the doorstroomformulier; PDF batches."""

from django.db import transaction
from django.utils import timezone

from terugkoppeling.models import Soort
from terugkoppeling.services import terugkoppeling_record
from voroc import policy
from voroc.errors import DomainError

from .models import Doorstroomformulier, FormulierStatus, PdfBatch
from .sections import ontbrekende_velden
from .selectors import bewerkbare_velden
from .tasks import pdf_batch_maken

# Part A: the fields the pupil fills in from the portal (the visibility table's part DEEL_A,
# without the hand-in time stamp, which only `doorstroomformulier_deel_a_inleveren` sets).
DEEL_A_VELDEN = frozenset(policy.VELDEN["doorstroom.Doorstroomformulier"][policy.Deel.DEEL_A]) - {
    "deel_a_ingeleverd_op"
}


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


@transaction.atomic
def formulier_save(*, formulier: Doorstroomformulier, user, versie: int, data: dict) -> Doorstroomformulier:
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
    return _schrijven(huidig, data=data, user=user)


def _schrijven(huidig: Doorstroomformulier, *, data: dict, user) -> Doorstroomformulier:
    """The write of both saves (the school's form, the pupil's part A), on the locked row whose
    version and fields the caller checked: set the fields, version + 1, validate, save."""
    oud_bestand = huidig.lob_paspoort_pdf.name if "lob_paspoort_pdf" in data else ""
    for field, value in data.items():
        setattr(huidig, field, value)
    huidig.versie += 1
    huidig.gewijzigd_door = user
    huidig.full_clean(exclude=["leerling"])
    huidig.save()
    if oud_bestand and huidig.lob_paspoort_pdf.name != oud_bestand:
        # A replaced or removed LOB-paspoort is not kept (data minimisation); only once the save has committed.
        storage = huidig.lob_paspoort_pdf.storage
        transaction.on_commit(lambda: storage.delete(oud_bestand))
    return huidig


def _deel_a_leerling_check(leerling_account, leerling_id) -> None:
    # Only the pupil's own account changes part A; a parent reads it (policy.eigen_relatie).
    if policy.eigen_relatie(leerling_account, leerling_id) != policy.Relatie.LEERLING:
        raise DomainError("Alleen de leerling zelf kan dit deel invullen.")


def _deel_a_open(formulier: Doorstroomformulier) -> None:
    if formulier.status == FormulierStatus.DEFINITIEF:
        raise DomainError("Je formulier is al definitief gemaakt door school. Je kunt het niet meer wijzigen.")


@transaction.atomic
def doorstroomformulier_deel_a_opslaan(
    *, leerling, leerling_account, data: dict, versie: int | None
) -> Doorstroomformulier:
    """The pupil saves part A from the portal (creating the form if the school has not yet), with
    the same optimistic lock on `versie` as the school's page and only the fields of part A."""
    _deel_a_leerling_check(leerling_account, leerling.pk)
    formulier, nieuw = Doorstroomformulier.objects.get_or_create(leerling=leerling)
    huidig = Doorstroomformulier.objects.select_for_update().get(pk=formulier.pk)
    if not nieuw and huidig.versie != versie:
        raise ConflictError(huidig)
    _deel_a_open(huidig)
    verboden = set(data) - DEEL_A_VELDEN
    if verboden:
        raise DomainError("Je kunt alleen je eigen deel van het formulier invullen.")
    return _schrijven(huidig, data=data, user=leerling_account)


@transaction.atomic
def doorstroomformulier_deel_a_inleveren(*, leerling, leerling_account) -> Doorstroomformulier:
    """ "Klaar, stuur naar school": part A is handed in (a time stamp and a timeline event); the
    pupil can still change it until the school makes the form final."""
    _deel_a_leerling_check(leerling_account, leerling.pk)
    formulier, _ = Doorstroomformulier.objects.get_or_create(leerling=leerling)
    formulier = Doorstroomformulier.objects.select_for_update().select_related("leerling__school").get(pk=formulier.pk)
    _deel_a_open(formulier)
    if not formulier.motivatie.strip():
        raise DomainError("Schrijf eerst je motivatie op. Daarna kun je je deel naar school sturen.", field="motivatie")
    formulier.deel_a_ingeleverd_op = timezone.now()
    formulier.versie += 1
    formulier.gewijzigd_door = leerling_account
    formulier.save()
    terugkoppeling_record(
        leerling=formulier.leerling,
        soort=Soort.FORMULIER,
        bericht="Deel A van het doorstroomformulier ingevuld door de leerling.",
        user=leerling_account,
        organisatie=None,
    )
    return formulier


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
    terugkoppeling_record(
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
    terugkoppeling_record(
        leerling=formulier.leerling,
        soort=Soort.FORMULIER,
        bericht=f"Doorstroomformulier heropend: {reden.strip()}",
        user=user,
        organisatie=formulier.leerling.school,
    )
    return formulier


MAX_BATCH = 400


@transaction.atomic
def pdf_batch_request(*, leerlingen, omschrijving: str, user) -> PdfBatch:
    """Queue one PDF of the forms of these pupils (a class or a selection) for this user.

    `leerlingen` must come from a scoped selector; all must be of one school the user reads.
    The task runs after the transaction commits.
    """
    leerlingen = list(leerlingen)
    if not leerlingen:
        raise DomainError("Kies een klas of ten minste één leerling.")
    if len(leerlingen) > MAX_BATCH:
        raise DomainError(f"Een pdf-bundel bevat ten hoogste {MAX_BATCH} leerlingen; kies een kleinere selectie.")
    scholen = {leerling.school_id for leerling in leerlingen}
    if len(scholen) != 1:
        raise DomainError("Een pdf-bundel bevat leerlingen van één school.")
    (school_id,) = scholen
    if not (
        policy.has_perm(user, "leerlingen_alle_inzien", school_id)
        or policy.has_perm(user, "leerlingen_mentorgroep_inzien", school_id)
    ):
        raise DomainError("U mag van deze leerlingen geen pdf-bundel maken.")
    batch = PdfBatch.objects.create(aangevraagd_door=user, school_id=school_id, omschrijving=omschrijving[:200])
    batch.leerlingen.set(leerlingen)
    pdf_batch_maken.delay_on_commit(batch.pk)
    return batch
