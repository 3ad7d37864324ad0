"""The bounded table reader (voroc/tabular.py): hostile uploads are refused before parsing, with
flat memory; ordinary CSV and XLSX files read as before.

The bombs come from tests/bombs.py; bench/xlsx_bombs.py prints their time and memory (and, with
--unbounded, how the reader before the bounds fared: 21 s and 2.6 GB for the declared dimension).
Planted-bug check: without `check_xlsx(raw)` in `read_xlsx` the 300 MB shared string and the
sheet of spaces reach openpyxl and the memory assertions fail (630 MB and 420 MB).
"""

import time
import tracemalloc

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from leerlingen.models import Leerlingimport
from tests import bombs
from voroc import tabular
from voroc.errors import DomainError

MB = 1024 * 1024


@pytest.fixture(scope="module")
def built():
    """Each bomb built once (the 300 MB string takes a few seconds to compress)."""
    return {name: (build(), kind) for name, (build, kind) in bombs.BOMBS.items()}


def _refusal(raw: bytes, kind: str) -> tuple[str, float, float]:
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(DomainError) as refused:
            tabular.read_table(raw, kind)
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return refused.value.message, elapsed, peak


@pytest.mark.parametrize("name", bombs.BOMBS)
def test_every_bomb_is_refused_quickly_with_flat_memory(built, name):
    raw, kind = built[name]
    message, elapsed, peak = _refusal(raw, kind)
    assert message  # a Dutch sentence for the form
    assert peak < 50 * MB, f"{name}: {peak / MB:.0f} MB while refusing"
    assert elapsed < 5, f"{name}: {elapsed:.1f} s"  # in practice milliseconds (bench/xlsx_bombs.py)


@pytest.mark.parametrize("name", ["declared_dimension", "wide_rows", "huge_shared_string", "csv_wide"])
def test_the_pupil_import_refuses_a_bomb_and_saves_nothing(world, client, built, name):
    raw, kind = built[name]
    client.force_login(world["decaan"])
    tracemalloc.start()
    try:
        response = client.post(
            reverse("leerlingen:import_start"), {"bestand": SimpleUploadedFile(f"export.{kind}", raw)}
        )
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert response.status_code == 400
    assert (
        "Het werkblad" in response.content.decode()
        or "Het Excel-bestand" in response.content.decode()
        or ("kolommen" in response.content.decode())
    )
    assert not Leerlingimport.objects.exists()
    assert peak < 50 * MB + len(raw) * 4  # the upload itself is in memory a few times


def test_the_diploma_import_refuses_a_bomb(world, client, built):
    raw, _ = built["declared_dimension"]
    client.force_login(world["decaan"])
    response = client.post(
        reverse("leerlingen:diploma_import"),
        {"school": world["school_a"].pk, "bestand": SimpleUploadedFile("diploma.xlsx", raw)},
    )
    assert "Het werkblad is volgens het bestand A1:XFD1048576 groot" in response.content.decode()


def test_the_mbo_import_reads_through_the_bounded_reader(built):
    from aanmelding.services_mbo import lees_csv

    with pytest.raises(DomainError, match="meer dan 200 kolommen"):
        lees_csv(built["csv_wide"][0])
    with pytest.raises(DomainError, match="cel van meer dan"):
        lees_csv(b"crebo;naam\n25187;" + b"x" * 3000 + b"\n")
    assert lees_csv("Crebo;Naam\n25187;Kok\n\n25188;Bakker") == [
        {"crebo": "25187", "naam": "Kok"},
        {"crebo": "25188", "naam": "Bakker"},
    ]


# --- Ordinary files still read --------------------------------------------------------------------


def test_an_ordinary_workbook_reads_with_dates_and_numbers():
    import datetime

    raw = bombs.workbook(
        [("Leerlingnummer", "Geboortedatum", "Achternaam"), (1001, datetime.date(2011, 3, 4), "Jansen")]
    )
    assert tabular.read_table(raw, "xlsx") == [
        ["Leerlingnummer", "Geboortedatum", "Achternaam"],
        ["1001", "2011-03-04", "Jansen"],
    ]


def test_a_workbook_at_the_limits_reads():
    rows = [[f"k{c}" for c in range(tabular.MAX_COLUMNS)]] + [["x" * tabular.MAX_CELL_CHARS] + ["1"] * 9] * 3
    assert len(tabular.read_table(bombs.workbook(rows), "xlsx")[0]) == tabular.MAX_COLUMNS


def test_one_column_too_many_is_refused():
    with pytest.raises(DomainError, match="kolommen"):
        tabular.read_table(bombs.workbook([["k"] * (tabular.MAX_COLUMNS + 1)]), "xlsx")


def test_rows_over_the_cap_are_refused(settings):
    rows = "\n".join(f"{n};naam" for n in range(tabular.MAX_ROWS + 1))
    with pytest.raises(DomainError, match="meer dan 20000 rijen"):
        tabular.read_table(("nummer;naam\n" + rows).encode(), "csv")


def test_csv_in_windows_encoding_still_reads():
    assert tabular.read_table("naam;plaats\nRenée;'s-Gravenhage\n".encode("cp1252"), "csv")[1] == [
        "Renée",
        "'s-Gravenhage",
    ]


def test_an_oversized_upload_is_dropped_while_it_streams_in(world, client, settings):
    settings.VOROC_UPLOAD_MAX_BYTES = 4096
    client.force_login(world["decaan"])
    response = client.post(
        reverse("leerlingen:import_start"), {"bestand": SimpleUploadedFile("export.csv", b"a;b\n" * 2000)}
    )
    assert response.status_code == 400
    assert "Het bestand is te groot (maximaal 4 kB)" in response.content.decode()
    assert not response.wsgi_request.FILES  # dropped by voroc.uploads while it came in, never stored
    assert not Leerlingimport.objects.exists()


@pytest.mark.parametrize(
    "sheet",
    [
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">'
        b'<c r="A1" t="inlineStr"><is><t>kop</t></is></c></row><row r="2"><c r="A2"><v>1</v></c></row><oops',
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        b'<row r="x"><c r="A1"><v>1</v></c></row></sheetData></worksheet>',
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        b'<row r="1"><c r="1"><v>1</v></c></row></sheetData></worksheet>',
    ],
    ids=["broken_xml", "bad_row_number", "bad_cell_reference"],
)
def test_a_broken_sheet_is_unreadable_not_a_server_error(sheet):
    with pytest.raises(DomainError, match="niet te lezen"):
        tabular.read_table(bombs._replace(bombs.workbook(), {bombs.SHEET: sheet}), "xlsx")
