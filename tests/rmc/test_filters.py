"""The municipality's lists and "mijn meldingen" (rmc/filters.py): search, filters, sort both
ways, an unknown sort key, paging that keeps the filters, scope and a fixed query count."""

import datetime

import pytest
from django.urls import reverse

from leerlingen.models import Elders, EldersSoort, Leerling, Raadpleging
from rmc import selectors
from rmc.filters import MeldingFilterSet, OverzichtFilterSet
from rmc.models import Melding, Verhuizing
from rmc.services import melding_create_risico
from tests import factories as f
from tests.lists import check_paging_keeps_filters, check_sort, check_tenfold, check_unknown_sort, rows, small_pages

pytestmark = pytest.mark.django_db
OVERZICHT = reverse("rmc:overzicht")
ZONDER = reverse("rmc:zonder_bestemming")
MELDINGEN = reverse("rmc:meldingen")
MIJN = reverse("rmc:mijn_meldingen")
VERHUIZINGEN = reverse("rmc:verhuizingen")


def _leerling(world, **kwargs):
    return f.LeerlingFactory(school=world["school_a"], schooljaar=world["schooljaar"], **kwargs)


def _melding(world, naam, **kwargs):
    leerling = _leerling(world, achternaam=naam, **kwargs)
    return melding_create_risico(leerling=leerling, user=world["decaan"], reden="Verzuim")


# --- overview ---------------------------------------------------------------------------------


def test_overview_filters_and_search(world, client):
    client.force_login(world["consulent"])
    bb = _leerling(world, leerweg="BB", achternaam="Zwanenburg", risico=True)
    assert rows(client.get(OVERZICHT, {"q": "zwanen"})) == [bb.pk]
    assert rows(client.get(OVERZICHT, {"leerweg": "BB"})) == [bb.pk]
    assert rows(client.get(OVERZICHT, {"risico": "1"})) == [bb.pk]
    assert rows(client.get(OVERZICHT, {"toestand": "aangemeld"})) == [world["leerling_a"].pk]
    # Neither has a placement or an Elders destination; with one, a pupil leaves the list.
    assert set(rows(client.get(ZONDER))) == {bb.pk, world["leerling_a"].pk}
    Elders.objects.create(leerling=bb, soort=EldersSoort.choices[0][0])
    assert rows(client.get(ZONDER, {"risico": "1"})) == []


def test_overview_ignores_bad_values(world):
    """What the query-string dataclass did before: a malformed value is left out, the rest stays."""
    from django.http import QueryDict

    scope = selectors.met_toestand(
        selectors.gemeente_leerlingen(user=world["consulent"], schooljaar=world["schooljaar"])
    )
    fs = OverzichtFilterSet(
        QueryDict("toestand=x&school=abc&leerweg=ZZ&elders=maan&diploma=?&risico=1"),
        queryset=scope,
        scholen=selectors.overzicht_scholen(user=world["consulent"], schooljaar=world["schooljaar"]),
    )
    f_ = fs.overzicht_filters()
    assert (f_.toestand, f_.school, f_.leerweg, f_.elders, f_.diploma, f_.risico) == ("", None, "", "", "", True)


def test_overview_sort_both_ways_and_unknown_key(world, client):
    client.force_login(world["consulent"])
    _leerling(world, achternaam="Aalders", leerweg="BB")
    _leerling(world, achternaam="Zeeman", leerweg="TL")
    names = sorted(Leerling.objects.filter(woongemeente=world["gem_a"]).values_list("achternaam", flat=True))
    check_sort(client, OVERZICHT, "naam", "achternaam", expected=names)
    check_sort(client, OVERZICHT, "leerweg", "pk")
    check_sort(client, ZONDER, "naam", "achternaam")
    check_unknown_sort(client, OVERZICHT)


def test_overview_paging_keeps_filters(world, client, monkeypatch):
    small_pages(monkeypatch)
    client.force_login(world["consulent"])
    for n in range(3):
        _leerling(world, leerweg="BB", achternaam=f"Bb{n}")
    _first, second = check_paging_keeps_filters(client, OVERZICHT, {"leerweg": "BB", "sort": "-naam"})
    assert [leerling.achternaam for leerling in second.context["lijst"].page] == ["Bb0"]
    export = client.get(reverse("rmc:overzicht_export"), {"leerweg": "BB", "formaat": "csv"})
    body = b"".join(export.streaming_content) if export.streaming else export.content
    assert export.status_code == 200 and b"Bb2" in body and b"Bb0" in body


def test_overview_filters_never_reach_another_municipality(world, client):
    client.force_login(world["consulent"])
    elders_wonend = f.LeerlingFactory(
        school=world["school_a"], woongemeente=world["gem_b"], schooljaar=world["schooljaar"]
    )
    for params in ({"school": world["school_a"].pk}, {"q": elders_wonend.achternaam}, {"school": world["school_b"].pk}):
        assert elders_wonend.pk not in rows(client.get(OVERZICHT, params))
        assert world["leerling_b"].pk not in rows(client.get(OVERZICHT, params))


