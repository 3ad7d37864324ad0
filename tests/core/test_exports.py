"""Export helpers: formula injection neutralised, CSV as Excel in the Netherlands reads it."""

import datetime

import pytest

from voroc.exports import csv_bytes, neutralise


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+31612345678", "'+31612345678"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("Jansen", "Jansen"),
        (42, 42),
        (datetime.date(2010, 5, 17), datetime.date(2010, 5, 17)),
        (None, ""),
        (True, "ja"),
    ],
)
def test_neutralise(value, expected):
    assert neutralise(value) == expected


def test_csv_is_semicolon_separated_with_bom():
    data = csv_bytes(["a", "b"], [["=x", datetime.date(2010, 1, 2)]])
    assert data.startswith("\ufeff".encode()) and b"a;b\r\n'=x;2010-01-02\r\n" in data
