"""The portal in the demo: which pupil the demo's pupil and parent accounts belong to, the
parent's account (ouder1) with a zienswijze, and the pupil's part A partly filled in and two
programme wishes, so that the decaan sees them on the pupil's portal page."""

from django.db.models import Q

from aanmelding.models import Opleiding
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


def demo_portaalleerling(schooljaar) -> Leerling:
    """The demo's portal pupil: the first pupil of the demo decaan's school this school year
    without an application and with a form that is not final (room for part A and two wishes)."""
    return (
        Leerling.objects.filter(school__naam=D.SCHOLEN["hofstad"][0], schooljaar=schooljaar, aanmeldingen__isnull=True)
        .filter(Q(doorstroomformulier__isnull=True) | Q(doorstroomformulier__status="concept"))
        .order_by("pk")
        .first()
    )


def demo_portaal_ouder(schooljaar, *, instelling, password: str) -> User | None:
    """ouder1, a parent of the demo's portal pupil; the pupil's wishes are two programmes of
    `instelling` (one institution, as the procedure's rule asks)."""
    leerling = demo_portaalleerling(schooljaar)
    if leerling is None:
        return None
    code, naam = OUDER
    ouder = User.objects.create_user(email=f"{code}@{D.DEMO_DOMAIN}", naam=naam, password=password, portaal=True)
    Toegang.objects.create(user=ouder, leerling=leerling, relatie=Relatie.OUDER)
    # Part A as the pupil left it: two answers, not handed in yet.
    formulier = getattr(leerling, "doorstroomformulier", None)
    if formulier is not None:
        for veld, waarde in DEEL_A.items():
            setattr(formulier, veld, waarde)
        formulier.versie += 1
        formulier.save()
    opleidingen = Opleiding.objects.open().filter(instelling=instelling).order_by("pk")[:2]
    for volgorde, opleiding in enumerate(opleidingen, start=1):
        Opleidingswens.objects.create(leerling=leerling, opleiding=opleiding, volgorde=volgorde)
    zienswijze_toevoegen(leerling=leerling, user=User.objects.get(pk=ouder.pk), tekst=ZIENSWIJZE)
    return ouder
