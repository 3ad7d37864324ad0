"""The pupil list: search, filters with counts, sorting, pagination, scope, export, query count."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from doorstroom.models import Doorstroomformulier
from leerlingen.models import Elders, Leerling, Raadpleging
from tests import factories as f


@pytest.fixture
def klas(world):
    """Pupils of school A in two classes with different states."""
    s = world["school_a"]
    pupils = {
        "visser": f.LeerlingFactory(school=s, klas="4B", leerweg="TL", achternaam="Visser", risico=True),
        "bakker": f.LeerlingFactory(school=s, klas="4B", leerweg="BB", achternaam="Bakker", diploma_resultaat="gezakt"),
        "smit": f.LeerlingFactory(school=s, klas="4C", leerweg="BB", achternaam="Smit", mentor=world["mentor"]),
    }
    Doorstroomformulier.objects.create(leerling=pupils["visser"], status="definitief", definitief_op=timezone.now())
    Elders.objects.create(leerling=pupils["bakker"], soort="havo")
    f.AanmeldingFactory(leerling=pupils["smit"], opleiding=world["opleiding_a"], status="geplaatst")
    return pupils


def _names(response):
    return {leerling.achternaam for leerling in response.context["page"]}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"klas": "4B"}, {"Visser", "Bakker"}),
        ({"leerweg": "BB"}, {"Bakker", "Smit"}),
        ({"risico": "ja"}, {"Visser"}),
        ({"diploma": "gezakt"}, {"Bakker"}),
        ({"elders": "ja"}, {"Bakker"}),
        ({"elders": "havo"}, {"Bakker"}),
        ({"formulier": "definitief"}, {"Visser"}),
        ({"aanmelding": "geplaatst"}, {"Smit"}),
        ({"klas": "4B", "aanmelding": "geen"}, {"Visser", "Bakker"}),
        ({"q": "viss"}, {"Visser"}),
        ({"klas": "4B", "leerweg": "TL", "risico": "ja"}, {"Visser"}),
    ],
)
def test_filters(world, client, klas, params, expected):
    client.force_login(world["decaan"])
    response = client.get(reverse("leerlingen:list"), params)
    assert response.status_code == 200
    assert _names(response) == expected


def test_search_by_leerlingnummer_and_mentor_filter(world, client, klas):
    client.force_login(world["decaan"])
    response = client.get(reverse("leerlingen:list"), {"q": klas["smit"].leerlingnummer})
    assert _names(response) == {"Smit"}
    response = client.get(reverse("leerlingen:list"), {"mentor": world["mentor"].pk})
    assert _names(response) == {"Smit", world["leerling_a"].achternaam}
    response = client.get(reverse("leerlingen:list"), {"mentor": "geen", "klas": "4B"})
    assert _names(response) == {"Visser", "Bakker"}


def test_counts_per_filter_option(world, client, klas):
    client.force_login(world["decaan"])
    body = client.get(reverse("leerlingen:list"), {"leerweg": "BB"}).content.decode()
    # Class counts follow the other filters (BB only), the leerweg counts ignore their own filter.
    assert ">4B (1)<" in body and ">4C (1)<" in body
    assert "vmbo basisberoepsgerichte leerweg (2)" in body and "vmbo theoretische leerweg (1)" in body
    assert "nog geen aanmelding (1)" in body


def test_bad_filter_values_are_ignored_with_a_message(world, client, klas):
    client.force_login(world["decaan"])
    response = client.get(reverse("leerlingen:list"), {"leerweg": "XX", "mentor": "abc", "sort": "bsn"})
    assert response.status_code == 200
    assert len(response.context["page"]) == 4
    assert "Selecteer een geldige keuze" in response.content.decode()


def test_sorting_and_pagination_keep_the_filters(world, client, klas, monkeypatch):
    monkeypatch.setattr("leerlingen.views.PAGE_SIZE", 1)
    client.force_login(world["decaan"])
    response = client.get(reverse("leerlingen:list"), {"leerweg": "BB", "sort": "-naam"})
    assert [leerling.achternaam for leerling in response.context["page"]] == ["Smit"]
    body = response.content.decode()
    assert "leerweg=BB&amp;sort=-naam&amp;page=2" in body
    assert 'aria-sort="descending"' in body
    response = client.get(reverse("leerlingen:list"), {"leerweg": "BB", "sort": "-naam", "page": 2})
    assert [leerling.achternaam for leerling in response.context["page"]] == ["Bakker"]


def test_mentor_sees_only_own_pupils(world, client, klas):
    client.force_login(world["mentor"])
    response = client.get(reverse("leerlingen:list"))
    assert _names(response) == {"Smit", world["leerling_a"].achternaam}
    assert "4B" not in response.content.decode()  # no counts of other pupils leak either


@pytest.mark.parametrize("role", ["intaker", "consulent"])
def test_list_keeps_working_for_mbo_and_municipality(world, client, klas, role):
    client.force_login(world[role])
    response = client.get(reverse("leerlingen:list"), {"aanmelding": "geplaatst"})
    assert response.status_code == 200
    expected = {"Smit"}
    assert _names(response) == expected
    assert world["leerling_b"].achternaam not in response.content.decode()


def test_htmx_returns_rows_and_refreshed_counts(world, client, klas):
    client.force_login(world["decaan"])
    body = client.get(reverse("leerlingen:list"), {"klas": "4C"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in body and 'hx-swap-oob="true"' in body and "Smit" in body and "Visser" not in body


def test_csv_export_of_the_filtered_list(world, client, klas):
    klas["visser"].voornaam = '=HYPERLINK("http://x")'
    klas["visser"].save()
    client.force_login(world["decaan"])
    before = Raadpleging.objects.filter(actie="export").count()
    response = client.get(reverse("leerlingen:export"), {"klas": "4B", "formaat": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"] and response["Cache-Control"].startswith("no-store")
    # The read log is written before the first byte of the (streamed) body leaves.
    assert response.streaming and Raadpleging.objects.filter(actie="export").count() == before + 2
    body = response.getvalue().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body), delimiter=";"))
    assert rows[0][0] == "Leerlingnummer" and len(rows) == 3
    visser = next(r for r in rows if r[1] == "Visser")
    assert visser[3].startswith("'=HYPERLINK")
    assert klas["visser"].bsn not in body and klas["visser"].bsn[-3:] in body
    assert Raadpleging.objects.filter(actie="export").count() == before + 2


def test_xlsx_export_is_scoped_and_neutralised(world, client, klas):
    from openpyxl import load_workbook

    klas["smit"].achternaam = "+31 6 smit"
    klas["smit"].save()
    client.force_login(world["mentor"])
    response = client.get(reverse("leerlingen:export"), {"formaat": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert len(values) == 3  # header + the mentor's two pupils
    assert "'+31 6 smit" in [row[1] for row in values]
    assert not any(world["leerling_b"].achternaam == row[1] for row in values)


def test_list_query_count_is_fixed_at_2000_pupils(world, client, django_assert_max_num_queries):
    client.force_login(world["decaan"])
    url = reverse("leerlingen:list")
    params = {"klas": "4A", "sort": "-klas"}
    with django_assert_max_num_queries(30) as few:
        client.get(url, params)
    mentors = [f.user_with_role("mentor", world["school_a"]) for _ in range(5)]
    template = world["leerling_a"]
    Leerling.objects.bulk_create(
        [
            Leerling(
                schooljaar=template.schooljaar,
                school=template.school,
                woongemeente=template.woongemeente,
                leerlingnummer=f"X{i}",
                klas=f"4{'ABCDE'[i % 5]}",
                leerweg="KB",
                voornaam="V",
                achternaam=f"A{i}",
                geboortedatum=template.geboortedatum,
                bsn=template.bsn,
                mentor=mentors[i % 5],
            )
            for i in range(2000)
        ]
    )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url, params)
    assert response.context["page"].paginator.count == 401
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_mentor_assignment_list_filters_sorts_and_pages(world, client, klas, monkeypatch):
    """The mentor assignment on the lists kit: class and mentor filters, search, both sort
    directions, an unknown sort key ignored, page links that keep the filters."""
    from tests.lists import check_paging_keeps_filters, check_sort, check_unknown_sort, small_pages

    client.force_login(world["decaan"])
    url = reverse("leerlingen:mentor_toewijzen")
    assert _names(client.get(url, {"klas": "4B"})) == {"Visser", "Bakker"}
    assert _names(client.get(url, {"mentor": "geen", "klas": "4C"})) == set()
    assert _names(client.get(url, {"mentor": "met"})) == {"Smit", world["leerling_a"].achternaam}
    assert _names(client.get(url, {"q": "Visser"})) == {"Visser"}
    assert client.get(url, {"klas": "<script>"}).status_code == 200  # not a class of the list: ignored
    check_sort(client, url, "naam", "achternaam", params={"klas": "4B"}, expected=["Bakker", "Visser"])
    check_sort(client, url, "klas", "pk")
    check_unknown_sort(client, url)
    f.LeerlingFactory(school=world["school_a"], klas="4C", achternaam="Jansen")
    small_pages(monkeypatch)
    check_paging_keeps_filters(client, url, {"mentor": "geen", "sort": "naam"})
