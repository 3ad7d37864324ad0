"""The columns of the municipality's exports (overview and meldingen inbox; CSV/XLSX through
voroc.exports), each with the part of the pupil's file it shows. Rows are `values()` dicts of the
pupil; the sent applications are added per chunk (leerlingen.exports.aanmeldingen_aanvullen)."""

from leerlingen.exports import DIPLOMA, ELDERS
from voroc.exports import Kolom, persoonsnummer, veld
from voroc.policy import Deel

from .models import MeldingSoort, MeldingStatus


def _adres(rij) -> str:
    return f"{rij['straat']} {rij['huisnummer']}".strip()


def kolommen(toestand_labels: dict) -> tuple[Kolom, ...]:
    return (
        veld("Achternaam", "achternaam"),
        veld("Tussenvoegsel", "tussenvoegsel"),
        veld("Voornaam", "voornaam"),
        persoonsnummer(),
        Kolom("Geboortedatum", lambda rij: rij["geboortedatum"].isoformat(), velden=("geboortedatum",)),
        veld("School", "school__naam"),
        veld("Klas", "klas"),
        veld("Leerweg", "leerweg"),
        veld("Toestand", "toestand", Deel.AANMELDINGEN, labels=toestand_labels),
        Kolom("Aanmeldingen", lambda rij: rij["aanmeldingen"], Deel.AANMELDINGEN),
        Kolom("Elders", lambda rij: ELDERS.get(rij["elders__soort"], ""), Deel.ELDERS, ("elders__soort",)),
        veld("Diplomaresultaat", "diploma_resultaat", Deel.DIPLOMA, labels=DIPLOMA),
        veld("Risicoleerling", "risico", Deel.RISICO),
        Kolom("Adres", _adres, Deel.CONTACT, ("straat", "huisnummer")),
        veld("Postcode", "postcode", Deel.CONTACT),
        veld("Woonplaats", "woonplaats", Deel.CONTACT),
        veld("Telefoon", "telefoon", Deel.CONTACT),
        veld("E-mail", "email", Deel.CONTACT),
    )


def melding_kolommen() -> tuple[Kolom, ...]:
    """The meldingen inbox; rows are `values()` dicts of the melding (its pupil at `leerling__`).
    The kind and reason of a melding are part of the risk part (a no-show melding's of the
    applications part, which the municipality sees as well): the risk part is the stricter of the
    two, so the cell is never shown to someone who may not see it."""
    return (
        Kolom("Ontvangen", lambda rij: rij["aangemaakt"].date().isoformat(), velden=("aangemaakt",)),
        veld("Achternaam", "leerling__achternaam"),
        veld("Tussenvoegsel", "leerling__tussenvoegsel"),
        veld("Voornaam", "leerling__voornaam"),
        veld("School", "leerling__school__naam"),
        veld("Soort", "soort", Deel.RISICO, labels=dict(MeldingSoort.choices)),
        veld("Gemeld door", "melder_organisatie__naam", Deel.RISICO),
        veld("Reden", "reden", Deel.RISICO),
        veld("Status", "status", Deel.RISICO, labels=dict(MeldingStatus.choices)),
        Kolom("Behandelaar", lambda rij: rij["behandelaar__naam"] or "", Deel.GEMEENTE, ("behandelaar__naam",)),
    )
