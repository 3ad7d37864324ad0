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
