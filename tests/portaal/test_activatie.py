"""Activation: the school makes a code (letter or mail), the pupil makes an account with it."""

import datetime
import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from portaal import services
from portaal.activatie import POGINGEN
from portaal.models import Activatiecode, Toegang
from voroc.accounts.models import User
from voroc.errors import DomainError

WACHTWOORD = "een-heel-lang-wachtwoord-voor-sanne"


@pytest.fixture(autouse=True)
def _leeg_cache():
    cache.clear()
    yield
    cache.clear()


def _leerling_zonder_account(world):
    Toegang.objects.filter(leerling=world["leerling_a"], relatie="leerling").update(ingetrokken_op=timezone.now())
    return world["leerling_a"]


def test_a_code_is_random_unambiguous_hashed_and_valid_30_days(world):
    rij, code = services.activatiecode_aanmaken(leerling=world["leerling_a"], user=world["decaan"])
    assert len(code) >= 12 and set(code) <= set(services.ALFABET)
    assert not set(code) & set("01OIL5S2Z8B")
    assert code not in rij.code_hash and rij.code_hash == services.code_hash(code)
    assert rij.verloopt_op - rij.aangemaakt_op == datetime.timedelta(days=30)
    _, other = services.activatiecode_aanmaken(leerling=world["leerling_a"], user=world["decaan"])
    assert other != code


def test_a_new_code_revokes_the_earlier_unused_one(world):
    eerste, _ = services.activatiecode_aanmaken(leerling=world["leerling_a"], user=world["decaan"])
    tweede, _ = services.activatiecode_aanmaken(leerling=world["leerling_a"], user=world["decaan"])
    eerste.refresh_from_db()
    assert eerste.ingetrokken_op is not None and not eerste.bruikbaar()
    assert tweede.bruikbaar()


@pytest.mark.parametrize("role", ["mentor", "zorg", "intaker", "consulent", "decaan_b", "leerling"])
def test_only_the_schools_decaan_may_make_a_code(world, role):
    with pytest.raises(DomainError):
        services.activatiecode_aanmaken(leerling=world["leerling_a"], user=world[role])


def test_the_letter_is_a_pdf_with_one_page_per_pupil_and_the_read_is_logged(world, client):
    from leerlingen.models import Raadpleging

    client.force_login(world["decaan"])
    url = reverse("portaal_activatie:leerling_activeren", kwargs={"pk": world["leerling_a"].pk})
    assert client.get(url).status_code == 200
    response = client.post(url, {"manier": "brief", "email": ""})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert Activatiecode.objects.filter(leerling=world["leerling_a"], email="").count() == 1
    assert Raadpleging.objects.filter(leerling=world["leerling_a"], user=world["decaan"], actie="pdf").exists()


def test_a_class_gets_one_letter_page_per_pupil(world, client):
    from pypdf import PdfReader

    from tests import factories as f

    klas = world["leerling_a"].klas
    f.LeerlingFactory(school=world["school_a"], klas=klas, schooljaar=world["schooljaar"])
    world["schooljaar"].actief = True
    world["schooljaar"].save()
    client.force_login(world["decaan"])
    response = client.post(
        reverse("portaal_activatie:groep_activeren"), {"wie": "klas", "klas": klas, "manier": "brief"}
    )
    assert response.status_code == 200, response.content[:500]
    import io

    pages = PdfReader(io.BytesIO(response.content)).pages
    # pupil A already has an account: only the new pupil
    assert len(pages) == 1
    code = re.search(r"([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})", pages[0].extract_text()).group(1)
    assert Activatiecode.objects.filter(code_hash=services.code_hash(code)).exists()


def test_the_invitation_mail_names_no_pupil_and_links_the_code(world, client, django_capture_on_commit_callbacks):
    leerling = world["leerling_a"]
    client.force_login(world["decaan"])
    url = reverse("portaal_activatie:leerling_activeren", kwargs={"pk": leerling.pk})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"manier": "email", "email": "sanne@example.nl"})
    assert response.status_code == 302
    (bericht,) = mail.outbox
    assert bericht.to == ["sanne@example.nl"]
    tekst = bericht.subject + bericht.body
    for persoonlijk in (leerling.voornaam, leerling.achternaam, leerling.school.naam):
        assert persoonlijk not in tekst
    assert "/mijn/activeren/?code=" in bericht.body


