"""The servicedesk's reads are scoped like every selector: the servicedesk sees organisations,
school years and accounts; anybody else gets nothing, even if a page forgot its 403."""

import pytest
from django.http import Http404

from servicedesk import selectors
from voroc.accounts.models import OrganisatieSoort

pytestmark = pytest.mark.django_db

LISTS = (
    lambda user: selectors.organisatie_list(user=user),
    lambda user: selectors.organisaties_actief(user=user),
    lambda user: selectors.schooljaren(user=user),
    lambda user: selectors.rollen(user=user),
    lambda user: selectors.account_list(user=user),
)


def test_the_servicedesk_sees_organisations_and_accounts_but_not_itself(world):
    desk = world["servicedesk"]
    organisaties = list(selectors.organisatie_list(user=desk))
    assert world["school_a"] in organisaties and world["gem_b"] in organisaties
    assert all(o.soort != OrganisatieSoort.SERVICEDESK for o in organisaties)
    assert world["decaan"] in selectors.account_list(user=desk)
    assert selectors.account_get(user=desk, pk=world["decaan"].pk) == world["decaan"]
    assert all(selectors.dashboard_tellingen(user=desk)[k] >= 1 for k in ("scholen", "gemeenten", "accounts"))


@pytest.mark.parametrize("role", ["decaan", "intaker", "consulent", "mentor"])
def test_anybody_else_gets_nothing(world, role):
    user = world[role]
    for lijst in LISTS:
        assert not lijst(user).exists()
    with pytest.raises(Http404):
        selectors.organisatie_get(user=user, pk=world["school_a"].pk)
    with pytest.raises(Http404):
        selectors.account_get(user=user, pk=world["decaan"].pk)
    assert selectors.dashboard_tellingen(user=user) == {
        "scholen": 0,
        "instellingen": 0,
        "gemeenten": 0,
        "accounts": 0,
        "inactief": 0,
        "uitnodigingen": 0,
    }


def test_search_filters_by_name_and_kind(world):
    desk = world["servicedesk"]
    gevonden = list(selectors.organisatie_list(user=desk, zoek="Delft"))
    assert gevonden == [world["gem_b"]]
    assert set(selectors.organisatie_list(user=desk, soort=OrganisatieSoort.VO_SCHOOL)) == {
        world["school_a"],
        world["school_b"],
    }
    assert list(selectors.account_list(user=desk, zoek=world["decaan"].email)) == [world["decaan"]]
