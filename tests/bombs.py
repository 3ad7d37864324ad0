"""Hostile uploads, each a few kB to 1 MB: what an attacker with an import page would send.

Used by tests/core/test_tabular.py (each must be refused) and bench/xlsx_bombs.py (time and memory of
the refusal). Every workbook starts from a real one written by openpyxl; only the part under
attack is replaced, so without the bounds openpyxl would read it.
"""

import io
import struct
import zipfile

SHEET = "xl/worksheets/sheet1.xml"
SHARED = "xl/sharedStrings.xml"
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def workbook(rows=(("Leerlingnummer", "Achternaam"), ("1001", "Jansen"))) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    for row in rows:
        wb.active.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _replace(raw: bytes, parts: dict[str, bytes], *, compresslevel: int = 9) -> bytes:
    """The workbook `raw` with `parts` replaced or added (deflated at `compresslevel`)."""
    source = zipfile.ZipFile(io.BytesIO(raw))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel) as target:
        for info in source.infolist():
            if info.filename not in parts:
                target.writestr(info.filename, source.read(info.filename))
        for name, data in parts.items():
            target.writestr(name, data)
    return out.getvalue()


def _with_shared_strings(raw: bytes, shared: bytes, sheet: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(raw))
    types = source.read("[Content_Types].xml")
    if b"sharedStrings" not in types:
        types = types.replace(
            b"</Types>",
            b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
            b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        )
    rels = source.read("xl/_rels/workbook.xml.rels")
    if b"sharedStrings" not in rels:
        rels = rels.replace(
            b"</Relationships>",
            b'<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            b'sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        )
    return _replace(
        raw, {"[Content_Types].xml": types, "xl/_rels/workbook.xml.rels": rels, SHARED: shared, SHEET: sheet}
    )


def declared_dimension() -> bytes:
    """A few kB declaring A1:XFD1048576 with a cell in the first and the last row: openpyxl yields
    every row in between, each padded to the declared 16,384 columns."""
    sheet = (
        f'<worksheet {NS}><dimension ref="A1:XFD1048576"/><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Leerlingnummer</t></is></c></row>'
        '<row r="1048576"><c r="A1048576"><v>1</v></c></row>'
        "</sheetData></worksheet>"
    ).encode()
    return _replace(workbook(), {SHEET: sheet})


def wide_rows() -> bytes:
    """No dimension at all, 20,000 rows with one cell each in column XFD: 327 million padded cells."""
    rows = "".join(f'<row r="{n}"><c r="XFD{n}"><v>1</v></c></row>' for n in range(1, 20_001))
    sheet = f"<worksheet {NS}><sheetData>{rows}</sheetData></worksheet>".encode()
    return _replace(workbook(), {SHEET: sheet})


def far_row() -> bytes:
    """One row numbered a billion: openpyxl yields every empty row before it."""
    sheet = (
        f'<worksheet {NS}><sheetData><row r="1000000000"><c r="A1000000000"><v>1</v></c></row></sheetData></worksheet>'
    )
    return _replace(workbook(), {SHEET: sheet.encode()})


def huge_shared_string(size: int = 300 * 1024 * 1024) -> bytes:
    """One shared string of 300 MB (about 300 kB compressed): openpyxl holds it all at load."""
    shared = b"<sst " + NS.encode() + b' count="1" uniqueCount="1"><si><t>' + b"A" * size + b"</t></si></sst>"
    sheet = f'<worksheet {NS}><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>'
    return _with_shared_strings(workbook(), shared, sheet.encode())


def entity_expansion() -> bytes:
    """'Billion laughs': nested entities in the shared strings."""
    entities = '<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">' + "".join(
        f'<!ENTITY {x} "{("&" + p + ";") * 10}">' for p, x in zip("bcdefgh", "cdefghi", strict=True)
    )
    shared = (
        f'<?xml version="1.0"?><!DOCTYPE sst [{entities}]><sst {NS} count="1" uniqueCount="1"><si><t>&i;</t></si></sst>'
    )
    sheet = f'<worksheet {NS}><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>'
    return _with_shared_strings(workbook(), shared.encode(), sheet.encode())


def whitespace_sheet(size: int = 200 * 1024 * 1024) -> bytes:
    """A sheet of 200 MB (mostly spaces) in 200 kB: a parser's time for nothing."""
    sheet = f"<worksheet {NS}><sheetData>".encode() + b" " * size + b"</sheetData></worksheet>"
    return _replace(workbook(), {SHEET: sheet})


def lying_sizes() -> bytes:
    """The central directory claims 1 kB for a sheet that inflates to 50 MB."""
    raw = whitespace_sheet(50 * 1024 * 1024)
    out = bytearray(raw)
    offset = raw.find(b"PK\x01\x02")  # central directory entries
    while offset != -1:
        name_length = struct.unpack("<H", raw[offset + 28 : offset + 30])[0]
        if raw[offset + 46 : offset + 46 + name_length].decode() == SHEET:
            out[offset + 24 : offset + 28] = struct.pack("<I", 1024)  # its uncompressed size
        offset = raw.find(b"PK\x01\x02", offset + 4)
    return bytes(out)


def many_parts() -> bytes:
    """Thousands of tiny parts."""
    return _replace(workbook(), {f"xl/media/x{n}.bin": b"x" for n in range(5_000)}, compresslevel=1)


def long_cell() -> bytes:
    """One inline cell of 1 MB of text that does not compress much (within every size limit)."""
    import random

    text = "".join(random.Random(0).choices("abcdefghijklmnopqrstuvwxyz ", k=1024 * 1024))
    sheet = (
        f'<worksheet {NS}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'
        + text
        + "</t></is></c></row></sheetData></worksheet>"
    )
    return _replace(workbook(), {SHEET: sheet.encode()})


def csv_wide() -> bytes:
    """One CSV line of 5 million separators: a row of 5 million cells."""
    return b"Leerlingnummer;Achternaam\n" + b";" * 5_000_000 + b"\n"


def csv_long_cell() -> bytes:
    return b"Leerlingnummer;Achternaam\n1001;" + b"C" * 5_000_000 + b"\n"


XLSX = {
    "declared_dimension": declared_dimension,
    "wide_rows": wide_rows,
    "far_row": far_row,
    "huge_shared_string": huge_shared_string,
    "entity_expansion": entity_expansion,
    "whitespace_sheet": whitespace_sheet,
    "lying_sizes": lying_sizes,
    "many_parts": many_parts,
    "long_cell": long_cell,
}
CSV = {"csv_wide": csv_wide, "csv_long_cell": csv_long_cell}
BOMBS = {**{k: (v, "xlsx") for k, v in XLSX.items()}, **{k: (v, "csv") for k, v in CSV.items()}}
