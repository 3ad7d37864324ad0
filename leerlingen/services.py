"""Writes to pupils: moves and Elders destinations. Each leaves an event on the timeline."""

from django.db import transaction

from terugkoppeling.models import Soort
from terugkoppeling.services import gebeurtenis_record
from voroc import policy
from voroc.errors import DomainError

from .models import DiplomaResultaat, Elders, EldersSoort, Leerling


@transaction.atomic
def leerling_verhuizen(
    *, leerling: Leerling, woongemeente, user, straat="", huisnummer="", postcode="", woonplaats=""
) -> Leerling:
    """Change the home municipality: from now on the new municipality sees the pupil, the old one not."""
    if not policy.can_edit_leerling(user, leerling):
        raise DomainError("U mag de gegevens van deze leerling niet wijzigen.")
    if woongemeente.soort != "gemeente":
        raise DomainError("Kies een gemeente.", field="woongemeente")
    oude = leerling.woongemeente
    if oude.pk == woongemeente.pk:
        raise DomainError("De leerling woont al in deze gemeente.", field="woongemeente")
    leerling.woongemeente = woongemeente
    leerling.straat, leerling.huisnummer, leerling.postcode, leerling.woonplaats = (
        straat,
        huisnummer,
        postcode,
        woonplaats,
    )
    leerling.save()
    gebeurtenis_record(
        leerling=leerling,
        soort=Soort.VERHUIZING,
        bericht=f"Verhuisd van gemeente {oude.naam} naar gemeente {woongemeente.naam}.",
        user=user,
        organisatie=None,
    )
    return leerling


@transaction.atomic
def elders_record(*, leerling: Leerling, soort: str, user, toelichting: str = "") -> Elders:
    if not policy.can_edit_leerling(user, leerling):
        raise DomainError("U mag voor deze leerling geen bestemming vastleggen.")
    if soort not in EldersSoort.values:
        raise DomainError("Kies een bestemming uit de lijst.", field="soort")
    elders, _ = Elders.objects.update_or_create(
        leerling=leerling, defaults={"soort": soort, "toelichting": toelichting, "vastgelegd_door": user}
    )
    gebeurtenis_record(
        leerling=leerling,
        soort=Soort.ELDERS,
        bericht=f"Bestemming Elders: {elders.get_soort_display()}.",
        user=user,
    )
    return elders


@transaction.atomic
def diploma_resultaat_record(*, leerling: Leerling, resultaat: str, user) -> Leerling:
    """Record the exam result. A fail for a pupil with a conditional placement notifies the mbo:
    an event on that application's timeline (the mbo sees it) and, after commit, the signal
    `diploma_gezakt_bij_voorwaardelijke_plaatsing`."""
    if not policy.has_perm(user, "leerlingen_bewerken", leerling.school_id):
        raise DomainError("U mag voor deze leerling geen diplomaresultaat invoeren.")
    if resultaat not in DiplomaResultaat.values:
        raise DomainError("Kies een diplomaresultaat uit de lijst.", field="resultaat")
    if leerling.diploma_resultaat == resultaat:
        return leerling
    leerling.diploma_resultaat = resultaat
    leerling.save(update_fields=["diploma_resultaat", "gewijzigd"])
    gebeurtenis_record(
        leerling=leerling,
        soort=Soort.DIPLOMA,
        bericht=f"Diplomaresultaat: {leerling.get_diploma_resultaat_display()}.",
        user=user,
        organisatie=leerling.school,
    )
    if resultaat == DiplomaResultaat.GEZAKT:
        _meld_gezakt_aan_mbo(leerling=leerling, user=user)
    return leerling


def _meld_gezakt_aan_mbo(*, leerling: Leerling, user) -> None:
    from aanmelding.models import Aanmelding
    from aanmelding.status import Status

    from .signals import diploma_gezakt_bij_voorwaardelijke_plaatsing

    voorwaardelijk = Aanmelding.objects.filter(
        leerling=leerling, status=Status.VOORWAARDELIJK_GEPLAATST
    ).select_related("opleiding")
    for aanmelding in voorwaardelijk:
        gebeurtenis_record(
            leerling=leerling,
            aanmelding=aanmelding,
            soort=Soort.DIPLOMA,
            bericht=(
                f"De leerling is gezakt voor het diploma. De plaatsing bij {aanmelding.opleiding.naam} "
                "was voorwaardelijk: neem een nieuw plaatsingsbesluit."
            ),
            user=user,
            organisatie=leerling.school,
        )
        transaction.on_commit(
            lambda a=aanmelding: diploma_gezakt_bij_voorwaardelijke_plaatsing.send(
                sender=Leerling, leerling=leerling, aanmelding=a, user=user
            )
        )


@transaction.atomic
def diploma_resultaten_record(*, resultaten: list[tuple[Leerling, str]], user) -> int:
    """Several results at once (a class, or a CSV file): all or nothing. Returns how many changed."""
    gewijzigd = 0
    for leerling, resultaat in resultaten:
        before = leerling.diploma_resultaat
        diploma_resultaat_record(leerling=leerling, resultaat=resultaat, user=user)
        gewijzigd += before != resultaat
    return gewijzigd
