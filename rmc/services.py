"""Meldingen to Leerplicht/RMC: created by schools (risk) and by the mbo (no-show)."""

from django.db import transaction

from terugkoppeling.models import Soort
from terugkoppeling.services import gebeurtenis_record
from voroc import policy
from voroc.errors import DomainError

from .models import Melding, MeldingSoort, MeldingStatus


@transaction.atomic
def melding_create_risico(
    *, leerling, user, reden: str, toelichting: str = "", toestemming_besproken: bool = False
) -> Melding:
    if not policy.has_perm(user, "risico_melden", leerling.school_id):
        raise DomainError("U mag voor deze leerling geen risicomelding doen.")
    if not reden.strip():
        raise DomainError("Geef de reden van de melding.", field="reden")
    melding = Melding.objects.create(
        leerling=leerling,
        soort=MeldingSoort.RISICO,
        reden=reden.strip(),
        toelichting=toelichting,
        toestemming_besproken=toestemming_besproken,
        melder_organisatie=leerling.school,
        melder=user,
    )
    leerling.risico = True
    leerling.save(update_fields=["risico", "gewijzigd"])
    gebeurtenis_record(
        leerling=leerling,
        soort=Soort.MELDING,
        bericht=f"Risicomelding aan de gemeente: {melding.reden}.",
        user=user,
        organisatie=leerling.school,
    )
    return melding


@transaction.atomic
def melding_create_niet_verschenen(*, aanmelding, user) -> Melding:
    """The mbo reports an enrolled pupil who did not show up (called by aanmelding.services)."""
    melding, created = Melding.objects.get_or_create(
        leerling=aanmelding.leerling,
        soort=MeldingSoort.NIET_VERSCHENEN,
        aanmelding=aanmelding,
        defaults={
            "reden": f"Niet verschenen bij {aanmelding.opleiding}",
            "melder_organisatie": aanmelding.opleiding.instelling,
            "melder": user,
        },
    )
    if created:
        gebeurtenis_record(
            leerling=aanmelding.leerling,
            aanmelding=aanmelding,
            soort=Soort.MELDING,
            bericht="Melding aan Leerplicht/RMC: niet verschenen op het mbo.",
            user=user,
            organisatie=aanmelding.opleiding.instelling,
        )
    return melding


@transaction.atomic
def melding_status_wijzigen(*, melding: Melding, status: str, user, uitkomst: str = "") -> Melding:
    melding = Melding.objects.select_for_update().select_related("leerling").get(pk=melding.pk)
    if not policy.has_perm(user, "meldingen_behandelen", melding.leerling.woongemeente_id):
        raise DomainError("U mag deze melding niet behandelen.")
    if status == MeldingStatus.AFGESLOTEN and not uitkomst.strip():
        raise DomainError("Vermeld de uitkomst om de melding af te sluiten.", field="uitkomst")
    melding.status = status
    if uitkomst:
        melding.uitkomst = uitkomst.strip()
    if status != MeldingStatus.OPEN and melding.behandelaar_id is None:
        melding.behandelaar = user
    melding.save()
    gebeurtenis_record(
        leerling=melding.leerling,
        soort=Soort.MELDING,
        bericht=f"Melding ({melding.get_soort_display()}): {melding.get_status_display()}.",
        user=user,
        organisatie=melding.leerling.woongemeente,
    )
    return melding
