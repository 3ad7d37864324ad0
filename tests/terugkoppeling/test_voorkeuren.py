"""The mail default per role: decaan, intaker and consulent get the daily digest
unless they chose otherwise; other roles get the setting; an explicit preference always wins."""

import pytest
from django.urls import reverse

from terugkoppeling.models import MailStatus, Notificatie, NotificatieVoorkeur
from terugkoppeling.services import terugkoppeling_record
from terugkoppeling.voorkeuren import mail_voorkeuren
from tests import factories as f
from voroc.accounts.models import Rol

pytestmark = pytest.mark.django_db


def test_high_volume_roles_default_to_the_digest_others_to_the_setting(world, settings):
    settings.VOROC_NOTIFICATIE_MAIL_STANDAARD = "direct"
    keys = ("decaan", "intaker", "consulent", "mentor", "zorg", "servicedesk")
    got = mail_voorkeuren([world[k].pk for k in keys])
    assert {k: got[world[k].pk] for k in keys} == {
        "decaan": "dagelijks",
        "intaker": "dagelijks",
        "consulent": "dagelijks",
        "mentor": "direct",
        "zorg": "direct",
        "servicedesk": "direct",
    }


def test_an_explicit_preference_wins_over_the_role_default(world, settings):
    settings.VOROC_NOTIFICATIE_MAIL_STANDAARD = "geen"
    NotificatieVoorkeur.objects.create(user=world["consulent"], mail="direct")
    NotificatieVoorkeur.objects.create(user=world["mentor"], mail="dagelijks")
    got = mail_voorkeuren([world["consulent"].pk, world["mentor"].pk, world["zorg"].pk])
    assert got == {world["consulent"].pk: "direct", world["mentor"].pk: "dagelijks", world["zorg"].pk: "geen"}


def test_a_mentor_who_is_also_decaan_gets_the_role_default(world, settings):
    settings.VOROC_NOTIFICATIE_MAIL_STANDAARD = "direct"
    user = f.user_with_role("mentor", world["school_a"])
    f.lidmaatschap_toekennen_unchecked(account=user, organisatie=world["school_b"], rol=Rol.objects.get(code="decaan"))
    assert mail_voorkeuren([user.pk]) == {user.pk: "dagelijks"}


def test_new_notifications_follow_the_role_default(world, settings, django_capture_on_commit_callbacks, mailoutbox):
    settings.VOROC_NOTIFICATIE_MAIL_STANDAARD = "direct"
    with django_capture_on_commit_callbacks(execute=True):
        terugkoppeling_record(
            leerling=world["leerling_a"],
            aanmelding=world["aanmelding_a"],
            soort="aanmelding",
            status="in_behandeling",
            bericht="Ontvangen.",
            user=world["intaker"],
        )
    status = dict(Notificatie.objects.filter(user__isnull=False).values_list("user_id", "mail_status"))
    assert status == {world["decaan"].pk: MailStatus.DIGEST, world["mentor"].pk: MailStatus.VERZONDEN}
    # The consulent (team row) gets no direct mail either: the role's default is the digest.
    assert [m.to for m in mailoutbox] == [[world["mentor"].email]]


def test_the_preferences_page_shows_the_default_in_force(world, client, settings):
    settings.VOROC_NOTIFICATIE_MAIL_STANDAARD = "direct"
    client.force_login(world["consulent"])
    assert client.get(reverse("terugkoppeling:voorkeuren")).context["form"].initial == {"mail": "dagelijks"}
    client.force_login(world["mentor"])
    assert client.get(reverse("terugkoppeling:voorkeuren")).context["form"].initial == {"mail": "direct"}
