"""Account services: who may do what (refusal paths)."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests import factories as f
from tests.otp import totp_device
from voroc.accounts import services
from voroc.accounts.models import Lidmaatschap, Rol
from voroc.errors import DomainError


@pytest.mark.parametrize("actor", ["decaan", "mentor", "zorg", "intaker", "consulent"])
def test_only_the_servicedesk_grants_and_revokes_roles(world, actor):
    rol = Rol.objects.get(code="mentor")
    with pytest.raises(DomainError, match="geen rechten"):
        services.lidmaatschap_toekennen(
            account=world["mentor"], organisatie=world["school_b"], rol=rol, user=world[actor]
        )
    lid = Lidmaatschap.objects.get(user=world["mentor"])
    with pytest.raises(DomainError):
        services.lidmaatschap_intrekken(lidmaatschap=lid, user=world[actor])
    assert Lidmaatschap.objects.filter(pk=lid.pk).exists()


@pytest.mark.parametrize("actor", ["decaan", "mentor", "intaker", "consulent"])
def test_only_the_servicedesk_resets_a_second_factor(world, actor):
    totp_device(world["zorg"])
    with pytest.raises(DomainError):
        services.account_reset_2fa(account=world["zorg"], user=world[actor])
    assert TOTPDevice.objects.filter(user=world["zorg"]).exists()


def test_servicedesk_cannot_take_its_own_role_or_touch_superusers(world):
    desk = world["servicedesk"]
    lid = Lidmaatschap.objects.get(user=desk)
    with pytest.raises(DomainError):
        services.lidmaatschap_intrekken(lidmaatschap=lid, user=desk)
    admin = f.UserFactory(is_superuser=True, is_staff=True)
    with pytest.raises(DomainError):
        services.account_deactivate(account=admin, user=desk)


@pytest.mark.parametrize("target", ["decaan_b", "intaker", "consulent", "servicedesk"])
def test_decaan_deactivates_only_own_school_colleagues(world, target):
    with pytest.raises(DomainError):
        services.account_deactivate(account=world[target], user=world["decaan"])
    world[target].refresh_from_db()
    assert world[target].is_active


def test_a_colleague_with_a_role_elsewhere_is_for_the_servicedesk(world):
    mentor = world["mentor"]
    services.lidmaatschap_toekennen_unchecked(
        account=mentor, organisatie=world["school_b"], rol=Rol.objects.get(code="mentor")
    )
    with pytest.raises(DomainError):
        services.account_deactivate(account=mentor, user=world["decaan"])


def test_deactivating_twice_says_so(world):
    services.account_deactivate(account=world["mentor"], user=world["decaan"])
    with pytest.raises(DomainError, match="al gedeactiveerd"):
        services.account_deactivate(account=world["mentor"], user=world["servicedesk"])


def test_invitation_to_an_inactive_organisation_is_refused(world):
    school = world["school_a"]
    school.actief = False
    school.save()
    with pytest.raises(DomainError, match="niet actief"):
        services.uitnodiging_create(
            email="x@y.nl",
            naam="X",
            organisatie=school,
            rol=Rol.objects.get(code="mentor"),
            base_url="http://testserver/",
            user=world["servicedesk"],
        )
