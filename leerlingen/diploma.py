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
    start = 1 if rows and rows[0] and rows[0][0].strip().lower().replace(" ", "") == "leerlingnummer" else 0
    resultaten, fouten = diploma_rijen_controleren(rows[start:], leerlingen, eerste_rij=start + 1)
    return resultaten, [f"Rij {f['rij']}: {f['melding']}" if f["rij"] else f["melding"] for f in fouten]


def diploma_rijen_controleren(
    rows: list[list[str]], leerlingen: dict[str, Leerling], *, eerste_rij: int = 1
) -> tuple[list[tuple[Leerling, str]], list[dict]]:
    """The checks of `diploma_rijen_lezen` on rows without a header: (pupil, result) pairs and
    errors as {"rij", "melding"}, rows numbered from `eerste_rij` (the API numbers from 1; no row:
    None)."""
    resultaten: list[tuple[Leerling, str]] = []
    fouten: list[dict] = []
    gezien: dict[str, int] = {}
    for index, row in enumerate(rows, start=eerste_rij):

        def fout(melding: str) -> None:
            fouten.append({"rij": index, "melding": melding})  # noqa: B023 - called in this iteration only

        nummer = row[0].strip() if row else ""
        waarde = row[1].strip().lower() if len(row) > 1 else ""
        if not nummer:
            fout("het leerlingnummer ontbreekt.")
            continue
        if nummer in gezien:
            fout(f"leerlingnummer {nummer} staat ook al in rij {gezien[nummer]}.")
            continue
        gezien[nummer] = index
        leerling = leerlingen.get(nummer)
        if leerling is None:
            fout(f"leerlingnummer {nummer} is onbekend bij deze school in dit schooljaar.")
            continue
        if waarde not in RESULTAAT_ALIASES or len(row) < 2:
            gegeven = row[1] if len(row) > 1 else ""
            fout(f"'{gegeven}' is geen resultaat; gebruik geslaagd, gezakt, herexamen of onbekend.")
            continue
        resultaten.append((leerling, RESULTAAT_ALIASES[waarde]))
    if not resultaten and not fouten:
        fouten.append({"rij": None, "melding": "Het bestand bevat geen resultaten."})
    return resultaten, fouten