@pytest.mark.parametrize("n", [1, 20])
def test_overview_query_count_does_not_grow(world, client, django_assert_max_num_queries, n):
    for i in range(n):
        leerling = _leerling(world, achternaam=f"Veel{i}")
        f.AanmeldingFactory(leerling=leerling, opleiding=world["opleiding_a"])
    client.force_login(world["consulent"])
    client.get(OVERZICHT)
    with django_assert_max_num_queries(20):
        assert client.get(OVERZICHT, {"q": "Veel", "sort": "-school", "leerweg": "KB"}).status_code == 200


# --- meldingen --------------------------------------------------------------------------------


def test_inbox_filters_search_and_default_open(world, client, risico, noshow):
    client.force_login(world["consulent"])
    assert set(rows(client.get(MELDINGEN))) == {risico.pk, noshow.pk}
    assert rows(client.get(MELDINGEN, {"soort": "niet_verschenen"})) == [noshow.pk]
    Melding.objects.filter(pk=risico.pk).update(status="afgesloten", resultaat="werk", uitkomst="Aan het werk")
    assert rows(client.get(MELDINGEN)) == [noshow.pk]  # closed ones only on request
    assert rows(client.get(MELDINGEN, {"status": "afgesloten"})) == [risico.pk]
    assert set(rows(client.get(MELDINGEN, {"status": "alle", "q": world["leerling_a"].achternaam}))) == {
        risico.pk,
        noshow.pk,
    }


def test_inbox_sort_both_ways_and_unknown_key(world, client):
    client.force_login(world["consulent"])
    _melding(world, "Aap")
    _melding(world, "Zebra")
    check_sort(client, MELDINGEN, "leerling", "pk")
    assert [m.leerling.achternaam for m in client.get(MELDINGEN, {"sort": "leerling"}).context["lijst"].page] == [
        "Aap",
        "Zebra",
    ]
    check_sort(client, MELDINGEN, "ontvangen", "pk")
    check_unknown_sort(client, MELDINGEN)


def test_inbox_paging_keeps_filters(world, client, monkeypatch):
    small_pages(monkeypatch)
    client.force_login(world["consulent"])
    for n in range(3):
        _melding(world, f"Pagina{n}")
    check_paging_keeps_filters(client, MELDINGEN, {"soort": "risico", "sort": "leerling"})


def test_inbox_filters_never_show_another_municipalitys_meldingen(world, client):
    melding_create_risico(leerling=world["leerling_b"], user=world["decaan_b"], reden="Verzuim")
    client.force_login(world["consulent"])
    for params in ({"status": "alle"}, {"soort": "risico"}, {"q": world["leerling_b"].achternaam}, {}):
        assert rows(client.get(MELDINGEN, params)) == []
    scope = selectors.meldingen_inbox(user=world["consulent"], filters=selectors.MeldingFilters(status="alle"))
    assert not MeldingFilterSet({"status": "alle"}, queryset=scope, user=world["consulent"]).qs.exists()


@pytest.mark.parametrize("n", [1, 20])
def test_inbox_query_count_does_not_grow(world, client, django_assert_max_num_queries, n):
    for i in range(n):
        _melding(world, f"Veel{i}")
    client.force_login(world["consulent"])
    client.get(MELDINGEN)
    with django_assert_max_num_queries(16):
        assert client.get(MELDINGEN, {"q": "Veel", "sort": "-status", "soort": "risico"}).status_code == 200


# --- mijn meldingen ---------------------------------------------------------------------------


def test_mijn_meldingen_filters_sort_paging(world, client, monkeypatch, risico):
    client.force_login(world["decaan"])
    _melding(world, "Aap")
    _melding(world, "Zebra")
    assert len(rows(client.get(MIJN, {"q": "Zebra"}))) == 1
    assert rows(client.get(MIJN, {"status": "afgesloten"})) == []
    check_sort(client, MIJN, "leerling", "pk")
    check_sort(client, MIJN, "gemeld", "pk")
    check_unknown_sort(client, MIJN)
    small_pages(monkeypatch)
    check_paging_keeps_filters(client, MIJN, {"soort": "risico", "sort": "-leerling"})


def test_mijn_meldingen_never_shows_another_schools(world, client, risico):
    melding_create_risico(leerling=world["leerling_b"], user=world["decaan_b"], reden="Verzuim")
    client.force_login(world["decaan"])
    for params in ({"soort": "risico"}, {"q": world["leerling_b"].achternaam}, {"status": "open"}):
        assert world["leerling_b"].pk not in [m.leerling_id for m in client.get(MIJN, params).context["lijst"].page]


@pytest.mark.parametrize("n", [1, 20])
def test_mijn_meldingen_query_count_does_not_grow(world, client, django_assert_max_num_queries, n):
    for i in range(n):
        _melding(world, f"Veel{i}")
    client.force_login(world["decaan"])
    client.get(MIJN)
    with django_assert_max_num_queries(14):
        assert client.get(MIJN, {"q": "Veel", "sort": "-gemeld"}).status_code == 200


