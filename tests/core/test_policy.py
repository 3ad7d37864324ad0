"""voroc.policy.users_with_perm / perm_holders: recipients from the guardian grants in one query."""

import pytest

from tests import factories as f
from voroc import policy

pytestmark = pytest.mark.django_db


def test_users_with_perm_at_the_given_organisations_only(world):
    w = world
    got = set(policy.users_with_perm("aanmelden", [w["school_a"].pk]))
    assert got == {w["decaan"], w["mentor"]}  # not the zorgcoördinator, not school B
    assert set(policy.users_with_perm("aanmelden", [w["school_a"].pk, w["school_b"].pk])) == {
        w["decaan"],
        w["mentor"],
        w["decaan_b"],
    }
    assert set(policy.users_with_perm("meldingen_behandelen", [w["gem_b"].pk])) == {w["consulent_b"]}
    assert not policy.users_with_perm("aanmelden", [])


def test_inactive_users_and_organisations_are_left_out(world):
    w = world
    w["mentor"].is_active = False
    w["mentor"].save()
    assert set(policy.users_with_perm("aanmelden", [w["school_a"].pk])) == {w["decaan"]}
    w["school_a"].actief = False
    w["school_a"].save()
    assert not policy.users_with_perm("aanmelden", [w["school_a"].pk]).exists()


def test_one_query_whatever_the_number_of_users(world, django_assert_num_queries):
    for _ in range(20):
        f.user_with_role("consulent", world["gem_a"])
    with django_assert_num_queries(1):
        assert len(list(policy.users_with_perm("woongemeente_inzien", [world["gem_a"].pk, world["gem_b"].pk]))) == 22
    with django_assert_num_queries(1):
        holders = policy.perm_holders("woongemeente_inzien", [world["gem_a"].pk, world["gem_b"].pk])
    assert len(holders[world["gem_a"].pk]) == 21 and holders[world["gem_b"].pk] == {world["consulent_b"].pk}


def test_the_monitor_sees_no_pupil_row_anywhere_but_counts_the_whole_region(world):
    from django.apps import apps

    from leerlingen.models import Leerling

    monitor = world["monitor"]
    for label, scope in policy.SCOPES.items():
        model = apps.get_model(label)
        assert not model.objects.filter(scope(monitor)).exists(), label
    assert not Leerling.objects.for_user(monitor).exists()
    assert policy.zicht(monitor, world["leerling_a"]).delen == frozenset()
    assert not any(policy.ziet_ergens(monitor, deel) for deel in policy.Deel.ALLE)
    assert Leerling.objects.filter(policy.regio_cijfers_q(monitor)).count() == Leerling.objects.count() == 2
    for role in ("decaan", "consulent", "intaker", "servicedesk"):
        assert not Leerling.objects.filter(policy.regio_cijfers_q(world[role])).exists(), role
