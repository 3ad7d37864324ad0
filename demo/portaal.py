"""The portal in the demo: which pupil the demo's pupil and parent accounts belong to, the
parent's account (ouder1) with a zienswijze, and the pupil's part A partly filled in and two
programme wishes, so that the decaan sees them on the pupil's portal page."""

from aanmelding.models import Aanmelding
from demo import data as D
from leerlingen.models import Leerling
from portaal.models import Opleidingswens, Relatie, Toegang
from portaal.ouders import zienswijze_toevoegen
from voroc.accounts.models import User

OUDER = ("ouder1", "Ouder van de demoleerling")
ZIENSWIJZE = (
    "Wij hebben thuis veel over de keuze gepraat. Wij steunen de keuze voor deze opleiding. Onze zoon "
    "heeft wel hulp nodig bij het plannen; dat willen wij graag met het mbo bespreken."
)
DEEL_A = {
    "motivatie": "Ik vind het leuk om met mijn handen te werken en mensen te helpen.",
    "sterke_punten": "Ik ben behulpzaam en ik kom altijd op tijd.",
}


def demo_portaal_ouder(leerling: Leerling, *, password: str) -> User:
    """ouder1, a parent of the demo's portal pupil (leerling1), with a zienswijze; the pupil's
    programme wishes are those the decaan turned into its applications (one institution, as the
    procedure's rule asks); part A partly filled in where the form is not final yet."""
    code, naam = OUDER
    ouder = User.objects.create_user(email=f"{code}@{D.DEMO_DOMAIN}", naam=naam, password=password, portaal=True)
    Toegang.objects.create(user=ouder, leerling=leerling, relatie=Relatie.OUDER)
    formulier = getattr(leerling, "doorstroomformulier", None)
    if formulier is not None and formulier.status != "definitief":
        for veld, waarde in DEEL_A.items():
            setattr(formulier, veld, waarde)
        formulier.versie += 1
        formulier.save()
    aanmeldingen = Aanmelding.objects.filter(leerling=leerling).select_related("opleiding").order_by("keuze")[:2]
    for volgorde, aanmelding in enumerate(aanmeldingen, start=1):
        Opleidingswens.objects.create(
            leerling=leerling, opleiding=aanmelding.opleiding, volgorde=volgorde, omgezet_in=aanmelding
        )
    zienswijze_toevoegen(leerling=leerling, user=User.objects.get(pk=ouder.pk), tekst=ZIENSWIJZE)
    return ouder
