"""The notification list (terugkoppeling/filters.py): search, filters, sort, paging, scope, queries."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import factories as f
from tests.lists import check_paging_keeps_filters, check_sort, check_unknown_sort, rows, small_pages

from .factories import NotificatieFactory

pytestmark = pytest.mark.django_db
URL = reverse("terugkoppeling:list")


def _at(days):
    return timezone.now() - datetime.timedelta(days=days)


def test_filter_by_read_state_kind_and_name(world, client):
    client.force_login(world["decaan"])
    unread = NotificatieFactory(user=world["decaan"], leerling=world["leerling_a"], aangemaakt=_at(1))
    read = NotificatieFactory(user=world["decaan"], gelezen_op=_at(0), soort="melding", aangemaakt=_at(2))
    assert rows(client.get(URL, {"filter": "ongelezen"})) == [unread.pk]
    assert rows(client.get(URL, {"filter": "gelezen"})) == [read.pk]
    assert rows(client.get(URL, {"soort": "melding"})) == [read.pk]
    assert rows(client.get(URL, {"q": world["leerling_a"].achternaam})) == [unread.pk]
    assert rows(client.get(URL, {"filter": "onzin"})) == [unread.pk, read.pk]  # bad value ignored


def test_search_never_matches_a_pupil_the_user_no_longer_sees(world, client):
    NotificatieFactory(user=world["decaan"], leerling=world["leerling_b"])
    client.force_login(world["decaan"])
    assert rows(client.get(URL, {"q": world["leerling_b"].achternaam})) == []


def test_sort_both_ways_and_unknown_key(world, client):
    client.force_login(world["decaan"])
    old = NotificatieFactory(user=world["decaan"], aangemaakt=_at(3), soort="verhuizing")
    new = NotificatieFactory(user=world["decaan"], aangemaakt=_at(1), soort="melding")
    check_sort(client, URL, "aangemaakt", "pk", expected=[old.pk, new.pk])
    check_sort(client, URL, "soort", "pk", expected=[new.pk, old.pk])
    check_unknown_sort(client, URL)
    assert rows(client.get(URL)) == [new.pk, old.pk]  # default: newest first


def test_paging_keeps_filters(world, client, monkeypatch):
    small_pages(monkeypatch)
    client.force_login(world["decaan"])
    for days in range(5):
        NotificatieFactory(user=world["decaan"], soort="melding", aangemaakt=_at(days))
    NotificatieFactory(user=world["decaan"], soort="verhuizing")
    _first, second = check_paging_keeps_filters(client, URL, {"soort": "melding", "sort": "aangemaakt"})
    assert second.context["lijst"].aantal == 5


def test_filters_never_show_another_users_notifications(world, client):
    NotificatieFactory(user=world["decaan_b"], soort="melding", leerling=world["leerling_b"])
    client.force_login(world["decaan"])
    for params in ({"soort": "melding"}, {"filter": "ongelezen"}, {"q": world["leerling_b"].achternaam}, {}):
        assert rows(client.get(URL, params)) == []


@pytest.mark.parametrize("n", [1, 30])
def test_query_count_does_not_grow(world, client, django_assert_max_num_queries, n):
    for _ in range(n):
        NotificatieFactory(user=world["decaan"], leerling=f.LeerlingFactory(school=world["school_a"]))
    client.force_login(world["decaan"])
    client.get(URL)
    with django_assert_max_num_queries(12):
        response = client.get(URL, {"q": "a", "sort": "-soort", "filter": "ongelezen"})
    assert response.status_code == 200


def _op(n, dag: str):
    """Set a notification's moment to noon (Amsterdam) of an ISO day."""
    moment = datetime.datetime.fromisoformat(f"{dag}T12:00:00+01:00")
    NotificatieFactory._meta.model.objects.filter(pk=n.pk).update(aangemaakt=moment)
    return n


def test_filter_by_date_from_and_to_inclusive_in_iso_and_dutch_notation(world, client):
    client.force_login(world["decaan"])
    nov = _op(NotificatieFactory(user=world["decaan"]), "2026-11-10")
    dec1 = _op(NotificatieFactory(user=world["decaan"]), "2026-12-01")
    dec2 = _op(NotificatieFactory(user=world["decaan"]), "2026-12-02")
    assert rows(client.get(URL, {"van": "2026-12-01"})) == [dec2.pk, dec1.pk]
    assert rows(client.get(URL, {"tot": "2026-12-01"})) == [dec1.pk, nov.pk]  # the whole last day
    assert rows(client.get(URL, {"van": "1-12-2026", "tot": "01-12-2026"})) == [dec1.pk]
    assert rows(client.get(URL, {"van": "10/11/2026", "tot": "30-11-2026"})) == [nov.pk]


def test_date_and_kind_combined(world, client):
    client.force_login(world["decaan"])
    melding_nov = _op(NotificatieFactory(user=world["decaan"], soort="melding"), "2026-11-10")
    _op(NotificatieFactory(user=world["decaan"], soort="melding"), "2026-12-02")
    _op(NotificatieFactory(user=world["decaan"], soort="verhuizing"), "2026-11-11")
    response = client.get(URL, {"soort": "melding", "tot": "30-11-2026"})
    assert rows(response) == [melding_nov.pk]
    assert response.context["lijst"].actief


@pytest.mark.parametrize("bad", ["31-02-2026", "gisteren", "2026-13-01", "9" * 40, "1-1-0"])
def test_bad_date_gives_a_dutch_message_not_an_error_page(world, client, bad):
    client.force_login(world["decaan"])
    n = NotificatieFactory(user=world["decaan"])
    response = client.get(URL, {"van": bad})
    assert response.status_code == 200
    assert "Vul een geldige datum in, bijvoorbeeld 3-12-2026." in response.content.decode()
    assert rows(response) == [n.pk]  # the bad value is ignored, the list still shows
    assert response.context["filters"] == []  # and "mark all read" does not pretend to filter


def test_to_before_from_is_refused_with_a_dutch_message(world, client):
    client.force_login(world["decaan"])
    n = _op(NotificatieFactory(user=world["decaan"]), "2026-12-05")
    _op(NotificatieFactory(user=world["decaan"]), "2026-11-05")
    response = client.get(URL, {"van": "2-12-2026", "tot": "1-12-2026"})
    assert response.status_code == 200
    assert "De datum ‘tot en met’ ligt vóór de datum ‘vanaf’." in response.content.decode()
    assert rows(response) == [n.pk]  # the refused end date is left out, the start date holds


def test_the_last_possible_day_is_no_error(world, client):
    client.force_login(world["decaan"])
    NotificatieFactory(user=world["decaan"])
    assert client.get(URL, {"tot": "9999-12-31"}).status_code == 200


def test_date_filters_never_show_another_users_notifications(world, client):
    NotificatieFactory(user=world["decaan_b"])
    NotificatieFactory(user=None, organisatie=world["gem_b"], team_recht="woongemeente_inzien")
    client.force_login(world["consulent"])
    assert rows(client.get(URL, {"van": "1-1-2000", "tot": "31-12-2100"})) == []