def _activeer(client, code, geboortedatum, email="sanne.nieuw@example.nl"):
    response = client.post(
        reverse("portaal:activeren"), {"code": code, "geboortedatum": geboortedatum.strftime("%d-%m-%Y")}
    )
    if response.status_code != 302:
        return response
    return client.post(
        reverse("portaal:activeren_account"),
        {"email": email, "wachtwoord": WACHTWOORD, "wachtwoord2": WACHTWOORD},
    )


def test_the_pupil_activates_once_and_lands_on_the_portal(world, client):
    leerling = _leerling_zonder_account(world)
    _, code = services.activatiecode_aanmaken(leerling=leerling, user=world["decaan"])
    response = _activeer(client, services.code_tonen(code).lower(), leerling.geboortedatum)
    assert response.status_code == 302 and response["Location"] == reverse("portaal:home")
    user = User.objects.get(email="sanne.nieuw@example.nl")
    assert user.portaal and user.check_password(WACHTWOORD)
    assert Toegang.objects.get(user=user).leerling == leerling
    # Used: a second use is refused.
    client.logout()
    response = _activeer(client, code, leerling.geboortedatum, email="ander@example.nl")
    assert response.status_code == 200
    assert "al gebruikt of te oud" in response.content.decode()
    assert not User.objects.filter(email="ander@example.nl").exists()


def test_an_expired_code_is_refused(world, client):
    leerling = _leerling_zonder_account(world)
    rij, code = services.activatiecode_aanmaken(leerling=leerling, user=world["decaan"])
    Activatiecode.objects.filter(pk=rij.pk).update(verloopt_op=timezone.now() - datetime.timedelta(minutes=1))
    response = _activeer(client, code, leerling.geboortedatum)
    assert response.status_code == 200 and "te oud" in response.content.decode()


def test_the_wrong_date_of_birth_is_refused_without_saying_which_part_was_wrong(world, client):
    leerling = _leerling_zonder_account(world)
    _, code = services.activatiecode_aanmaken(leerling=leerling, user=world["decaan"])
    response = _activeer(client, code, leerling.geboortedatum + datetime.timedelta(days=1))
    assert response.status_code == 200
    assert "Deze code of geboortedatum klopt niet" in response.content.decode()


def test_a_weak_password_is_refused_by_the_projects_validators(world, client):
    leerling = _leerling_zonder_account(world)
    _, code = services.activatiecode_aanmaken(leerling=leerling, user=world["decaan"])
    client.post(
        reverse("portaal:activeren"), {"code": code, "geboortedatum": leerling.geboortedatum.strftime("%d-%m-%Y")}
    )
    response = client.post(
        reverse("portaal:activeren_account"), {"email": "x@example.nl", "wachtwoord": "kort", "wachtwoord2": "kort"}
    )
    assert response.status_code == 200 and not User.objects.filter(email="x@example.nl").exists()


def test_after_too_many_failures_the_address_waits(world, client):
    leerling = _leerling_zonder_account(world)
    _, code = services.activatiecode_aanmaken(leerling=leerling, user=world["decaan"])
    for _ in range(POGINGEN):
        assert _activeer(client, "AAAA-AAAA-AAAA", leerling.geboortedatum).status_code == 200
    # Even the right code is refused now, with a Dutch message.
    response = _activeer(client, code, leerling.geboortedatum)
    assert response.status_code == 429
    assert "te vaak een verkeerde code" in response.content.decode()
    assert not User.objects.filter(email="sanne.nieuw@example.nl").exists()


def test_a_pupil_with_an_account_cannot_get_a_second_one(world):
    rij, _ = services.activatiecode_aanmaken(leerling=world["leerling_a"], user=world["decaan"])
    with pytest.raises(DomainError):
        services.account_activeren(code_id=rij.pk, email="tweede@example.nl", wachtwoord=WACHTWOORD)
    rij.refresh_from_db()
    assert rij.gebruikt_op is None
