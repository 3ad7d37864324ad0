"""The streaming XLSX writer: what it writes reads back as the same values, in pieces."""

import datetime
import io
import zipfile

import pytest
from openpyxl import load_workbook

from voroc.xlsx import sheet_title, xlsx_stream


def _read(pieces) -> list[list]:
    workbook = load_workbook(io.BytesIO(b"".join(pieces)), read_only=True)
    return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]


def test_values_read_back_as_written():
    rows = [
        ["Jansen", 42, 1.5, datetime.date(2010, 5, 17), None, True],
        ["'=1+1", 0, -3.25, datetime.datetime(2027, 4, 1, 9, 30), "", False],
    ]
    read = _read(xlsx_stream(["Naam", "Getal", "Komma", "Datum", "Leeg", "Ja/nee"], rows, title="Leerlingen"))
    assert read[0] == ["Naam", "Getal", "Komma", "Datum", "Leeg", "Ja/nee"]
    assert read[1] == ["Jansen", 42, 1.5, datetime.datetime(2010, 5, 17), None, True]
    assert read[2] == ["'=1+1", 0, -3.25, datetime.datetime(2027, 4, 1), None, False]


def test_a_numbered_choice_is_written_as_its_number():
    from django.db.models import IntegerChoices

    class Code(IntegerChoices):
        ONTVANGEN = 1, "ontvangen"

    assert _read(xlsx_stream(["code"], [[Code.ONTVANGEN]]))[1] == [1]


def test_markup_and_characters_xml_does_not_allow_are_safe():
    read = _read(xlsx_stream(["a"], [['<b>&"x"</b>'], ["bel\x07 nul\x00 ok"], ["  spaties  "], ["één – ß"]]))
    assert [row[0] for row in read[1:]] == ['<b>&"x"</b>', "bel nul ok", "  spaties  ", "één – ß"]


def test_rows_leave_in_pieces_while_they_come():
    """The download starts before the last row is read: memory stays flat for any length."""
    consumed = []

    def rows():
        for i in range(2000):
            consumed.append(i)
            yield [f"rij {i}", i]

    stream = xlsx_stream(["tekst", "getal"], rows())
    pieces = [next(stream), next(stream)]  # the package parts, then the first rows
    assert len(consumed) < 2000
    pieces.extend(stream)
    assert len(consumed) == 2000
    read = _read(pieces)
    assert len(read) == 2001 and read[-1] == ["rij 1999", 1999]
    assert zipfile.ZipFile(io.BytesIO(b"".join(pieces))).testzip() is None


@pytest.mark.parametrize(
    ("title", "expected"),
    [("Leerlingen", "Leerlingen"), ("a/b:c*?[d]", "a b c   d"), ("x" * 40, "x" * 31), ("[]", "Blad1")],
)
def test_sheet_titles_excel_accepts(title, expected):
    assert sheet_title(title) == expected
