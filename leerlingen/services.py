"""Writes to pupils: moves, contact data and Elders destinations. Each leaves an event on the timeline."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from terugkoppeling.models import Soort
from terugkoppeling.services import gebeurtenis_record
from voroc import policy
from voroc.errors import DomainError
from voroc.validators import normalize_postcode, validate_postcode

from .models import DiplomaResultaat, Elders, EldersSoort, Leerling


@transaction.atomic
def leerling_verhuizen(
    *, leerling: Leerling, woongemeente, user, straat="", huisnummer="", postcode="", woonplaats="", datum=None
) -> Leerling:
    """Change the home municipality: from now on the new municipality sees the pupil, the old one not.
    Both keep seeing a note of the move (rmc.models.Verhuizing)."""
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
    from rmc.services import verhuizing_registreren

    verhuizing_registreren(leerling=leerling, van_gemeente=oude, naar_gemeente=woongemeente, user=user, datum=datum)
    gebeurtenis_record(
        leerling=leerling,
        soort=Soort.VERHUIZING,
        bericht=f"Verhuisd van gemeente {oude.naam} naar gemeente {woongemeente.naam}.",
        user=user,
        organisatie=None,
    )
    return leerling


CONTACT_VELDEN = ("straat", "huisnummer", "postcode", "woonplaats", "telefoon", "email")
TELEFOON_RE = re.compile(r"^\+?[0-9][0-9 \-]{8,18}[0-9]$")


@transaction.atomic
def leerling_contact_wijzigen(
    *, leerling: Leerling, user, straat="", huisnummer="", postcode="", woonplaats="", telefoon="", email=""
) -> Leerling:
    """Update the pupil's address, phone and e-mail (the school, or the home municipality)."""
    if not policy.can_edit_leerling(user, leerling):
        raise DomainError("U mag de gegevens van deze leerling niet wijzigen.")
    nieuw = {
        "straat": (straat or "").strip(),
        "huisnummer": (huisnummer or "").strip(),
        "postcode": normalize_postcode(postcode) if (postcode or "").strip() else "",
        "woonplaats": (woonplaats or "").strip(),
        "telefoon": (telefoon or "").strip(),
        "email": (email or "").strip().lower(),
    }
    if nieuw["postcode"]:
        try:
            validate_postcode(nieuw["postcode"])
        except ValidationError as e:
            raise DomainError(e.messages[0], field="postcode")
    if nieuw["telefoon"] and not TELEFOON_RE.match(nieuw["telefoon"]):
        raise DomainError("Vul een geldig telefoonnummer in, bijvoorbeeld 06 12345678.", field="telefoon")
    if nieuw["email"]:
        try:
            validate_email(nieuw["email"])
        except ValidationError:
            raise DomainError("Vul een geldig e-mailadres in.", field="email")
    for veld in CONTACT_VELDEN:
        max_length = Leerling._meta.get_field(veld).max_length
        if len(nieuw[veld]) > max_length:
            raise DomainError(f"Dit veld mag ten hoogste {max_length} tekens hebben.", field=veld)
    gewijzigd = [veld for veld in CONTACT_VELDEN if getattr(leerling, veld) != nieuw[veld]]
    if not gewijzigd:
        return leerling
    for veld in gewijzigd:
        setattr(leerling, veld, nieuw[veld])
    leerling.save(update_fields=[*gewijzigd, "gewijzigd"])
    labels = ", ".join(str(Leerling._meta.get_field(veld).verbose_name) for veld in gewijzigd)
    # Which fields changed, not their values: the values are in the audit trail.
    gebeurtenis_record(
        leerling=leerling,
        soort=Soort.LEERLING,
        bericht=f"Contactgegevens gewijzigd: {labels}.",
        user=user,
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
