"""The columns of a pupil list export (CSV/XLSX). Only the masked personal number leaves VOROC."""

from collections.abc import Iterable, Iterator

from django.utils.translation import gettext as _

HEADERS = (
    "Leerlingnummer", "Achternaam", "Tussenvoegsel", "Voornaam", "Geboortedatum", "Persoonsnummer (gemaskeerd)",
    "School", "Klas", "Leerweg", "Mentor", "Woongemeente", "Doorstroomformulier", "Aanmeldingen", "Risicoleerling",
    "Diplomaresultaat", "Elders",
)  # fmt: skip


def export_rows(leerlingen: Iterable) -> Iterator[tuple]:
    """Rows for `voroc.exports`; `leerlingen` comes from `selectors.with_list_data` (no extra queries)."""
    for leerling in leerlingen:
        formulier = getattr(leerling, "doorstroomformulier", None)
        elders = getattr(leerling, "elders", None)
        aanmeldingen = "; ".join(
            f"{a.keuze}. {a.opleiding.naam} ({a.opleiding.instelling.naam}): {a.get_status_display()}"
            for a in getattr(leerling, "zichtbare_aanmeldingen", [])
        )
        yield (
            leerling.leerlingnummer,
            leerling.achternaam,
            leerling.tussenvoegsel,
            leerling.voornaam,
            leerling.geboortedatum,
            leerling.persoonsnummer_gemaskeerd,
            leerling.school.naam,
            leerling.klas,
            leerling.leerweg,
            leerling.mentor.naam if leerling.mentor else "",
            leerling.woongemeente.naam,
            formulier.get_status_display() if formulier else _("niet gestart"),
            aanmeldingen,
            leerling.risico,
            leerling.get_diploma_resultaat_display(),
            elders.get_soort_display() if elders else "",
        )
