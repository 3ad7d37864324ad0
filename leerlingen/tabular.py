"""Reading an uploaded CSV or XLSX file into rows of text, with checks on type and size.

Raises `voroc.errors.DomainError` with a Dutch message for anything that is not a readable
table; nothing is written. openpyxl is imported inside the function.
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile

from voroc.errors import DomainError

MAX_BYTES = 10 * 1024 * 1024  # 10 MB holds far more than 5,000 pupils
MAX_ROWS = 20_000
EXTENSIONS = ("csv", "xlsx")


def extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def check_upload(upload, *, max_bytes: int | None = None) -> str:
    """The file's kind ("csv" or "xlsx") after checking name, size and content."""
    max_bytes = max_bytes or MAX_BYTES
    kind = extension(upload.name or "")
    if kind not in EXTENSIONS:
        raise DomainError("Kies een bestand van het type CSV of Excel (.xlsx).", field="bestand")
    if upload.size == 0:
        raise DomainError("Het bestand is leeg.", field="bestand")
    if upload.size > max_bytes:
        raise DomainError(
            f"Het bestand is te groot (maximaal {max_bytes // (1024 * 1024)} MB).", field="bestand"
        )
    upload.seek(0)
    head = upload.read(4)
    upload.seek(0)
    if kind == "xlsx" and head != b"PK\x03\x04":
        raise DomainError("Dit is geen geldig Excel-bestand (.xlsx).", field="bestand")
    if kind == "csv" and head.startswith(b"PK\x03\x04"):
        raise DomainError("Dit lijkt een Excel-bestand: geef het de extensie .xlsx of sla het op als CSV.",
                          field="bestand")
    return kind


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _decode(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DomainError("De tekens in het bestand zijn niet te lezen. Sla het op als CSV (UTF-8).", field="bestand")


def read_csv(raw: bytes) -> list[list[str]]:
    text = _decode(raw)
    if "\x00" in text:
        raise DomainError("Dit is geen tekstbestand (CSV).", field="bestand")
    first_line = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        rows = []
        for row in reader:
            rows.append([cell.strip() for cell in row])
            if len(rows) > MAX_ROWS + 1:
                raise DomainError(f"Het bestand heeft meer dan {MAX_ROWS} rijen.", field="bestand")
    except csv.Error:
        raise DomainError("Het CSV-bestand is niet te lezen (controleer aanhalingstekens).", field="bestand")
    return rows


def read_xlsx(raw: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise DomainError("Het Excel-bestand is niet te lezen.", field="bestand")
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for row in sheet.iter_rows(values_only=True):
            rows.append([_text(v) for v in row])
            if len(rows) > MAX_ROWS + 1:
                raise DomainError(f"Het bestand heeft meer dan {MAX_ROWS} rijen.", field="bestand")
    finally:
        workbook.close()
    return rows


def read_table(raw: bytes, kind: str) -> list[list[str]]:
    """All non-empty rows as lists of stripped text; the first row is usually the header."""
    rows = read_xlsx(raw) if kind == "xlsx" else read_csv(raw)
    rows = [row for row in rows if any(cell for cell in row)]
    if not rows:
        raise DomainError("Het bestand bevat geen rijen.", field="bestand")
    return rows
