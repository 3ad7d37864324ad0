"""Export helpers: formula injection neutralised, CSV as Excel in the Netherlands reads it."""

import datetime
import io

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


def _pupils(world, n: int) -> None:
    """`n` pupils of school A living in municipality A, each with a sent application to mbo A,
    some with a final form and some with an Elders destination (every column has a value)."""
    from django.utils import timezone

    from doorstroom.models import Doorstroomformulier
    from leerlingen.models import Elders
    from tests import factories as f

    for i in range(n):
        leerling = f.LeerlingFactory(school=world["school_a"], schooljaar=world["schooljaar"], mentor=world["mentor"])
        f.AanmeldingFactory(leerling=leerling, opleiding=world["opleiding_a"], keuze=1)
        if i % 3 == 0:
            Doorstroomformulier.objects.create(leerling=leerling, status="definitief", definitief_op=timezone.now())
        if i % 4 == 0:
            Elders.objects.create(leerling=leerling, soort="havo")


EXPORTS = [("decaan", "leerlingen:export"), ("intaker", "mbo:werklijst_export"), ("consulent", "rmc:overzicht_export")]


@pytest.mark.parametrize(("role", "url"), EXPORTS)
@pytest.mark.parametrize("formaat", ["csv", "xlsx"])
def test_export_query_count_does_not_grow_with_rows(world, client, django_assert_max_num_queries, role, url, formaat):
    """The same number of queries at 3 and at 60 rows; every row is in the body and in the read log."""
    from django.urls import reverse

    from leerlingen.models import Raadpleging

    client.force_login(world[role])
    for rows, more in ((3, 2), (60, 57)):
        _pupils(world, more)  # the world's own pupil is the first row
        before = Raadpleging.objects.filter(actie="export").count()
        with django_assert_max_num_queries(12):
            response = client.get(reverse(url), {"formaat": formaat})
            body = response.getvalue()  # the body is read (streamed) inside the count
        assert response.status_code == 200 and response.streaming
        assert Raadpleging.objects.filter(actie="export").count() - before == rows
        if formaat == "csv":
            assert body.decode("utf-8-sig").count("\r\n") == rows + 1  # a header and a line per pupil
        else:
            from openpyxl import load_workbook

            assert load_workbook(io.BytesIO(body)).active.max_row == rows + 1


def test_a_plain_table_downloads_as_csv_and_xlsx_with_formulas_neutralised():
    from voroc.exports import tabel_response

    rijen = [["=SUM(A1)", 3], ["School", 0]]
    csv = tabel_response(formaat="csv", naam="t", koppen=["Naam", "Aantal"], rijen=rijen)
    body = b"".join(csv.streaming_content).decode("utf-8-sig")
    assert body.splitlines()[:2] == ["Naam;Aantal", "'=SUM(A1);3"]
    assert csv["Content-Disposition"] == 'attachment; filename="t.csv"' and csv["Cache-Control"] == "no-store"
    xlsx = tabel_response(formaat="xlsx", naam="t", koppen=["Naam", "Aantal"], rijen=rijen)
    import io

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    assert list(sheet.iter_rows(values_only=True))[1] == ("'=SUM(A1)", 3)
