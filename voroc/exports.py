"""Tabular exports (CSV and XLSX) shared by every list that can be downloaded.

Cells that a spreadsheet would read as a formula (starting with = + - @, or a tab or
carriage return) get a leading apostrophe (OWASP "CSV injection"). openpyxl is imported
inside the function, never on the request path of other pages.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(value) -> object:
    """A cell value that no spreadsheet evaluates as a formula. Dates and numbers pass unchanged."""
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


def export_response(formaat: str, filename: str, headers: Sequence[str], rows: Iterable[Sequence]) -> HttpResponse:
    """An attachment download in `formaat` ("csv" or "xlsx"); `filename` without extension."""
    if formaat == "xlsx":
        response = HttpResponse(xlsx_bytes(headers, rows), content_type=XLSX_CONTENT_TYPE)
    else:
        formaat = "csv"
        response = HttpResponse(csv_bytes(headers, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.{formaat}"'
    response["Cache-Control"] = "no-store"
    return response