# --- moves ------------------------------------------------------------------------------------


def _verhuizing(world, naam, naar_a: bool, days=0):
    van, naar = (world["gem_b"], world["gem_a"]) if naar_a else (world["gem_a"], world["gem_b"])
    leerling = _leerling(world, achternaam=naam, woongemeente=naar)
    return Verhuizing.objects.create(
        leerling=leerling,
        van_gemeente=van,
        naar_gemeente=naar,
        datum=datetime.date(2027, 3, 1) + datetime.timedelta(days),
    )


def test_moves_filters_sort_paging(world, client, monkeypatch):
    client.force_login(world["consulent"])
    binnen = _verhuizing(world, "Binnen", naar_a=True, days=1)
    weg = _verhuizing(world, "Weg", naar_a=False, days=2)
    assert rows(client.get(VERHUIZINGEN, {"richting": "naar"})) == [binnen.pk]
    assert rows(client.get(VERHUIZINGEN, {"richting": "van"})) == [weg.pk]
    assert rows(client.get(VERHUIZINGEN, {"q": "Binnen"})) == [binnen.pk]
    check_sort(client, VERHUIZINGEN, "datum", "pk", expected=[binnen.pk, weg.pk])
    check_sort(client, VERHUIZINGEN, "leerling", "pk", expected=[binnen.pk, weg.pk])
    check_unknown_sort(client, VERHUIZINGEN)
    for n in range(3):
        _verhuizing(world, f"Later{n}", naar_a=True, days=10 + n)
    small_pages(monkeypatch)
    check_paging_keeps_filters(client, VERHUIZINGEN, {"richting": "naar", "sort": "datum"})


def test_moves_never_show_other_municipalities(world, client):
    other = Verhuizing.objects.create(
        leerling=world["leerling_b"],
        van_gemeente=world["gem_b"],
        naar_gemeente=f.GemeenteFactory(),
        datum=datetime.date(2027, 3, 1),
    )
    client.force_login(world["consulent"])
    for params in ({"richting": "naar"}, {"richting": "van"}, {"q": world["leerling_b"].achternaam}):
        assert other.pk not in rows(client.get(VERHUIZINGEN, params))


@pytest.mark.parametrize("n", [1, 20])
def test_moves_query_count_does_not_grow(world, client, django_assert_max_num_queries, n):
    for i in range(n):
        _verhuizing(world, f"Veel{i}", naar_a=bool(i % 2), days=i)
    client.force_login(world["consulent"])
    client.get(VERHUIZINGEN)
    with django_assert_max_num_queries(14):
        assert client.get(VERHUIZINGEN, {"q": "Veel", "sort": "-naar"}).status_code == 200


def test_inbox_export_follows_the_filters_and_the_scope(world, client, risico, noshow):
    melding_create_risico(leerling=world["leerling_b"], user=world["decaan_b"], reden="Verzuim")
    client.force_login(world["consulent"])
    export = client.get(reverse("rmc:meldingen_export"), {"soort": "niet_verschenen", "formaat": "csv"})
    body = (b"".join(export.streaming_content) if export.streaming else export.content).decode("utf-8-sig")
    assert export.status_code == 200 and "niet verschenen op het mbo" in body and "Veel verzuim" not in body
    assert world["leerling_a"].achternaam in body and world["leerling_b"].achternaam not in body
    alles = client.get(reverse("rmc:meldingen_export"), {"formaat": "csv"})
    text = (b"".join(alles.streaming_content) if alles.streaming else alles.content).decode("utf-8-sig")
    assert "Veel verzuim" in text and world["leerling_b"].achternaam not in text
    assert client.get(reverse("rmc:meldingen"), {"soort": "risico"}).content.decode().count("meldingen/export/?") == 2
    # Every exported pupil is in the read log, and nobody else.
    exported = Raadpleging.objects.filter(pagina="rmc:meldingen_export", actie="export")
    assert set(exported.values_list("leerling_id", flat=True)) == {world["leerling_a"].pk}


@pytest.mark.parametrize(("role", "url"), [("consulent", MELDINGEN), ("decaan", MIJN)])
def test_melding_lists_cost_the_same_queries_with_tenfold_rows(world, client, django_assert_max_num_queries, role, url):
    def add(k):
        for i in range(k):
            _melding(world, f"Veel{i}")

    client.force_login(world[role])
    check_tenfold(client, url, add, django_assert_max_num_queries)


def test_moves_cost_the_same_queries_with_tenfold_rows(world, client, django_assert_max_num_queries):
    def add(k):
        for i in range(k):
            _verhuizing(world, f"Veel{i}", naar_a=bool(i % 2), days=i)

    client.force_login(world["consulent"])
    check_tenfold(client, VERHUIZINGEN, add, django_assert_max_num_queries)
