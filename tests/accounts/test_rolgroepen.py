"""Memberships are stored once; django-guardian's groups follow them and the roles at once.

A permission added to or removed from a role reaches every existing member in the same
transaction; a membership written or deleted by any code moves its user in or out of the
group; the derived store never drifts (`verschillen` stays empty).

Checked once against a planted bug (sync_rollen without the group sync): the migration test
failed, as a real migration (historical models, no signals) would leave members behind.
"""

import pytest
from django.apps import apps as global_apps
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from guardian.models import GroupObjectPermission, UserObjectPermission

from tests import factories as f
from voroc import policy
from voroc.accounts import groepen, roles
from voroc.accounts.models import Lidmaatschap, Rol, Rolgroep, User
from voroc.accounts.services import lidmaatschap_intrekken_unchecked

pytestmark = pytest.mark.django_db


def fresh(user):
    """The user as the next request sees it (grants are cached per user object)."""
    return User.objects.get(pk=user.pk)


def perm(codename):
    return Permission.objects.get(content_type__model="organisatie", codename=codename)


def test_a_membership_is_a_place_in_the_group_of_its_organisation_and_role(world):
    mentor, school = world["mentor"], world["school_a"]
    rolgroep = Rolgroep.objects.get(organisatie=school, rol__code="mentor")
    assert set(rolgroep.groep.user_set.all()) == {mentor}
    assert set(
        GroupObjectPermission.objects.filter(group=rolgroep.groep).values_list("permission__codename", flat=True)
    ) == set(roles.ROLLEN["mentor"][2])
    assert not UserObjectPermission.objects.exists()  # no per-user copies any more
    assert policy.organisaties(fresh(mentor), "aanmelden") == {school.pk}


def test_a_permission_added_to_a_role_reaches_existing_members_at_once(world, monkeypatch):
    mentor, school = world["mentor"], world["school_a"]
    second_mentor = f.user_with_role("mentor", school)
    assert not policy.has_perm(fresh(mentor), "zorg_inzien", school.pk)
    naam, soort, perms = roles.ROLLEN["mentor"]
    monkeypatch.setitem(roles.ROLLEN, "mentor", (naam, soort, [*perms, "zorg_inzien"]))
    with transaction.atomic():
        roles.sync_rollen(global_apps)
        # Within the same transaction, for every member who already had the role:
        assert policy.has_perm(fresh(mentor), "zorg_inzien", school.pk)
        assert policy.has_perm(fresh(second_mentor), "zorg_inzien", school.pk)
    assert not policy.has_perm(fresh(world["mentor"]), "zorg_inzien", world["school_b"].pk)
    assert not groepen.verschillen()


def test_a_permission_removed_from_a_role_is_gone_for_existing_members_at_once(world, monkeypatch):
    decaan, school = world["decaan"], world["school_a"]
    assert policy.has_perm(fresh(decaan), "inzage_verstrekken", school.pk)
    naam, soort, perms = roles.ROLLEN["decaan"]
    monkeypatch.setitem(roles.ROLLEN, "decaan", (naam, soort, [p for p in perms if p != "inzage_verstrekken"]))
    roles.sync_rollen(global_apps)
    assert not policy.has_perm(fresh(decaan), "inzage_verstrekken", school.pk)
    assert not policy.has_perm(fresh(world["decaan_b"]), "inzage_verstrekken", world["school_b"].pk)
    assert policy.has_perm(fresh(decaan), "leerlingen_alle_inzien", school.pk)  # the rest stays


def test_a_role_changed_outside_sync_rollen_reaches_its_members_too(world):
    """The admin (or a shell) edits `Rol.permissions`: the m2m signal brings the groups in step."""
    consulent, gemeente = world["consulent"], world["gem_a"]
    rol = Rol.objects.get(code="consulent")
    rol.permissions.add(perm("risico_melden"))
    assert policy.has_perm(fresh(consulent), "risico_melden", gemeente.pk)
    rol.permissions.remove(perm("meldingen_behandelen"))
    assert not policy.has_perm(fresh(consulent), "meldingen_behandelen", gemeente.pk)
    perm("opleidingen_beheren").rol_set.add(rol)  # from the permission's side
    assert policy.has_perm(fresh(consulent), "opleidingen_beheren", gemeente.pk)
    rol.permissions.clear()
    assert not policy.grants_for(fresh(consulent)).all_orgs
    assert not groepen.verschillen()


