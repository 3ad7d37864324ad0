"""The one export path: every list that can be downloaded (CSV and XLSX) goes through here.

- Columns are declared with the part of the pupil's file they show (`Kolom.deel`); the
  visibility table (voroc.policy) decides: a column of a part the user sees of no pupil is left
  out, and a cell of a part the user may not see of that row's pupil stays empty.
- Rows are plain `values()` dicts, never model instances: a column reads its fields from the
  dict, and choice labels come from a dict built once per export. Values a row cannot hold (a
  pupil's applications) are added per chunk of rows by the caller's `aanvullen`, one query per
  chunk; so an export costs a fixed number of queries whatever its length (per 2,000 rows one
  more).
- Every exported pupil is recorded in the read log (voroc.audit.record_reads, one INSERT)
  *before* the first byte leaves: a first pass reads only what the visibility table needs of
  each pupil; the second pass streams the rows and leaves out a pupil that appeared in between
  (it is not in the read log).
- Both formats are streamed (`StreamingHttpResponse`): CSV line by line, XLSX by the small
  SpreadsheetML writer in voroc/xlsx.py, a piece per few hundred rows; memory stays flat.
- Cells that a spreadsheet would read as a formula (starting with = + - @, or a tab or carriage
  return) get a leading apostrophe (OWASP "CSV injection").
"""

from __future__ import annotations

import csv
import datetime
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import StreamingHttpResponse

from voroc import audit, policy
from voroc.validators import mask_number
from voroc.xlsx import xlsx_stream

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHUNK = 2000


@dataclass(frozen=True)
class Kolom:
    """One column: its header, how to get the value from a row (a `values()` dict), the fields of
    the row it reads, and the part of the file it shows."""

    titel: str
    waarde: Callable[[dict], Any]
    deel: str = policy.Deel.GEGEVENS
    velden: tuple[str, ...] = ()


def veld(titel: str, naam: str, deel: str = policy.Deel.GEGEVENS, *, labels: dict | None = None) -> Kolom:
    """A column that shows one field, through `labels` (a choice's label) when given."""
    if labels is None:
        return Kolom(titel, lambda rij: rij[naam], deel, (naam,))
    return Kolom(titel, lambda rij: labels.get(rij[naam], rij[naam]), deel, (naam,))


def persoonsnummer(pad: str = "") -> Kolom:
    """The masked BSN (or onderwijsnummer) of the pupil at `pad`: only the last digits leave VOROC."""
    bsn, onderwijsnummer = f"{pad}bsn", f"{pad}onderwijsnummer"
    return Kolom(
        "Persoonsnummer (gemaskeerd)",
        lambda rij: mask_number(rij[bsn] or rij[onderwijsnummer]),
        velden=(bsn, onderwijsnummer),
    )


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


class _Line:
    """A file-like object for csv.writer that hands back what was written (one line)."""

    def write(self, value: str) -> str:
        return value


def csv_lines(headers: Sequence[str], rows: Iterable[Sequence]) -> Iterator[str]:
    """Semicolon-separated lines, the first with a byte order mark, as Dutch Excel opens it."""
    writer = csv.writer(_Line(), delimiter=";", lineterminator="\r\n")
    yield "\ufeff" + writer.writerow(_cells(headers))
    for row in rows:
        yield writer.writerow([v.isoformat() if isinstance(v, datetime.date) else v for v in _cells(row)])


