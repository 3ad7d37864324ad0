"""The one reader of uploaded tables (CSV and XLSX): bounded before anything parses the file.

Every import (pupils, diploma results, the mbo's programmes and status codes) reads through here.
An upload is refused with a Dutch `DomainError` (field "bestand"), and nothing is written, when:

- its kind or size is wrong (`settings.VOROC_UPLOAD_MAX_BYTES`);
- XLSX: the zip has too many entries, an entry's declared uncompressed size (which is all
  `zipfile` ever returns) or the total is over its limit, or an entry unpacks to more than
  `MAX_RATIO` times its compressed size;
- XLSX: an XML part declares a DOCTYPE (entity expansion), a worksheet declares or holds a row or
  column beyond `MAX_ROWS` / `MAX_COLUMNS`, or the shared strings are too many;
- any cell is longer than `MAX_CELL_CHARS`, or the table has more rows or columns than allowed.

The XLSX checks stream through each part with expat in 64 KB chunks, so a workbook that declares
A1:XFD1048576 or holds one 300 MB string is refused before openpyxl reads a byte of it: in well
under a second and a few MB (bench/xlsx_bombs.py measures it). Only then does openpyxl read the
first sheet, in read-only mode with its declared dimensions ignored, row by row.
openpyxl is imported inside the function (it is heavy and only needed here).
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from xml.etree.ElementTree import ParseError
from xml.parsers import expat

from django.conf import settings

from voroc.errors import DomainError

EXTENSIONS = ("csv", "xlsx")
MAX_ROWS = 20_000  # data rows; far more than the 5,000 pupils of the largest school
MAX_COLUMNS = 200
MAX_CELL_CHARS = 2_000
MAX_ZIP_ENTRIES = 200
MAX_SHEET_BYTES = 48 * 1024 * 1024  # uncompressed XML of one worksheet
MAX_PART_BYTES = 8 * 1024 * 1024  # any other part (styles, workbook, relations, images)
MAX_SHARED_STRINGS_BYTES = 16 * 1024 * 1024
MAX_SHARED_STRINGS = 500_000
MAX_TOTAL_BYTES = 96 * 1024 * 1024
MAX_RATIO = 100  # uncompressed / compressed, for parts over RATIO_FROM bytes
RATIO_FROM = 1024 * 1024
CHUNK = 64 * 1024

SPREADSHEET_NS = (
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",
)


def _refuse(message: str):
    raise DomainError(message, field="bestand")


def max_upload_bytes() -> int:
    return settings.VOROC_UPLOAD_MAX_BYTES


def extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def check_upload(upload, *, max_bytes: int | None = None, kinds: tuple[str, ...] = EXTENSIONS) -> str:
    """The file's kind ("csv" or "xlsx") after checking name, size and the first bytes."""
    max_bytes = min(max_bytes or max_upload_bytes(), max_upload_bytes())
    kind = extension(upload.name or "")
    if kind not in kinds:
        _refuse("Kies een CSV-bestand." if kinds == ("csv",) else "Kies een bestand van het type CSV of Excel (.xlsx).")
    if upload.size == 0:
        _refuse("Het bestand is leeg.")
    if upload.size > max_bytes:
        _refuse(f"Het bestand is te groot (maximaal {size_text(max_bytes)}).")
    upload.seek(0)
    head = upload.read(4)
    upload.seek(0)
    if kind == "xlsx" and head != b"PK\x03\x04":
        _refuse("Dit is geen geldig Excel-bestand (.xlsx).")
    if kind == "csv" and head.startswith(b"PK\x03\x04"):
        _refuse("Dit lijkt een Excel-bestand: geef het de extensie .xlsx of sla het op als CSV.")
    return kind


