""" "Code invoeren": a signed-in portal account adds a child with a parent's code, through the same
redemption core as the activation page (lookup with the date of birth, expiry, single use, the
attempt limit, the access with the code's relation)."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from portaal import services
from portaal.models import Activatiecode, Toegang
from portaal.ouders import ouder_uitnodigen
from tests import factories as f

pytestmark = pytest.mark.django_db
URL = "/mijn/code/"


@pytest.fixture(autouse=True)
def _leeg_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def kind(world):
    """A second pupil of the parent's school, born on another day than pupil A."""
    return f.LeerlingFactory(
        school=world["school_a"], schooljaar=world["schooljaar"], geboortedatum=datetime.date(2011, 2, 3)
    )


def _code(world, leerling, email="ouder.a@example.nl") -> Activatiecode:
    return ouder_uitnodigen(leerling=leerling, email=email, user=world["decaan"])


def _invoeren(client, code, geboortedatum, **extra):
    return client.post(URL, {"code": code, "geboortedatum": geboortedatum.strftime("%d-%m-%Y")}, **extra)


def test_the_url():
    assert reverse("portaal:code_invoeren") == URL


def test_a_parent_adds_a_second_child(world, client, kind):
    code = _code(world, kind)
    client.force_login(world["ouder"])
    assert "Code invoeren" in client.get(URL).content.decode()
    response = _invoeren(client, code.code.lower(), kind.geboortedatum)
    assert response.status_code == 302 and response["Location"] == reverse("portaal:leerling", kwargs={"pk": kind.pk})
    toegang = Toegang.objects.get(user=world["ouder"], leerling=kind)
    assert toegang.relatie == "ouder" and toegang.actief and toegang.verleend_door == world["decaan"]
    code.refresh_from_db()
    assert code.gebruikt_op is not None
    body = client.get(reverse("portaal:home")).content.decode()
    assert "Kies het kind" in body and body.count("data-kind=") == 2


def test_a_used_code_works_once(world, client, kind):
    code = _code(world, kind)
    client.force_login(world["ouder"])
    assert _invoeren(client, code.code, kind.geboortedatum).status_code == 302
    ander = f.portaal_account(world["leerling_b"], relatie="ouder")
    client.force_login(ander)
    response = _invoeren(client, code.code, kind.geboortedatum)
    assert response.status_code == 400 and "al gebruikt of te oud" in response.content.decode()
    assert not Toegang.objects.filter(user=ander, leerling=kind).exists()


def test_an_expired_code_is_refused(world, client, kind):
    code = _code(world, kind)
    Activatiecode.objects.filter(pk=code.pk).update(verloopt_op=timezone.now() - datetime.timedelta(minutes=1))
    client.force_login(world["ouder"])
    response = _invoeren(client, code.code, kind.geboortedatum)
    assert response.status_code == 400 and "te oud" in response.content.decode()
    assert not Toegang.objects.filter(leerling=kind).exists()
    assert Activatiecode.objects.get(pk=code.pk).gebruikt_op is None


@pytest.mark.parametrize("fout", ["code", "geboortedatum"])
def test_a_wrong_code_or_date_of_birth_does_not_say_which(world, client, kind, fout):
    code = _code(world, kind)
    client.force_login(world["ouder"])
    tekst = "AAAA-AAAA-AAAA" if fout == "code" else code.code
    geboren = kind.geboortedatum + (datetime.timedelta(days=1) if fout == "geboortedatum" else datetime.timedelta())
    response = _invoeren(client, tekst, geboren)
    assert response.status_code == 400 and services.KLOPT_NIET in response.content.decode()
    assert not Toegang.objects.filter(leerling=kind).exists()


def test_after_too_many_failures_even_the_right_code_waits(world, client, kind):
    code = _code(world, kind)
    client.force_login(world["ouder"])
    for _ in range(services.POGINGEN):
        assert _invoeren(client, "AAAA-AAAA-AAAA", kind.geboortedatum).status_code == 400
    response = _invoeren(client, code.code, kind.geboortedatum)
    assert response.status_code == 429 and "te vaak een verkeerde code" in response.content.decode()
    # The account counts too: another address does not start afresh.
    assert _invoeren(client, code.code, kind.geboortedatum, REMOTE_ADDR="192.0.2.77").status_code == 429
    assert not Toegang.objects.filter(leerling=kind).exists()


def test_the_activation_page_and_this_page_share_the_attempt_limit(world, client, kind):
    for _ in range(services.POGINGEN):
        client.post(reverse("portaal:activeren"), {"code": "AAAA-AAAA-AAAA", "geboortedatum": "03-02-2011"})
    client.force_login(world["ouder"])
    assert _invoeren(client, _code(world, kind).code, kind.geboortedatum).status_code == 429


def test_a_code_for_the_pupil_itself_makes_no_parents_access(world, client, kind):
    _rij, code = services.activatiecode_aanmaken(leerling=kind, user=world["decaan"])
    client.force_login(world["ouder"])
    response = _invoeren(client, code, kind.geboortedatum)
    assert response.status_code == 400 and "voor de leerling zelf" in response.content.decode()
    assert not Toegang.objects.filter(leerling=kind).exists()
    assert Activatiecode.objects.get(code_hash=services.code_hash(code)).gebruikt_op is None


def test_a_pupils_own_account_cannot_add_a_child(world, client, kind):
    code = _code(world, kind)
    client.force_login(world["leerling"])
    response = _invoeren(client, code.code, kind.geboortedatum)
    assert response.status_code == 400 and "eigen leerlingaccount" in response.content.decode()
    assert not Toegang.objects.filter(leerling=kind).exists()
    assert Activatiecode.objects.get(pk=code.pk).gebruikt_op is None


def test_a_code_for_a_child_the_parent_has_already_is_left_unused(world, client):
    code = _code(world, world["leerling_a"], email="tweede.adres@example.nl")
    client.force_login(world["ouder"])
    response = _invoeren(client, code.code, world["leerling_a"].geboortedatum)
    assert response.status_code == 400 and "al toegang" in response.content.decode()
    assert Activatiecode.objects.get(pk=code.pk).gebruikt_op is None


def test_a_parent_whose_access_was_revoked_can_still_enter_a_code(world, client, kind):
    Toegang.objects.filter(user=world["ouder"]).update(ingetrokken_op=timezone.now())
    code = _code(world, kind)
    client.force_login(world["ouder"])
    assert client.get(URL).status_code == 200
    assert _invoeren(client, code.code, kind.geboortedatum).status_code == 302
    assert client.get(reverse("portaal:leerling", kwargs={"pk": world["leerling_a"].pk})).status_code == 404
    assert client.get(reverse("portaal:leerling", kwargs={"pk": kind.pk})).status_code == 200


def test_staff_cannot_enter_a_code(world, client, kind):
    code = _code(world, kind)
    client.force_login(world["decaan"])
    assert _invoeren(client, code.code, kind.geboortedatum).status_code == 403
    assert Activatiecode.objects.get(pk=code.pk).gebruikt_op is None
