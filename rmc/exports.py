"""The columns of the municipality's overview export (CSV/XLSX through voroc.exports), each with
the part of the pupil's file it shows. Rows are `values()` dicts of the pupil; the sent
applications are added per chunk (leerlingen.exports.aanmeldingen_aanvullen)."""

from leerlingen.exports import DIPLOMA, ELDERS
from voroc.exports import Kolom, persoonsnummer, veld
from voroc.policy import Deel


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
