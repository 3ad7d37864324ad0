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
    return leerling