def csv_bytes(headers: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    return "".join(csv_lines(headers, rows)).encode("utf-8")


def _chunks(rows: Iterable[dict]) -> Iterator[list[dict]]:
    chunk: list[dict] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _zichten(v, rijen: QuerySet, pad: str, mbo_instelling: str | None) -> dict[int, policy.Zicht]:
    """First pass: {pupil id: what the user sees of it}, from only the fields the visibility
    table reads (one query, streamed; one more for an mbo user's relation when the rows do not
    name it). An mbo row names the institution through which the user sees the pupil; a pupil
    with rows at several institutions is seen through all of them."""
    velden = [f"{pad}id", *(pad + naam for naam in policy.WAARDEN_VELDEN)]
    if mbo_instelling:
        velden.append(mbo_instelling)
    waarden: dict[int, policy.LeerlingWaarden] = {}
    instellingen: dict[int, set[int]] = {}
    for row in rijen.order_by().values_list(*velden).iterator(chunk_size=CHUNK):
        waarden[row[0]] = policy.LeerlingWaarden(*row[1:6])
        if mbo_instelling:
            instellingen.setdefault(row[0], set()).add(row[6])
    if not mbo_instelling:  # rows without an institution: the user's mbo relation, if any, in one query
        instellingen = policy.mbo_instellingen(v, rijen.order_by().values(f"{pad}id"))
    zichten = policy.Zichten(v)
    return {pk: zichten.voor_waarden(w, instellingen.get(pk)) for pk, w in waarden.items()}


def export_response(
    request,
    *,
    formaat: str,
    naam: str,
    kolommen: Sequence[Kolom],
    rijen: QuerySet,
    leerling: str = "",
    mbo_instelling: str | None = None,
    aanvullen: Callable[[list[dict]], None] | None = None,
    titel: str = "Export",
):
    """An attachment download in `formaat` ("csv" or "xlsx"; anything else: csv) named `naam`
    (without extension) of the queryset `rijen`, already scoped, filtered and ordered.

    `leerling` is the path from a row to its pupil ("" when the rows are pupils, "leerling__" for
    applications); `mbo_instelling` the field naming the institution through which the user sees
    the row (the mbo's worklist); `aanvullen(chunk)` adds to a chunk of row dicts what a row
    cannot hold, in one query."""
    v = policy.viewer(request.user)
    zichtbaar = [k for k in kolommen if policy.ziet_ergens(v, k.deel)]
    rijen = rijen.prefetch_related(None)
    zichten = _zichten(v, rijen, leerling, mbo_instelling)
    audit.record_reads(request, zichten, actie=audit.EXPORT)

    velden = {f"{leerling}id"} | {naam for k in zichtbaar for naam in k.velden}
    sleutel = f"{leerling}id"

    def rows() -> Iterator[list]:
        for chunk in _chunks(rijen.values(*sorted(velden)).iterator(chunk_size=CHUNK)):
            chunk = [rij for rij in chunk if rij[sleutel] in zichten]
            if aanvullen is not None:
                aanvullen(chunk)
            for rij in chunk:
                delen = zichten[rij[sleutel]].delen
                yield [k.waarde(rij) if k.deel in delen else "" for k in zichtbaar]

    headers = [k.titel for k in zichtbaar]
    if formaat == "xlsx":
        cells = (_cells(row) for row in rows())
        response = StreamingHttpResponse(xlsx_stream(headers, cells, title=titel), content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{naam}.xlsx"'
    else:
        lines = (line.encode("utf-8") for line in csv_lines(headers, rows()))
        response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{naam}.csv"'
    response["Cache-Control"] = "no-store"
    return response


def tabel_response(*, formaat: str, naam: str, koppen: Sequence[str], rijen: Iterable[Sequence], titel: str = "Export"):
    """An attachment download of a plain table that shows no pupil (a report's counts): CSV (the
    default) or XLSX, with the same neutralised cells as every export. No read is logged: there is
    no pupil in it. A table with pupils goes through `export_response`."""
    if formaat == "xlsx":
        cells = (_cells(row) for row in rijen)
        response = StreamingHttpResponse(xlsx_stream(koppen, cells, title=titel), content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{naam}.xlsx"'
    else:
        lines = (line.encode("utf-8") for line in csv_lines(koppen, rijen))
        response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{naam}.csv"'
    response["Cache-Control"] = "no-store"
    return response
