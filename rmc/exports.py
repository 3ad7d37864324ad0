"""The columns of the municipality's exports (overview and meldingen inbox; CSV/XLSX through
voroc.exports), each with the part of the pupil's file it shows."""

from voroc.exports import Kolom
from voroc.policy import Deel


def _aanmeldingen(leerling) -> str:
    return "; ".join(
        f"{a.keuze}. {a.opleiding.naam} ({a.opleiding.instelling.naam}): {a.get_status_display()}"
        for a in getattr(leerling, "verzonden_aanmeldingen", [])
    )


def _elders(leerling) -> str:
    elders = getattr(leerling, "elders", None)
    return elders.get_soort_display() if elders else ""


def kolommen(toestand_labels: dict) -> tuple[Kolom, ...]:
    return (
        Kolom("Achternaam", lambda leerling: leerling.achternaam),
        Kolom("Tussenvoegsel", lambda leerling: leerling.tussenvoegsel),
        Kolom("Voornaam", lambda leerling: leerling.voornaam),
        Kolom("Persoonsnummer (gemaskeerd)", lambda leerling: leerling.persoonsnummer_gemaskeerd),
        Kolom("Geboortedatum", lambda leerling: leerling.geboortedatum.isoformat()),
        Kolom("School", lambda leerling: leerling.school.naam),
        Kolom("Klas", lambda leerling: leerling.klas),
        Kolom("Leerweg", lambda leerling: leerling.leerweg),
        Kolom(
            "Toestand",
            lambda leerling: toestand_labels.get(leerling.toestand, leerling.toestand),
            Deel.AANMELDINGEN,
        ),
        Kolom("Aanmeldingen", _aanmeldingen, Deel.AANMELDINGEN),
        Kolom("Elders", _elders, Deel.ELDERS),
        Kolom("Diplomaresultaat", lambda leerling: leerling.get_diploma_resultaat_display(), Deel.DIPLOMA),
        Kolom("Risicoleerling", lambda leerling: leerling.risico, Deel.RISICO),
        Kolom("Adres", lambda leerling: f"{leerling.straat} {leerling.huisnummer}".strip(), Deel.CONTACT),
        Kolom("Postcode", lambda leerling: leerling.postcode, Deel.CONTACT),
        Kolom("Woonplaats", lambda leerling: leerling.woonplaats, Deel.CONTACT),
        Kolom("Telefoon", lambda leerling: leerling.telefoon, Deel.CONTACT),
        Kolom("E-mail", lambda leerling: leerling.email, Deel.CONTACT),
    )


def melding_kolommen() -> tuple[Kolom, ...]:
    """The meldingen inbox. The kind and reason of a melding are part of the risk part (a no-show
    melding's of the applications part, which the municipality sees as well): the risk part is
    the stricter of the two, so the cell is never shown to someone who may not see it."""
    return (
        Kolom("Ontvangen", lambda m: m.aangemaakt.date().isoformat()),
        Kolom("Achternaam", lambda m: m.leerling.achternaam),
        Kolom("Tussenvoegsel", lambda m: m.leerling.tussenvoegsel),
        Kolom("Voornaam", lambda m: m.leerling.voornaam),
        Kolom("School", lambda m: m.leerling.school.naam),
        Kolom("Soort", lambda m: m.get_soort_display(), Deel.RISICO),
        Kolom("Gemeld door", lambda m: m.melder_organisatie.naam, Deel.RISICO),
        Kolom("Reden", lambda m: m.reden, Deel.RISICO),
        Kolom("Status", lambda m: m.get_status_display(), Deel.RISICO),
        Kolom("Behandelaar", lambda m: str(m.behandelaar or ""), Deel.GEMEENTE),
    )
