"""What aanmelding does when a step elsewhere in the pupil's file concerns its applications."""

from terugkoppeling.models import Soort
from terugkoppeling.services import terugkoppeling_record

from .models import Aanmelding
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