def size_text(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB" if n >= 1024 * 1024 else f"{n // 1024} kB"


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


def _check_row(row: list[str], number: int, max_rows: int) -> None:
    if number > max_rows + 1:  # the header row comes on top
        _refuse(f"Het bestand heeft meer dan {max_rows} rijen. Splits het op.")
    if len(row) > MAX_COLUMNS:
        _refuse(f"Rij {number} heeft meer dan {MAX_COLUMNS} kolommen.")
    for cell in row:
        if len(cell) > MAX_CELL_CHARS:
            _refuse(f"Rij {number} heeft een cel van meer dan {MAX_CELL_CHARS} tekens.")


# --- CSV -----------------------------------------------------------------------------------------


def decode(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    _refuse("De tekens in het bestand zijn niet te lezen. Sla het op als CSV (UTF-8).")


def read_csv(data: bytes | str, *, max_rows: int = MAX_ROWS) -> list[list[str]]:
    """Every row of a CSV text (';', ',' or tab separated) as stripped cells, within the caps."""
    if isinstance(data, bytes):
        if len(data) > max_upload_bytes():
            _refuse(f"Het bestand is te groot (maximaal {size_text(max_upload_bytes())}).")
        data = decode(data)
    text = data.lstrip("\ufeff")
    if "\x00" in text:
        _refuse("Dit is geen tekstbestand (CSV).")
    first_line = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first_line.count)
    # A line with thousands of separators would become a row of thousands of cells at once.
    if any(line.count(delimiter) >= MAX_COLUMNS for line in io.StringIO(text)):
        _refuse(f"Een rij in het bestand heeft meer dan {MAX_COLUMNS} kolommen.")
    rows: list[list[str]] = []
    try:
        for row in csv.reader(io.StringIO(text), delimiter=delimiter):
            cells = [cell.strip() for cell in row]
            _check_row(cells, len(rows) + 1, max_rows)
            rows.append(cells)
    except csv.Error as error:
        if "field limit" in str(error):  # the csv module's own cap (128 kB) on one cell
            _refuse(f"Het bestand heeft een cel van meer dan {MAX_CELL_CHARS} tekens.")
        _refuse("Het CSV-bestand is niet te lezen (controleer aanhalingstekens).")
    return rows


# --- XLSX ----------------------------------------------------------------------------------------


def _row_number(value: str) -> int:
    """A row's `r` attribute read the way openpyxl reads it (int, or a float that is whole)."""
    try:
        return int(value)
    except ValueError:
        number = float(value)  # ValueError for what openpyxl cannot read either
        if not number.is_integer():
            raise ValueError(value) from None
        return int(number)


class _PartScanner:
    """Streams one XML part through expat and refuses what would make openpyxl blow up."""

    def __init__(self, totals: dict, coordinate):
        self.totals = totals
        self.coordinate = coordinate
        self.row = 0
        self.column = 0
        self.text_len = 0
        self.in_text = 0
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.StartDoctypeDeclHandler = self._doctype
        parser.EntityDeclHandler = self._doctype
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self._chars
        parser.buffer_text = True
        self.parser = parser

    def _doctype(self, *args):
        _refuse("Het Excel-bestand bevat een documenttypedefinitie; zo'n bestand lezen we niet.")

    def _start(self, name: str, attrs: dict):
        ns, _, local = name.rpartition(" ")
        if ns not in SPREADSHEET_NS:
            return
        if local == "c":
            # openpyxl pads every row up to its last cell's column: that column is what counts.
            coordinate = attrs.get("r")
            if coordinate:
                row, self.column = self.coordinate(coordinate)
            else:
                row, self.column = self.row, self.column + 1
            if self.column > MAX_COLUMNS or row > MAX_ROWS + 1:
                self._too_large()
        elif local == "row":
            # ... and yields an empty row for every row number it skips: the number counts too.
            self.row = _row_number(attrs["r"]) if "r" in attrs else self.row + 1
            self.column = 0
            self.totals["rows"] += 1
            if self.row > MAX_ROWS + 1 or self.totals["rows"] > (MAX_ROWS + 1) * 4:
                self._too_large()
        elif local == "si":
            self.totals["shared_strings"] += 1
            if self.totals["shared_strings"] > MAX_SHARED_STRINGS:
                _refuse("Het Excel-bestand bevat te veel verschillende teksten.")
        elif local in ("t", "v"):  # a text run or a cell value: each within the cell length
            if not self.in_text:
                self.text_len = 0
            self.in_text += 1
        elif local == "dimension":
            ref = attrs.get("ref", "")
            row, column = self.coordinate(ref.split(":")[-1]) if ref[-1:].isdigit() else (0, 0)
            if row > MAX_ROWS + 1 or column > MAX_COLUMNS:
                _refuse(
                    f"Het werkblad is volgens het bestand {attrs.get('ref', '')[:30]} groot: meer dan "
                    f"{MAX_ROWS} rijen of {MAX_COLUMNS} kolommen. Kopieer alleen de tabel naar een nieuw werkblad."
                )

    def _end(self, name: str):
        if self.in_text and name.rpartition(" ")[2] in ("t", "v") and name.rpartition(" ")[0] in SPREADSHEET_NS:
            self.in_text -= 1

    def _chars(self, data: str):
        if self.in_text:
            self.text_len += len(data)
            if self.text_len > MAX_CELL_CHARS:
                _refuse(f"Het Excel-bestand heeft een cel van meer dan {MAX_CELL_CHARS} tekens.")

    def _too_large(self):
        _refuse(
            f"Het werkblad heeft gegevens buiten {MAX_ROWS} rijen of {MAX_COLUMNS} kolommen. Verwijder lege, "
            "opgemaakte rijen en kolommen buiten de tabel, of splits het bestand op."
        )

    def feed(self, data: bytes, final: bool = False) -> bool:
        """False once the part turned out not to be XML (an image): nothing more to check."""
        try:
            self.parser.Parse(data, final)
        except expat.ExpatError:
            return False
        except DomainError:
            raise
        except Exception:  # a row or cell reference that openpyxl could not read either
            _refuse("Het Excel-bestand is niet te lezen.")
        return True


def _part_limit(name: str) -> int:
    lower = name.lower()
    if "sharedstrings" in lower:
        return MAX_SHARED_STRINGS_BYTES
    if lower.startswith("xl/worksheets/"):
        return MAX_SHEET_BYTES
    return MAX_PART_BYTES


def check_xlsx(raw: bytes) -> None:
    """Refuse a workbook whose parts are too large, too compressed, or declare too much, before parsing."""
    from openpyxl.utils.cell import coordinate_to_tuple  # the very function openpyxl reads references with

    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, OSError, ValueError):
        _refuse("Het Excel-bestand is niet te lezen.")
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_ZIP_ENTRIES:
            _refuse("Het Excel-bestand bevat te veel onderdelen.")
        total = 0
        for info in entries:
            limit = _part_limit(info.filename)
            # Several parts may claim one name; openpyxl would read the last: all are checked.
            if info.file_size > limit or (
                info.file_size > RATIO_FROM and info.file_size > MAX_RATIO * max(info.compress_size, 1)
            ):
                _refuse(
                    "Het Excel-bestand pakt uit tot een veel groter bestand dan het lijkt; zo'n bestand lezen we "
                    "niet. Sla het opnieuw op of gebruik CSV."
                )
            total += info.file_size
        if total > MAX_TOTAL_BYTES:
            _refuse("Het Excel-bestand is uitgepakt te groot. Splits het op of gebruik CSV.")
        totals = {"rows": 0, "shared_strings": 0}
        for info in entries:
            if info.is_dir():
                continue
            scanner = _PartScanner(totals, coordinate_to_tuple)
            try:
                with archive.open(info) as part:
                    while chunk := part.read(CHUNK):
                        if not scanner.feed(chunk):
                            break
                    else:
                        scanner.feed(b"", final=True)
            except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, RuntimeError):
                _refuse("Het Excel-bestand is niet te lezen.")


