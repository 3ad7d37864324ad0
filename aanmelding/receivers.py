"""What aanmelding does when a step elsewhere in the pupil's file concerns its applications."""

from terugkoppeling.models import Soort
from terugkoppeling.services import terugkoppeling_record
from voroc.errors import DomainError

from .models import Aanmelding
from .services import aanmelding_status_update
from .status import Status


def diploma_gezakt_melden_aan_mbo(*, leerling, user, **kwargs) -> None:
    """A fail for a pupil with a conditional placement: a terugkoppeling on that application,
    which the mbo sees and is notified of, asking for a new plaatsingsbesluit."""
    voorwaardelijk = Aanmelding.objects.filter(
        leerling=leerling, status=Status.VOORWAARDELIJK_GEPLAATST
    ).select_related("opleiding")
    for aanmelding in voorwaardelijk:
        terugkoppeling_record(
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


def elders_aanmeldingen_intrekken(*, leerling, user, aanmeldingen_intrekken=False, **kwargs) -> None:
    """An Elders destination beside a live application would give the pupil two destinations:
    refused, unless the user confirmed that the applications (concepts included) are withdrawn;
    then they are, in the same step and with the user's own right to withdraw."""
    geldige = list(
        Aanmelding.objects.filter(leerling=leerling).geldig().select_related("opleiding__instelling").order_by("keuze")
    )
    levende = [a for a in geldige if a.status != Status.CONCEPT]
    if not geldige:
        return
    if not aanmeldingen_intrekken:
        if not levende:
            return  # a concept alone is no destination; it stays for the school to withdraw or send
        namen = "; ".join(f"{a.opleiding} bij {a.opleiding.instelling.naam}" for a in levende)
        raise DomainError(
            f"Deze leerling heeft nog een lopende aanmelding ({namen}). Een leerling heeft één bestemming: "
            "trek die aanmelding eerst in, of bevestig dat zij wordt ingetrokken bij het vastleggen van Elders.",
            field="aanmeldingen_intrekken",
        )
    for aanmelding in geldige:
        aanmelding_status_update(
            aanmelding=aanmelding,
            naar=Status.INGETROKKEN,
            user=user,
            bericht="Ingetrokken bij het vastleggen van een bestemming Elders.",
        )
