"""The school's lists on LeerlingFilterSet and JuniFilterSet (leerlingen/filters.py): sort both
ways on every column, an unknown or hidden sort key falls back, paging keeps the filters, scope,
and the June check's filters and query count. The pupil list's filters and counts are in
test_lijst.py."""

import pytest
from django.urls import reverse

from leerlingen.filters import LeerlingFilterSet
from leerlingen.models import Elders, Leerling
from leerlingen.selectors import leerling_scope
from tests import factories as f
from tests.lists import check_paging_keeps_filters, check_sort, check_unknown_sort, rows

pytestmark = pytest.mark.django_db
LIJST = reverse("leerlingen:list")
JUNI = reverse("leerlingen:juni_controle")


@pytest.fixture
def pupils(world):
    s = world["school_a"]
    return [
        f.LeerlingFactory(school=s, schooljaar=world["schooljaar"], klas="4C", leerweg="TL", achternaam="Zeeman"),
        f.LeerlingFactory(school=s, schooljaar=world["schooljaar"], klas="4A", leerweg="BB", achternaam="Aalders"),
    ]


@pytest.mark.parametrize("key", ["naam", "leerlingnummer", "school", "klas", "leerweg", "mentor", "woongemeente"])
def test_pupil_list_sorts_both_ways(world, client, pupils, key):
    client.force_login(world["decaan"])
    check_sort(client, LIJST, key, "pk")


def test_pupil_list_sort_by_name_and_unknown_key(world, client, pupils):
    client.force_login(world["decaan"])
    names = sorted(Leerling.objects.filter(school=world["school_a"]).values_list("achternaam", flat=True))
    check_sort(client, LIJST, "naam", "achternaam", expected=names)
    check_unknown_sort(client, LIJST)


def test_a_sort_on_a_part_the_user_does_not_always_see_is_refused(world):
    """The mbo sees the form only of some pupils: sorting by it would leak, so the key is not
    offered and a request for it keeps the default order."""
    scope = leerling_scope(user=world["intaker"], schooljaar=world["schooljaar"])
    fs = LeerlingFilterSet({"sort": "formulier"}, queryset=scope, user=world["intaker"])
    assert "formulier" not in fs.sorteringen and fs.huidige_sort() == "naam"
    assert not any(k["key"] == "formulier" for k in fs.koppen())
    decaan = LeerlingFilterSet({"sort": "formulier"}, queryset=scope, user=world["decaan"])
    assert decaan.huidige_sort() == "formulier"


def test_pupil_list_paging_keeps_filters(world, client, pupils, monkeypatch):
    monkeypatch.setattr("leerlingen.views.PAGE_SIZE", 1)
    f.LeerlingFactory(school=world["school_a"], schooljaar=world["schooljaar"], leerweg="TL", achternaam="Bos")
    client.force_login(world["decaan"])
    _first, second = check_paging_keeps_filters(client, LIJST, {"leerweg": "TL", "sort": "-naam"})
    assert [leerling.achternaam for leerling in second.context["lijst"].page] == ["Bos"]


def test_pupil_list_filters_never_show_another_schools_pupils(world, client, pupils):
    client.force_login(world["decaan"])
    other = world["leerling_b"]
    for params in ({"q": other.achternaam}, {"klas": other.klas}, {"leerweg": other.leerweg}, {"sort": "school"}):
        assert other.pk not in rows(client.get(LIJST, params))


def test_table_markup(world, client, pupils):
    client.force_login(world["decaan"])
    body = client.get(LIJST, {"sort": "klas"}).content.decode()
    assert '<div class="table-scroll" role="region" tabindex="0" aria-labelledby="leerlingen-caption">' in body
    assert '<caption id="leerlingen-caption">Leerlingen</caption>' in body
    assert body.count("aria-sort=") == 1 and 'aria-sort="ascending"' in body
    assert 'data-sort-key="klas" data-tabel="leerlingen" hx-get="?sort=-klas"' in body
    assert "js/tabel.js" in body


# --- June check -------------------------------------------------------------------------------


def test_june_check_filters_sort_paging(world, client, pupils, monkeypatch):
    client.force_login(world["decaan"])
    open_ = rows(client.get(JUNI))
    assert {p.pk for p in pupils} <= set(open_)
    assert rows(client.get(JUNI, {"klas": "4C"})) == [pupils[0].pk]
    assert rows(client.get(JUNI, {"q": "Zeeman"})) == [pupils[0].pk]
    check_sort(client, JUNI, "naam", "pk")
    check_sort(client, JUNI, "klas", "pk")
    check_unknown_sort(client, JUNI)
    for n in range(3):
        f.LeerlingFactory(school=world["school_a"], schooljaar=world["schooljaar"], klas="4A", achternaam=f"P{n}")
    monkeypatch.setattr("leerlingen.views.PAGE_SIZE", 2)
    _first, second = check_paging_keeps_filters(client, JUNI, {"klas": "4A", "sort": "naam"})
    assert all(leerling.klas == "4A" for leerling in second.context["lijst"].page)


def test_june_check_a_filter_with_no_match_is_not_done(world, client, pupils):
    client.force_login(world["decaan"])
    body = client.get(JUNI, {"q": "niemand-heet-zo"}).content.decode()
    assert "Klaar:" not in body and "Geen leerlingen gevonden met deze filters." in body


def test_june_check_never_shows_another_schools_pupils(world, client, pupils):
    client.force_login(world["decaan"])
    other = world["leerling_b"]
    for params in ({"q": other.achternaam}, {"klas": other.klas}, {}):
        assert other.pk not in rows(client.get(JUNI, params))


@pytest.mark.parametrize("n", [1, 25])
def test_june_check_query_count_does_not_grow(world, client, django_assert_max_num_queries, n):
    for i in range(n):
        f.LeerlingFactory(school=world["school_a"], schooljaar=world["schooljaar"], achternaam=f"Veel{i}")
    client.force_login(world["decaan"])
    client.get(JUNI)
    with django_assert_max_num_queries(20):
        assert client.get(JUNI, {"q": "Veel", "sort": "-klas"}).status_code == 200


@pytest.mark.parametrize("role", ["decaan", "mentor", "consulent"])
def test_facet_counts_share_queries_and_match_a_count_per_option(world, pupils, role, django_assert_max_num_queries):
    """The facets without a value of their own are counted in three queries (one aggregate with a
    FILTER clause per option, class and mentor together, the application statuses), and each
    count is the count of the list filtered on that option (what a click on it shows)."""
    from leerlingen.filters import FACETS, facet_counts

    user = world[role]
    Elders.objects.create(leerling=pupils[0], soort="werk")
    base = leerling_scope(user=user, schooljaar=world["schooljaar"])
    with django_assert_max_num_queries(3):
        counts, _labels = facet_counts(base, {}, user)
    for name in FACETS:
        for key, n in counts.get(name, {}).items():
            fs = LeerlingFilterSet(data={name: key}, queryset=base, user=user)
            if name in fs.form.fields and fs.is_valid():
                assert fs.qs.count() == n, (role, name, key)
    # With a value of its own, a facet counts the list without it: one more query for it.
    with django_assert_max_num_queries(4):
        gefilterd, _labels = facet_counts(base, {"klas": "4A"}, user)
    assert gefilterd["klas"] == counts["klas"]
    assert sum(gefilterd["leerweg"].values()) <= sum(counts["leerweg"].values())