def test_memberships_written_or_deleted_directly_keep_the_groups_in_step(world):
    """Not only the services: a membership row written by any code moves its user."""
    user = f.UserFactory()
    lid = Lidmaatschap.objects.create(user=user, organisatie=world["school_b"], rol=Rol.objects.get(code="decaan"))
    assert policy.has_perm(fresh(user), "leerlingen_alle_inzien", world["school_b"].pk)
    Lidmaatschap.objects.create(user=user, organisatie=world["school_b"], rol=Rol.objects.get(code="zorgcoordinator"))
    lid.delete()
    grants = policy.grants_for(fresh(user))
    assert grants.has("zorg_inzien", world["school_b"].pk)  # the other role at the same school stays
    assert not grants.has("aanmelden")
    Lidmaatschap.objects.filter(user=user).delete()  # a queryset delete sends the signals too
    assert not policy.grants_for(fresh(user)).all_orgs
    assert not groepen.verschillen()


def test_a_membership_moved_to_another_organisation_moves_the_user(world):
    lid = Lidmaatschap.objects.get(user=world["mentor"])
    lid.organisatie = world["school_b"]
    lid.save()
    assert policy.organisaties(fresh(world["mentor"]), "aanmelden") == {world["school_b"].pk}


def test_revoking_through_the_service_and_deleting_the_organisation(world):
    lidmaatschap_intrekken_unchecked(lidmaatschap=Lidmaatschap.objects.get(user=world["intaker_b"]))
    assert not policy.grants_for(fresh(world["intaker_b"])).all_orgs
    gemeente = f.GemeenteFactory()
    user = f.user_with_role("consulent", gemeente)
    groep_id = Rolgroep.objects.get(organisatie=gemeente).groep_id
    gemeente.delete()
    assert not Group.objects.filter(pk=groep_id).exists()
    assert not GroupObjectPermission.objects.filter(group_id=groep_id).exists()
    assert not policy.grants_for(fresh(user)).all_orgs
    assert not groepen.verschillen()


def test_sync_repairs_a_store_that_drifted(world):
    """Whatever was done to guardian's tables by hand, a sync (run after every migrate) repairs it."""
    mentor_groep = Rolgroep.objects.get(organisatie=world["school_a"], rol__code="mentor").groep
    decaan_groep = Rolgroep.objects.get(organisatie=world["school_a"], rol__code="decaan").groep
    mentor_groep.user_set.clear()
    decaan_groep.user_set.add(world["zorg"])  # a member that should not be there
    GroupObjectPermission.objects.filter(group=decaan_groep, permission__codename="aanmelden").delete()
    Rolgroep.objects.filter(organisatie=world["gem_b"]).delete()
    verschil = groepen.verschillen()
    assert verschil.leden_erbij and verschil.leden_eraf and verschil.rechten_erbij and verschil.ontbrekende_groepen
    groepen.rolgroepen_sync()
    assert not groepen.verschillen()
    assert policy.has_perm(fresh(world["mentor"]), "aanmelden", world["school_a"].pk)
    assert not policy.has_perm(fresh(world["zorg"]), "aanmelden", world["school_a"].pk)
    assert policy.has_perm(fresh(world["decaan"]), "aanmelden", world["school_a"].pk)
    assert policy.has_perm(fresh(world["consulent_b"]), "woongemeente_inzien", world["gem_b"].pk)


def test_the_migration_turns_per_user_copies_into_groups(world):
    """0007: from the old store (per-user rows, no groups) to the groups; members who had the
    role before a permission was added to it get that permission too."""
    import importlib

    from django.contrib.contenttypes.models import ContentType

    decaan, school = world["decaan"], world["school_a"]
    ct = ContentType.objects.get_for_model(school)
    # The old state: the decaan's rows as written before `inzage_verstrekken` existed, no groups.
    UserObjectPermission.objects.bulk_create(
        [
            UserObjectPermission(user=decaan, permission=perm(code), content_type=ct, object_pk=str(school.pk))
            for code in roles.ROLLEN["decaan"][2]
            if code != "inzage_verstrekken"
        ]
    )
    Group.objects.filter(rolgroep__isnull=False).delete()
    assert not policy.grants_for(fresh(decaan)).all_orgs
    migration = importlib.import_module("voroc.accounts.migrations.0009_lidmaatschappen_via_rolgroepen")
    migration.forwards(global_apps, None)
    assert policy.has_perm(fresh(decaan), "inzage_verstrekken", school.pk)
    assert not UserObjectPermission.objects.exists()
    assert not groepen.verschillen()


def test_grants_are_one_query(world, django_assert_num_queries):
    user = fresh(world["decaan"])
    with django_assert_num_queries(1):
        grants = policy.grants_for(user)
    assert grants.has("leerlingen_alle_inzien", world["school_a"].pk)
    assert grants.roles[("aanmelden", world["school_a"].pk)] == {Rol.objects.get(code="decaan").pk}
