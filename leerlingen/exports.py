"""The columns of a pupil list export (CSV/XLSX), each with the part of the file it shows.

Rows are `values()` dicts of the pupil (voroc.exports); choice labels come from dicts built once;
the applications the user may see are added per chunk by `aanmeldingen_aanvullen` in one query.
Only the masked personal number leaves VOROC.
"""

from aanmelding.models import Aanmelding
from aanmelding.status import Status
from doorstroom.models import FormulierStatus
from voroc.exports import Kolom, persoonsnummer, veld
from voroc.policy import Deel

from .models import DiplomaResultaat, EldersSoort

FORMULIER = dict(FormulierStatus.choices)
DIPLOMA = dict(DiplomaResultaat.choices)
ELDERS = dict(EldersSoort.choices)
STATUS = dict(Status.choices)


def aanmeldingen_aanvullen(user, *, alleen_verzonden: bool = False):
    """`aanvullen` for voroc.exports: each pupil row of a chunk gets `aanmeldingen`, the text of
    the applications the user may see (sent ones only, for the municipality), in one query."""

    def aanvullen(chunk: list[dict]) -> None:
        qs = Aanmelding.objects.for_user(user).filter(leerling_id__in=[rij["id"] for rij in chunk])
        if alleen_verzonden:
            qs = qs.exclude(status=Status.CONCEPT)
        teksten: dict[int, list[str]] = {}
        for leerling_id, keuze, opleiding, instelling, status in qs.order_by("leerling_id", "keuze", "pk").values_list(
            "leerling_id", "keuze", "opleiding__naam", "opleiding__instelling__naam", "status"
        ):
            teksten.setdefault(leerling_id, []).append(f"{keuze}. {opleiding} ({instelling}): {STATUS[status]}")
        for rij in chunk:
            rij["aanmeldingen"] = "; ".join(teksten.get(rij["id"], ()))

    return aanvullen


KOLOMMEN = (
    veld("Leerlingnummer", "leerlingnummer"),
    veld("Achternaam", "achternaam"),
    veld("Tussenvoegsel", "tussenvoegsel"),
    veld("Voornaam", "voornaam"),
    veld("Geboortedatum", "geboortedatum"),
    persoonsnummer(),
    veld("School", "school__naam"),
    veld("Klas", "klas"),
    veld("Leerweg", "leerweg"),
    Kolom("Mentor", lambda rij: rij["mentor__naam"] or "", velden=("mentor__naam",)),
    veld("Woongemeente", "woongemeente__naam"),
    Kolom(
        "Doorstroomformulier",
        lambda rij: FORMULIER.get(rij["doorstroomformulier__status"], "niet gestart"),
        Deel.FORMULIER,
        ("doorstroomformulier__status",),
    ),
    Kolom("Aanmeldingen", lambda rij: rij["aanmeldingen"], Deel.AANMELDINGEN),
    veld("Risicoleerling", "risico", Deel.RISICO),
    veld("Diplomaresultaat", "diploma_resultaat", Deel.DIPLOMA, labels=DIPLOMA),
    Kolom("Elders", lambda rij: ELDERS.get(rij["elders__soort"], ""), Deel.ELDERS, ("elders__soort",)),
)