def read_xlsx(raw: bytes, *, max_rows: int = MAX_ROWS) -> list[list[str]]:
    """The first worksheet's rows as text, after `check_xlsx`; streamed, never padded to a declared size."""
    check_xlsx(raw)
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError, IndexError, ParseError, expat.ExpatError):
        _refuse("Het Excel-bestand is niet te lezen.")
    try:
        if not workbook.worksheets:
            _refuse("Het Excel-bestand heeft geen werkblad.")
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # rows as they are in the file, not padded to the declared size
        rows: list[list[str]] = []
        try:
            for values in sheet.iter_rows(values_only=True):
                row = [_text(v) for v in values]
                _check_row(row, len(rows) + 1, max_rows)
                rows.append(row)
        except (KeyError, ValueError, TypeError, IndexError, ParseError, expat.ExpatError, zipfile.BadZipFile, OSError):
            _refuse("Het Excel-bestand is niet te lezen.")
    finally:
        workbook.close()
    return rows


def read_table(raw: bytes, kind: str, *, max_rows: int = MAX_ROWS) -> list[list[str]]:
    """All non-empty rows as lists of stripped text; the first row is usually the header."""
    rows = read_xlsx(raw, max_rows=max_rows) if kind == "xlsx" else read_csv(raw, max_rows=max_rows)
    rows = [row for row in rows if any(cell for cell in row)]
    if not rows:
        _refuse("Het bestand bevat geen rijen.")
    return rows
