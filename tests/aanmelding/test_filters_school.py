"""The school's programme search (aanmelding/filters_school.py): filters, sort both ways, an
unknown sort key, paging that keeps the filters; closed programmes never show."""

import pytest
from django.urls import reverse

from tests import factories as f
from tests.lists import check_paging_keeps_filters, check_sort, check_unknown_sort, rows, small_pages

pytestmark = pytest.mark.django_db


@pytest.fixture
def zoek(world, client):
    leerling = f.LeerlingFactory(school=world["school_a"], schooljaar=world["schooljaar"])
    client.force_login(world["decaan"])
    return reverse("aanmelden:zoeken", kwargs={"pk": leerling.pk})


def test_search_sorts_both_ways_and_ignores_unknown_keys(world, client, zoek):
    f.OpleidingFactory(instelling=world["mbo_a"], naam="Aaa kok", niveau=2, leerweg="BBL")
    f.OpleidingFactory(instelling=world["mbo_b"], naam="Zzz kapper", niveau=4)
    for key in ("naam", "crebo", "niveau", "instelling"):
        check_sort(client, zoek, key, "pk")
    assert [o.naam for o in client.get(zoek, {"sort": "naam"}).context["lijst"].page][0] == "Aaa kok"
    check_unknown_sort(client, zoek)
    assert rows(client.get(zoek, {"leerweg": "BBL"}), "naam") == ["Aaa kok"]


def test_search_paging_keeps_filters_and_never_lists_closed_programmes(world, client, zoek, monkeypatch):
    monkeypatch.setattr("aanmelding.views_school.PAGE_SIZE", 2)
    small_pages(monkeypatch)
    for n in range(4):
        f.OpleidingFactory(instelling=world["mbo_a"], naam=f"Kok {n}", niveau=3)
    dicht = f.OpleidingFactory(instelling=world["mbo_a"], naam="Kok dicht", niveau=3, actief=False)
    _first, second = check_paging_keeps_filters(client, zoek, {"q": "Kok", "niveau": "3", "sort": "-naam"})
    assert [o.naam for o in second.context["lijst"].page] == ["Kok 1", "Kok 0"]
    for params in ({"q": "dicht"}, {"instelling": world["mbo_a"].pk}, {"sort": "naam"}):
        assert dicht.pk not in rows(client.get(zoek, params))
