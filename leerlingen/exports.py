"""The columns of a pupil list export (CSV/XLSX), each with the part of the file it shows.

Only the masked personal number leaves VOROC. Rows come from `aanmelding.selectors_school.with_list_data` (no
extra queries); voroc.exports leaves out what the visibility table does not let the user see.
"""

from voroc.exports import Kolom
from voroc.policy import Deel


def _formulier(leerling):
    formulier = getattr(leerling, "doorstroomformulier", None)
    return formulier.get_status_display() if formulier else "niet gestart"


def _aanmeldingen(leerling):
    return "; ".join(
        f"{a.keuze}. {a.opleiding.naam} ({a.opleiding.instelling.naam}): {a.get_status_display()}"
        for a in getattr(leerling, "zichtbare_aanmeldingen", [])
    )


def _elders(leerling):
    elders = getattr(leerling, "elders", None)
    return elders.get_soort_display() if elders else ""


KOLOMMEN = (
    Kolom("Leerlingnummer", lambda leerling: leerling.leerlingnummer),
    Kolom("Achternaam", lambda leerling: leerling.achternaam),
    Kolom("Tussenvoegsel", lambda leerling: leerling.tussenvoegsel),
    Kolom("Voornaam", lambda leerling: leerling.voornaam),
    Kolom("Geboortedatum", lambda leerling: leerling.geboortedatum),
    Kolom("Persoonsnummer (gemaskeerd)", lambda leerling: leerling.persoonsnummer_gemaskeerd),
    Kolom("School", lambda leerling: leerling.school.naam),
    Kolom("Klas", lambda leerling: leerling.klas),
    Kolom("Leerweg", lambda leerling: leerling.leerweg),
    Kolom("Mentor", lambda leerling: leerling.mentor.naam if leerling.mentor else ""),
    Kolom("Woongemeente", lambda leerling: leerling.woongemeente.naam),
    Kolom("Doorstroomformulier", _formulier, Deel.FORMULIER),
    Kolom("Aanmeldingen", _aanmeldingen, Deel.AANMELDINGEN),
    Kolom("Risicoleerling", lambda leerling: leerling.risico, Deel.RISICO),
    Kolom("Diplomaresultaat", lambda leerling: leerling.get_diploma_resultaat_display(), Deel.DIPLOMA),
    Kolom("Elders", _elders, Deel.ELDERS),
)
