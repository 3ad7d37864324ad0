"""Who sees which pupil (docs/domain.md, "Who sees which pupil"; voroc.policy)."""

import pytest

from aanmelding.models import Aanmelding
from aanmelding.services import aanmelding_create
from doorstroom.models import Doorstroomformulier
from leerlingen.models import Leerling
from leerlingen.services import leerling_verhuizen
from tests import factories as f


def visible(user):
    return set(Leerling.objects.for_user(user).values_list("pk", flat=True))


def test_decaan_sees_own_school_only(world):
    other_a = f.LeerlingFactory(school=world["school_a"])
    assert visible(world["decaan"]) == {world["leerling_a"].pk, other_a.pk}
    assert visible(world["decaan_b"]) == {world["leerling_b"].pk}


def test_mentor_sees_own_mentor_group_only(world):
    f.LeerlingFactory(school=world["school_a"])  # same school, other mentor
    assert visible(world["mentor"]) == {world["leerling_a"].pk}


def test_zorgcoordinator_reads_whole_school(world):
    other_a = f.LeerlingFactory(school=world["school_a"])
    assert visible(world["zorg"]) == {world["leerling_a"].pk, other_a.pk}


def test_intaker_sees_pupil_only_after_application_to_own_institution(world):
    leerling = f.LeerlingFactory(school=world["school_a"])
    assert leerling.pk not in visible(world["intaker"])
    aanmelding_create(leerling=leerling, opleiding=world["opleiding_a"], user=world["decaan"], verzenden=False)
    assert leerling.pk not in visible(world["intaker"]), "a concept application is not sent yet"
    aanmelding = Aanmelding.objects.get(leerling=leerling)
    from aanmelding.services import aanmelding_verzenden

    aanmelding_verzenden(aanmelding=aanmelding, user=world["decaan"])
    assert leerling.pk in visible(world["intaker"])
    assert leerling.pk not in visible(world["intaker_b"])


def test_intaker_sees_only_applications_to_own_institution(world):
    assert set(Aanmelding.objects.for_user(world["intaker"])) == {world["aanmelding_a"]}


def test_consulent_sees_pupils_by_woongemeente_not_school(world):
    # A pupil of school B who lives in municipality A is seen by A, not by B.
    woont_in_a = f.LeerlingFactory(school=world["school_b"], woongemeente=world["gem_a"])
    assert woont_in_a.pk in visible(world["consulent"])
    assert woont_in_a.pk not in visible(world["consulent_b"])
    assert world["leerling_b"].pk not in visible(world["consulent"])


def test_move_changes_which_municipality_sees_the_pupil(world):
    leerling = world["leerling_a"]
    assert leerling.pk in visible(world["consulent"])
    leerling_verhuizen(leerling=leerling, woongemeente=world["gem_b"], user=world["decaan"])
    assert leerling.pk not in visible(world["consulent"])
    assert leerling.pk in visible(world["consulent_b"])
    assert leerling.terugkoppelingen.filter(soort="verhuizing").exists()


def test_servicedesk_sees_no_pupils(world):
    assert visible(world["servicedesk"]) == set()


def test_inactive_user_sees_nothing(world):
    decaan = world["decaan"]
    decaan.is_active = False
    decaan.save()
    assert visible(decaan) == set()


def test_inactive_organisation_grants_nothing(world):
    world["school_a"].actief = False
    world["school_a"].save()
    from voroc.accounts.models import User

    assert visible(User.objects.get(pk=world["decaan"].pk)) == set()


@pytest.mark.parametrize("status, mbo_sees", [("concept", False), ("definitief", True)])
def test_mbo_sees_form_only_when_final(world, status, mbo_sees):
    form = Doorstroomformulier.objects.create(
        leerling=world["leerling_a"],
        status=status,
        definitief_op="2026-11-01T10:00:00Z" if status == "definitief" else None,
    )
    assert (form in Doorstroomformulier.objects.for_user(world["intaker"])) is mbo_sees
    assert form not in Doorstroomformulier.objects.for_user(world["intaker_b"])
    assert form in Doorstroomformulier.objects.for_user(world["decaan"])


def test_revoking_membership_removes_access(world):
    from voroc.accounts.models import Lidmaatschap, User
    from voroc.accounts.services import lidmaatschap_intrekken_unchecked

    lidmaatschap_intrekken_unchecked(lidmaatschap=Lidmaatschap.objects.get(user=world["decaan"]))
    assert visible(User.objects.get(pk=world["decaan"].pk)) == set()
