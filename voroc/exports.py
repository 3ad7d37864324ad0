"""The one export path: every list that can be downloaded (CSV and XLSX) goes through here.

- Columns are declared with the part of the pupil's file they show (`Kolom.deel`); the
  visibility table (voroc.policy) decides: a column of a part the user sees of no pupil is left
  out, and a cell of a part the user may not see of that row's pupil stays empty.
- Every exported pupil is recorded in the read log (voroc.audit.log_reads), with one INSERT
  whatever the number of rows.
- Cells that a spreadsheet would read as a formula (starting with = + - @, or a tab or carriage
  return) get a leading apostrophe (OWASP "CSV injection").
- A queryset is read in chunks (`.iterator()`), so a worklist of 20,000 rows is not held in
  memory as model objects; openpyxl is imported inside the function, never on the request path
  of other pages.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse

from voroc import audit, policy

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHUNK = 2000


@dataclass(frozen=True)
class Kolom:
    """One column: its header, how to get the value from a row, and the part of the file it shows."""

    titel: str
    waarde: Callable[[Any], Any]
    deel: str = policy.Deel.GEGEVENS


def neutralise(value) -> object:
    """A cell value that no spreadsheet evaluates as a formula. Dates and numbers pass unchanged."""
    if type(value) is str:  # the common case first: 20,000 rows of 19 cells
        return "'" + value if value.startswith(FORMULA_PREFIXES) else value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, int | float | datetime.date):
        return value
    text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def _cells(row: Iterable) -> list:
    return [neutralise(v) for v in row]


def csv_bytes(headers: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    """Semicolon-separated UTF-8 with a byte order mark, as Dutch Excel opens it."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(_cells(headers))
    for row in rows:
        writer.writerow([v.isoformat() if isinstance(v, datetime.date) else v for v in _cells(row)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(headers: Sequence[str], rows: Iterable[Sequence], *, title: str = "Export") -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append(_cells(headers))
    for row in rows:
        sheet.append(_cells(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def export_response(
    request,
    *,
    formaat: str,
    naam: str,
    kolommen: Sequence[Kolom],
    rijen,
    leerling_van: Callable[[Any], Any] | None = None,
    mbo_instelling_van: Callable[[Any], int] | None = None,
    titel: str = "Export",
) -> HttpResponse:
    """An attachment download in `formaat` ("csv" or "xlsx"; anything else: csv) named `naam`
    (without extension). `rijen` are the rows (a list, or a queryset that is streamed);
    `leerling_van(rij)` gives a row's pupil (default: the row is the pupil). For a queryset,
    `mbo_instelling_van(rij)` names the institution through which the user sees the row (the mbo's
    worklist), so that no query per chunk is needed; a list needs at most one."""
    user = request.user
    v = policy.viewer(user)
    leerling_van = leerling_van or (lambda rij: rij)
    zichtbaar = [k for k in kolommen if policy.ziet_ergens(v, k.deel)]
    gelezen: dict[int, policy.Zicht] = {}  # small: the pupils themselves are not kept

    if isinstance(rijen, QuerySet) and mbo_instelling_van is not None:
        # Streamed row by row: the row names the institution, so no query per chunk either.
        zichten = policy.Zichten(v)

        def zicht_van(rij, leerling):
            return zichten.voor(leerling, {mbo_instelling_van(rij)})

        rijen = rijen.iterator(chunk_size=CHUNK)
    else:
        rijen = list(rijen)
        policy.zicht_lijst(v, [leerling_van(rij) for rij in rijen])  # at most one query for all

        def zicht_van(rij, leerling):
            return leerling.zicht

    def rows() -> Iterator[list]:
        for rij in rijen:
            leerling = leerling_van(rij)
            zicht = zicht_van(rij, leerling)
            gelezen.setdefault(leerling.pk, zicht)
            delen = zicht.delen
            yield [k.waarde(rij) if k.deel in delen else "" for k in zichtbaar]

    headers = [k.titel for k in zichtbaar]
    if formaat == "xlsx":
        body = xlsx_bytes(headers, rows(), title=titel)
        response = HttpResponse(body, content_type=XLSX_CONTENT_TYPE)
    else:
        formaat = "csv"
        response = HttpResponse(csv_bytes(headers, rows()), content_type="text/csv; charset=utf-8")
    audit.record_reads(request, gelezen, actie=audit.EXPORT)
    response["Content-Disposition"] = f'attachment; filename="{naam}.{formaat}"'
    response["Cache-Control"] = "no-store"
    return response
