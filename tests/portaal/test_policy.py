"""The pupil's and the parent's columns of the visibility table, and their only scope."""

import pytest

from leerlingen.models import Leerling
from portaal.models import Toegang
from tests.factories import LeerlingFactory, SchoolFactory, UserFactory, portaal_account, user_with_role
from voroc import policy
from voroc.policy import Deel

pytestmark = pytest.mark.django_db


def test_a_pupil_reaches_only_the_own_file():
    eigen, ander = LeerlingFactory(), LeerlingFactory()
    leerling = portaal_account(eigen)
    assert list(Leerling.objects.filter(policy.eigen_leerling_q(leerling))) == [eigen]
    zicht = policy.zicht(leerling, eigen)
    assert not policy.zicht(leerling, ander).delen
    assert {Deel.GEGEVENS, Deel.AANMELDINGEN, Deel.BESLUITEN, Deel.DEEL_A, Deel.WIE_ZAG} <= zicht.delen
    # never the care part, risk, the municipality's file, the full log, the number; the school's
    # own part of the form only once final
    assert not zicht.delen & {Deel.ZORG, Deel.RISICO, Deel.GEMEENTE, Deel.LOGBOEK, Deel.PERSOONSNUMMER}
    assert Deel.FORMULIER not in zicht.delen


def test_staff_scopes_never_include_a_portal_accounts_pupil():
    eigen = LeerlingFactory()
    for relatie in ("leerling", "ouder"):
        account = portaal_account(eigen, relatie=relatie)
        assert not Leerling.objects.filter(policy.leerling_q(account)).exists()
        assert not policy.viewer(account).grants.all_orgs


def test_a_parent_sees_the_childs_file_but_manages_no_access():
    kind = LeerlingFactory()
    ouder = portaal_account(kind, relatie="ouder")
    zicht = policy.zicht(ouder, kind)
    assert Deel.DEEL_A in zicht.delen and Deel.TOEGANG not in zicht.delen
    assert Deel.TOEGANG in policy.zicht(portaal_account(kind), kind).delen


def test_a_revoked_access_opens_nothing():
    kind = LeerlingFactory()
    ouder = portaal_account(kind, relatie="ouder")
    Toegang.objects.filter(user=ouder).update(ingetrokken_op="2026-12-01T12:00:00+01:00")
    ouder = type(ouder).objects.get(pk=ouder.pk)  # grants are cached per user object
    assert not policy.zicht(ouder, kind).delen
    assert not Leerling.objects.filter(policy.eigen_leerling_q(ouder)).exists()


def test_a_staff_member_is_not_given_portal_relations():
    school = SchoolFactory()
    leerling = LeerlingFactory(school=school)
    decaan = user_with_role("decaan", school)
    Toegang.objects.create(user=decaan, leerling=leerling, relatie="ouder")  # not a portal account
    relaties = {r.soort for r in policy.zicht(decaan, leerling).relaties}
    assert relaties == {policy.Relatie.SCHOOL}
    assert not policy.viewer(UserFactory()).grants.leerlingen


def test_deel_q_for_a_pupil_follows_the_table():
    eigen = LeerlingFactory()
    leerling = portaal_account(eigen)
    assert list(Leerling.objects.filter(policy.deel_q(leerling, Deel.DEEL_A))) == [eigen]
    assert not Leerling.objects.filter(policy.deel_q(leerling, Deel.RISICO)).exists()
    assert not Leerling.objects.filter(policy.deel_q(leerling, Deel.FORMULIER)).exists()
    assert policy.ziet_ergens(leerling, Deel.WIE_ZAG) and not policy.ziet_ergens(leerling, Deel.ZORG)
