"""The mbo's lists (aanmelding/filters_mbo.py): worklist, feedback deadline, no-shows and
programmes. Filter, search, sort both ways, an unknown sort key, paging that keeps the filters,
scope and a fixed query count."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from aanmelding.models import Aanmelding
from tests import factories as f
from tests.lists import check_paging_keeps_filters, check_sort, check_unknown_sort, rows, small_pages

from .conftest import bulk_aanmeldingen, maak_aanmelding

pytestmark = pytest.mark.django_db
WERKLIJST = reverse("mbo:werklijst")
ACHTERSTAND = reverse("mbo:terugkoppeling")
NOSHOW = reverse("mbo:noshow")
OPLEIDINGEN = reverse("mbo:opleidingen")
GISTEREN = datetime.date.today() - datetime.timedelta(days=1)


@pytest.fixture
def ic(client, world):
    client.force_login(world["intaker"])
    return client


def _naam(a, naam):
    a.leerling.__class__.objects.filter(pk=a.leerling_id).update(achternaam=naam)
    return a


# --- worklist ---------------------------------------------------------------------------------


def test_worklist_filters_and_search(ic, world):
    niveau4 = f.OpleidingFactory(instelling=world["mbo_a"], niveau=4)
    laat = _naam(maak_aanmelding(world, opleiding=niveau4, op_tijd=False), "Laatkomer")
    assert rows(ic.get(WERKLIJST, {"niveau": 4})) == [laat.pk]
    assert rows(ic.get(WERKLIJST, {"te_laat": "on"})) == [laat.pk]
    assert rows(ic.get(WERKLIJST, {"zoek": "laatkomer"})) == [laat.pk]
    assert rows(ic.get(WERKLIJST, {"opleiding": niveau4.pk, "niveau": "9"})) == [laat.pk]  # bad value ignored


def test_worklist_sort_both_ways_and_unknown_key(ic, world):
    _naam(maak_aanmelding(world), "Aaa")
    _naam(maak_aanmelding(world), "Zzz")
    for key in ("naam", "opleiding", "aangemeld", "status", "terugkoppeling"):
        check_sort(ic, WERKLIJST, key, "pk")
    namen = [a.leerling.achternaam for a in ic.get(WERKLIJST, {"sort": "naam"}).context["lijst"].page]
    assert namen[0] == "Aaa" and namen[-1] == "Zzz"
    check_unknown_sort(ic, WERKLIJST)
    assert ic.get(WERKLIJST, {"sortering": "naam"}).status_code == 200  # the old name is simply ignored


def test_worklist_paging_keeps_filters_and_export_follows(ic, world, monkeypatch):
    small_pages(monkeypatch)
    bulk_aanmeldingen(world, 5)
    _first, second = check_paging_keeps_filters(ic, WERKLIJST, {"zoek": "Massa", "sort": "-naam"})
    assert all(a.leerling.achternaam.startswith("Massa") for a in second.context["lijst"].page)
    export = ic.get(reverse("mbo:werklijst_export"), {"zoek": "Massa", "formaat": "csv"})
    body = b"".join(export.streaming_content) if export.streaming else export.content
    assert body.count(b"Massa") == 5 and world["leerling_a"].achternaam.encode() not in body


def test_worklist_filters_never_reach_another_institution(ic, world):
    for params in (
        {"opleiding": world["opleiding_b"].pk},
        {"zoek": world["leerling_b"].achternaam},
        {"status": "aangemeld"},
    ):
        assert world["aanmelding_b"].pk not in rows(ic.get(WERKLIJST, params))


# --- feedback deadline ------------------------------------------------------------------------


def test_backlog_filters_sort_paging(ic, world, monkeypatch):
    _naam(maak_aanmelding(world), "Aaa")
    _naam(maak_aanmelding(world), "Zzz")
    assert len(rows(ic.get(ACHTERSTAND, {"zoek": "Zzz"}))) == 1
    assert len(rows(ic.get(ACHTERSTAND, {"ontbreekt": "1"}))) == 3
    check_sort(ic, ACHTERSTAND, "naam", "pk")
    check_sort(ic, ACHTERSTAND, "opleiding", "pk")
    check_unknown_sort(ic, ACHTERSTAND)
    small_pages(monkeypatch)
    check_paging_keeps_filters(ic, ACHTERSTAND, {"ontbreekt": "3", "sort": "-naam"})


def test_backlog_never_shows_another_institution(ic, world):
    for params in ({"opleiding": world["opleiding_b"].pk}, {"zoek": world["leerling_b"].achternaam}):
        assert world["aanmelding_b"].pk not in rows(ic.get(ACHTERSTAND, params))


@pytest.mark.parametrize("n", [2, 30])
def test_backlog_query_count_does_not_grow(ic, world, django_assert_max_num_queries, n):
    bulk_aanmeldingen(world, n)
    ic.get(ACHTERSTAND)
    with django_assert_max_num_queries(16):
        assert ic.get(ACHTERSTAND, {"zoek": "Massa", "sort": "-status", "ontbreekt": "2"}).status_code == 200


# --- no-shows ---------------------------------------------------------------------------------


def _ingeschreven(world, naam, opleiding=None):
    opleiding = opleiding or f.OpleidingFactory(instelling=world["mbo_a"], startdatum=GISTEREN)
    return _naam(maak_aanmelding(world, status="ingeschreven", opleiding=opleiding), naam)


def test_noshow_is_paged_searched_and_sorted(ic, world, monkeypatch):
    a = _ingeschreven(world, "Aaa")
    z = _ingeschreven(world, "Zzz")
    assert rows(ic.get(NOSHOW, {"zoek": "Zzz"})) == [z.pk]
    assert rows(ic.get(NOSHOW, {"opleiding": a.opleiding_id})) == [a.pk]
    check_sort(ic, NOSHOW, "naam", "pk", expected=[a.pk, z.pk])
    check_sort(ic, NOSHOW, "start", "pk")
    check_unknown_sort(ic, NOSHOW)
    for n in range(3):
        _ingeschreven(world, f"Later{n}", opleiding=a.opleiding)
    small_pages(monkeypatch)
    _first, second = check_paging_keeps_filters(ic, NOSHOW, {"opleiding": a.opleiding_id, "sort": "naam"})
    assert all(r.opleiding_id == a.opleiding_id for r in second.context["lijst"].page)
    assert "Melden uiterlijk" in second.content.decode() and second.context["lijst"].page[0].meld_uiterlijk


def test_noshow_never_shows_another_institution(ic, world):
    other = f.OpleidingFactory(instelling=world["mbo_b"], startdatum=GISTEREN)
    foreign = Aanmelding.objects.create(
        leerling=world["leerling_b"], opleiding=other, status="ingeschreven", aangemeld_op=timezone.now(), keuze=2
    )
    for params in ({"opleiding": other.pk}, {"zoek": world["leerling_b"].achternaam}, {}):
        assert foreign.pk not in rows(ic.get(NOSHOW, params))


@pytest.mark.parametrize("n", [1, 15])
def test_noshow_query_count_does_not_grow(ic, world, django_assert_max_num_queries, n):
    opleiding = f.OpleidingFactory(instelling=world["mbo_a"], startdatum=GISTEREN)
    for i in range(n):
        _ingeschreven(world, f"Veel{i}", opleiding=opleiding)
    ic.get(NOSHOW)
    with django_assert_max_num_queries(16):
        assert ic.get(NOSHOW, {"zoek": "Veel", "sort": "-start"}).status_code == 200


# --- programmes -------------------------------------------------------------------------------


@pytest.fixture
def beheerder(client, world):
    client.force_login(world["intaker"])  # the intaker maintains the programmes too
    return client


def test_programmes_filters_sort_paging(beheerder, world, monkeypatch):
    dicht = f.OpleidingFactory(instelling=world["mbo_a"], naam="Aaa Gesloten", actief=False, niveau=2)
    f.OpleidingFactory(instelling=world["mbo_a"], naam="Zzz Open", niveau=4)
    assert rows(beheerder.get(OPLEIDINGEN, {"actief": "nee"})) == [dicht.pk]
    assert rows(beheerder.get(OPLEIDINGEN, {"zoek": "Gesloten"})) == [dicht.pk]
    assert dicht.pk not in rows(beheerder.get(OPLEIDINGEN, {"niveau": "4"}))
    check_sort(beheerder, OPLEIDINGEN, "naam", "pk")
    check_sort(beheerder, OPLEIDINGEN, "niveau", "pk")
    check_unknown_sort(beheerder, OPLEIDINGEN)
    assert rows(beheerder.get(OPLEIDINGEN))[-1] == dicht.pk  # default: open ones first
    for n in range(3):
        f.OpleidingFactory(instelling=world["mbo_a"], naam=f"Pagina {n}", niveau=4)
    small_pages(monkeypatch)
    check_paging_keeps_filters(beheerder, OPLEIDINGEN, {"niveau": "4", "sort": "-naam"})


def test_programmes_never_show_another_institution(beheerder, world):
    for params in ({"zoek": world["opleiding_b"].naam}, {"niveau": world["opleiding_b"].niveau}, {}):
        assert world["opleiding_b"].pk not in rows(beheerder.get(OPLEIDINGEN, params))


@pytest.mark.parametrize("n", [1, 20])
def test_programmes_query_count_does_not_grow(beheerder, world, django_assert_max_num_queries, n):
    for i in range(n):
        f.OpleidingFactory(instelling=world["mbo_a"], naam=f"Veel {i}")
    beheerder.get(OPLEIDINGEN)
    with django_assert_max_num_queries(12):
        assert beheerder.get(OPLEIDINGEN, {"zoek": "Veel", "sort": "-aanmeldingen"}).status_code == 200
