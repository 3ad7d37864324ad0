"""The servicedesk's organisation and account lists (servicedesk/filters.py): search, filters,
sort both ways, an unknown sort key, paging that keeps the filters, scope."""

import pytest
from django.urls import reverse

from servicedesk import selectors
from servicedesk.filters import AccountFilterSet, OrganisatieFilterSet
from tests import factories as f
from tests.lists import check_paging_keeps_filters, check_sort, check_unknown_sort, rows, small_pages
from voroc.accounts.models import Organisatie

pytestmark = pytest.mark.django_db
ORGANISATIES = reverse("servicedesk:organisaties")
ACCOUNTS = reverse("servicedesk:accounts")


@pytest.fixture
def desk(world, client):
    client.force_login(world["servicedesk"])
    return client


def test_organisations_search_and_filters(world, desk):
    dicht = f.SchoolFactory(naam="Gesloten College", actief=False)
    assert rows(desk.get(ORGANISATIES, {"q": "Gesloten"})) == [dicht.pk]
    assert dicht.pk in rows(desk.get(ORGANISATIES, {"actief": "nee"}))
    assert world["school_a"].pk not in rows(desk.get(ORGANISATIES, {"actief": "nee"}))
    gemeenten = rows(desk.get(ORGANISATIES, {"soort": "gemeente"}))
    assert set(gemeenten) == set(Organisatie.objects.filter(soort="gemeente").values_list("pk", flat=True))


def test_organisations_sort_both_ways_and_unknown_key(world, desk):
    names = sorted(Organisatie.objects.exclude(soort="servicedesk").values_list("naam", flat=True))
    check_sort(desk, ORGANISATIES, "naam", "naam", expected=names)
    check_sort(desk, ORGANISATIES, "gemeente", "pk", params={"soort": "vo_school"})
    check_unknown_sort(desk, ORGANISATIES)


def test_organisations_paging_keeps_filters(world, desk, monkeypatch):
    small_pages(monkeypatch)
    for n in range(4):
        f.SchoolFactory(naam=f"Paginaschool {n}")
    _first, second = check_paging_keeps_filters(desk, ORGANISATIES, {"q": "Paginaschool", "sort": "-naam"})
    assert [o.naam for o in second.context["lijst"].page] == ["Paginaschool 1", "Paginaschool 0"]


def test_a_filter_never_reaches_the_servicedesk_organisations(world, desk):
    """The servicedesk's own organisation is outside the list's scope; asking for it is ignored."""
    desk_org = Organisatie.objects.get(soort="servicedesk")
    for params in ({"soort": "servicedesk"}, {"q": desk_org.naam}, {"actief": "ja"}):
        assert desk_org.pk not in rows(desk.get(ORGANISATIES, params))


def test_accounts_search_filters_and_status(world, desk):
    uit = f.user_with_role("mentor", world["school_b"], naam="Uitgeschakelde Mentor", is_active=False)
    assert rows(desk.get(ACCOUNTS, {"q": "Uitgeschakelde"})) == [uit.pk]
    assert rows(desk.get(ACCOUNTS, {"status": "gedeactiveerd"})) == [uit.pk]
    actief = rows(desk.get(ACCOUNTS, {"status": "actief"}))
    assert world["decaan"].pk in actief and uit.pk not in actief
    mbo = rows(desk.get(ACCOUNTS, {"soort": "mbo_instelling"}))
    assert world["intaker"].pk in mbo and world["decaan"].pk not in mbo


def test_accounts_sort_both_ways_and_unknown_key(world, desk):
    check_sort(desk, ACCOUNTS, "email", "email")
    check_sort(desk, ACCOUNTS, "naam", "pk", params={"soort": "gemeente"})
    check_unknown_sort(desk, ACCOUNTS)


def test_accounts_paging_keeps_filters(world, desk, monkeypatch):
    small_pages(monkeypatch)
    for n in range(3):
        f.user_with_role("mentor", world["school_b"], naam=f"Pagina {n}")
    _first, second = check_paging_keeps_filters(desk, ACCOUNTS, {"q": "Pagina", "sort": "naam"})
    assert [a.naam for a in second.context["lijst"].page] == ["Pagina 2"]


def test_account_filters_never_widen_the_selector(world):
    """The FilterSet starts from the selector: for a user without the servicedesk right it is
    empty, and no parameter brings a row back."""
    scope = selectors.account_list(user=world["decaan"])
    for params in ({"q": world["decaan"].email}, {"status": "actief"}, {"soort": "vo_school"}, {"sort": "naam"}):
        assert not AccountFilterSet(params, queryset=scope).qs.exists()
        assert not OrganisatieFilterSet(params, queryset=selectors.organisatie_list(user=world["decaan"])).qs.exists()
