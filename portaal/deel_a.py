"""The pupil's programme wishes (part A beside the form): chosen in the portal, turned into
applications by the school through the existing application services and their rules."""

from django.db import transaction

from aanmelding.models import Opleiding
from aanmelding.services import aanmelding_create
from leerlingen.models import Leerling
from voroc import policy
from voroc.errors import DomainError

from .models import Opleidingswens, Relatie

MAX_WENSEN = 2  # the procedure's rule: at most two applications, so at most two wishes


def opleidingswensen_van(*, user, leerling: Leerling):
    """The pupil's wishes as the user may see them (part A, policy.deel_a_q)."""
    return (
        Opleidingswens.objects.filter(policy.deel_a_q(user), leerling=leerling)
        .select_related("opleiding__instelling", "opleiding__locatie", "omgezet_in")
        .order_by("volgorde")
    )


def opleidingen_te_kiezen():
    """The programmes open for application (the active year's offer)."""
    return Opleiding.objects.open().select_related("instelling", "locatie").order_by("instelling__naam", "naam")


def _wensen_bezwaar(leerling: Leerling, opleidingen: list[Opleiding]) -> str | None:
    maximum = min(MAX_WENSEN, leerling.schooljaar.max_aanmeldingen)
    if len(opleidingen) > maximum:
        return f"Kies ten hoogste {maximum} opleidingen."
    if len({o.pk for o in opleidingen}) != len(opleidingen):
        return "Je hebt dezelfde opleiding twee keer gekozen."
    if any(not o.actief for o in opleidingen):
        return "Een gekozen opleiding is gesloten voor aanmelding. Kies een andere."
    if leerling.schooljaar.een_instelling and len({o.instelling_id for o in opleidingen}) > 1:
        return "Je wensen moeten bij één mbo-school horen. Kies opleidingen van dezelfde school."
    return None


@transaction.atomic
def opleidingswensen_opslaan(*, leerling: Leerling, leerling_account, opleidingen: list[Opleiding]) -> list:
    """The pupil's own choice replaces the earlier wishes, in the order given; once the school
    turned them into applications, they are fixed (the applications follow the school's rules)."""
    if policy.eigen_relatie(leerling_account, leerling.pk) != Relatie.LEERLING:
        raise DomainError("Alleen de leerling zelf kan wensen kiezen.")
    leerling = Leerling.objects.select_for_update().select_related("schooljaar").get(pk=leerling.pk)
    if Opleidingswens.objects.filter(leerling=leerling, omgezet_in__isnull=False).exists():
        raise DomainError(
            "Je school heeft je wensen al omgezet in aanmeldingen. Wil je iets veranderen? Vraag je decaan."
        )
    bezwaar = _wensen_bezwaar(leerling, opleidingen)
    if bezwaar:
        raise DomainError(bezwaar, field="opleiding")
    Opleidingswens.objects.filter(leerling=leerling).delete()
    return [
        Opleidingswens.objects.create(leerling=leerling, opleiding=opleiding, volgorde=volgorde)
        for volgorde, opleiding in enumerate(opleidingen, start=1)
    ]


@transaction.atomic
def opleidingswensen_omzetten(*, leerling: Leerling, user) -> list:
    """The decaan turns the open wishes into sent applications, in the wishes' order, through
    `aanmelding_create` (its permission check, maximum, one institution, deadline). All or
    nothing: a refused wish leaves every wish open with the rule's message."""
    wensen = list(
        Opleidingswens.objects.select_for_update()
        .filter(leerling=leerling, omgezet_in__isnull=True)
        .select_related("opleiding")
        .order_by("volgorde")
    )
    if not wensen:
        raise DomainError("Deze leerling heeft geen open opleidingswensen.")
    for wens in wensen:
        wens.omgezet_in = aanmelding_create(
            leerling=leerling,
            opleiding=wens.opleiding,
            user=user,
            bericht="Op verzoek van de leerling (opleidingswens in het portaal).",
        )
        wens.save(update_fields=["omgezet_in"])
    return wensen
