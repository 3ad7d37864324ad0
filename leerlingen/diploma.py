"""Reading diploma results from a CSV file: `leerlingnummer;resultaat` per line."""

from __future__ import annotations

from .models import DiplomaResultaat, Leerling

RESULTAAT_ALIASES = {
    "geslaagd": DiplomaResultaat.GESLAAGD,
    "g": DiplomaResultaat.GESLAAGD,
    "gezakt": DiplomaResultaat.GEZAKT,
    "z": DiplomaResultaat.GEZAKT,
    "afgewezen": DiplomaResultaat.GEZAKT,
    "herexamen": DiplomaResultaat.HEREXAMEN,
    "h": DiplomaResultaat.HEREXAMEN,
    "onbekend": DiplomaResultaat.ONBEKEND,
    "": DiplomaResultaat.ONBEKEND,
}


def diploma_rijen_lezen(
    rows: list[list[str]], leerlingen: dict[str, Leerling]
) -> tuple[list[tuple[Leerling, str]], list[str]]:
    """(pupil, result) pairs and Dutch error messages per line; `leerlingen` maps number to pupil."""
    resultaten: list[tuple[Leerling, str]] = []
    fouten: list[str] = []
    gezien: dict[str, int] = {}
    start = 1 if rows and rows[0] and rows[0][0].strip().lower().replace(" ", "") == "leerlingnummer" else 0
    for index, row in enumerate(rows[start:], start=start + 1):
        nummer = row[0].strip() if row else ""
        waarde = row[1].strip().lower() if len(row) > 1 else ""
        if not nummer:
            fouten.append(f"Rij {index}: het leerlingnummer ontbreekt.")
            continue
        if nummer in gezien:
            fouten.append(f"Rij {index}: leerlingnummer {nummer} staat ook al in rij {gezien[nummer]}.")
            continue
        gezien[nummer] = index
        leerling = leerlingen.get(nummer)
        if leerling is None:
            fouten.append(f"Rij {index}: leerlingnummer {nummer} is onbekend bij deze school in dit schooljaar.")
            continue
        if waarde not in RESULTAAT_ALIASES or len(row) < 2:
            fouten.append(
                f"Rij {index}: '{row[1] if len(row) > 1 else ''}' is geen resultaat; "
                "gebruik geslaagd, gezakt, herexamen of onbekend."
            )
            continue
        resultaten.append((leerling, RESULTAAT_ALIASES[waarde]))
    if not resultaten and not fouten:
        fouten.append("Het bestand bevat geen resultaten.")
    return resultaten, fouten
