"""Parents: invited by the school or by a pupil of 16 or older, activated through the code into
an access of relation ouder, removed by revoking it; a parent's choice of messages and view."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from doorstroom.models import Doorstroomformulier
from leerlingen.models import Leerling
from portaal.models import Activatiecode, Toegang, Zienswijze
from portaal.ouders import ouder_uitnodigen, toegang_voor_code, zienswijze_toevoegen
from tests import factories as f
from tests.doorstroom import factories as ff
from voroc import policy
from voroc.errors import DomainError

pytestmark = pytest.mark.django_db


def _code_uit_mail(message) -> str:
    return message.body.split("?code=")[1].split()[0]


def _mijn(world, pad: str, leerling: str = "leerling_a") -> str:
    return f"/mijn/{world[leerling].pk}/{pad}"


def test_the_school_invites_a_parent_by_mail_without_the_pupils_name(world, client, django_capture_on_commit_callbacks):
    client.force_login(world["decaan"])
    url = reverse("portaal_school:ouder_uitnodigen", kwargs={"pk": world["leerling_a"].pk})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"email": "Nieuwe.Ouder@example.nl"})
    assert response.status_code == 302
    (bericht,) = mail.outbox
    assert bericht.to == ["nieuwe.ouder@example.nl"] and "/mijn/activeren/?code=" in bericht.body
    leerling = world["leerling_a"]
    assert leerling.voornaam not in bericht.body and leerling.achternaam not in bericht.body
    code = Activatiecode.objects.get(email="nieuwe.ouder@example.nl")
    assert code.relatie == "ouder" and code.bruikbaar() and _code_uit_mail(bericht) not in code.code_hash
    # Through portaal/mail.py as the other portal mails: the subject, and the same text as HTML.
    assert bericht.subject == "Uitnodiging: uw eigen account in VOROC"
    ((html, soort),) = bericht.alternatives
    assert soort == "text/html" and "/mijn/activeren/?code=" in html


def test_the_invitation_mail_waits_for_the_commit(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        ouder_uitnodigen(leerling=world["leerling_a"], email="o@example.nl", user=world["decaan"])
    assert not mail.outbox and len(callbacks) == 1
    callbacks[0]()
    assert [m.to for m in mail.outbox] == [["o@example.nl"]]


def test_a_used_code_becomes_a_parents_access_once(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ouder_uitnodigen(leerling=world["leerling_a"], email="o@example.nl", user=world["decaan"])
    code = _code_uit_mail(mail.outbox[0])
    account = f.UserFactory(portaal=True)
    geboren = world["leerling_a"].geboortedatum
    toegang = toegang_voor_code(code=code.lower(), geboortedatum=geboren, user=account)
    assert toegang.relatie == "ouder" and toegang.leerling == world["leerling_a"]
    account = type(account).objects.get(pk=account.pk)
    assert policy.eigen_relatie(account, world["leerling_a"].pk) == "ouder"
    with pytest.raises(DomainError, match="al gebruikt"):
        toegang_voor_code(code=code, geboortedatum=geboren, user=f.UserFactory(portaal=True))


def test_an_expired_code_opens_nothing(world):
    code = ouder_uitnodigen(leerling=world["leerling_a"], email="o@example.nl", user=world["decaan"])
    Activatiecode.objects.filter(pk=code.pk).update(verloopt_op=code.aangemaakt_op - datetime.timedelta(days=1))
    with pytest.raises(DomainError, match="te oud"):
        toegang_voor_code(
            code=code.code, geboortedatum=world["leerling_a"].geboortedatum, user=f.UserFactory(portaal=True)
        )


def test_a_staff_account_cannot_use_a_code(world):
    code = ouder_uitnodigen(leerling=world["leerling_a"], email="o@example.nl", user=world["decaan"])
    with pytest.raises(DomainError, match="schoolaccount"):
        toegang_voor_code(code=code.code, geboortedatum=world["leerling_a"].geboortedatum, user=world["mentor"])


def test_a_pupil_of_16_invites_and_removes_a_parent(world, client):
    client.force_login(world["leerling"])
    body = client.get(_mijn(world, "ouders/")).content.decode()
    assert "Uitnodiging sturen" in body
    assert client.post(_mijn(world, "ouders/uitnodigen/"), {"email": "tweede@example.nl"}).status_code == 302
    assert Activatiecode.objects.filter(email="tweede@example.nl", aangemaakt_door=world["leerling"]).exists()
    toegang = Toegang.objects.get(user=world["ouder"])
    assert client.post(_mijn(world, f"ouders/{toegang.pk}/verwijderen/")).status_code == 302
    toegang.refresh_from_db()
    assert toegang.ingetrokken_op is not None and toegang.ingetrokken_door == world["leerling"]
    ouder = type(world["ouder"]).objects.get(pk=world["ouder"].pk)
    client.force_login(ouder)
    assert client.get(_mijn(world, "formulier/")).status_code == 403


def test_a_younger_pupil_sees_the_list_but_cannot_change_it(world, client):
    Leerling.objects.filter(pk=world["leerling_a"].pk).update(geboortedatum=datetime.date.today().replace(year=2012))
    client.force_login(world["leerling"])
    body = client.get(_mijn(world, "ouders/")).content.decode()
    assert "Vanaf 16 jaar" in body and "Uitnodiging sturen" not in body and world["ouder"].naam in body
    assert client.post(_mijn(world, "ouders/uitnodigen/"), {"email": "x@example.nl"}).status_code == 403
    toegang = Toegang.objects.get(user=world["ouder"])
    assert client.post(_mijn(world, f"ouders/{toegang.pk}/verwijderen/")).status_code == 403
    assert Toegang.objects.get(pk=toegang.pk).ingetrokken_op is None


def test_a_parent_cannot_manage_parents(world, client):
    client.force_login(world["ouder"])
    assert client.get(_mijn(world, "ouders/")).status_code == 403
    assert client.post(_mijn(world, "ouders/uitnodigen/"), {"email": "x@example.nl"}).status_code == 403


def test_the_school_revokes_a_parent(world, client):
    toegang = Toegang.objects.get(user=world["ouder"])
    client.force_login(world["decaan"])
    url = reverse("portaal_school:ouder_intrekken", kwargs={"pk": world["leerling_a"].pk, "toegang": toegang.pk})
    assert client.post(url).status_code == 302
    assert Toegang.objects.get(pk=toegang.pk).ingetrokken_door == world["decaan"]


def test_a_parent_chooses_messages(world, client):
    client.force_login(world["ouder"])
    assert client.get(_mijn(world, "berichten/")).status_code == 200
    assert client.post(_mijn(world, "berichten/"), {}).status_code == 302
    assert Toegang.objects.get(user=world["ouder"]).meldingen is False
    client.post(_mijn(world, "berichten/"), {"meldingen": "on"})
    assert Toegang.objects.get(user=world["ouder"]).meldingen is True
    client.force_login(world["leerling"])
    assert client.get(_mijn(world, "berichten/")).status_code == 403


def test_a_parent_writes_a_view_the_school_and_later_the_mbo_read(world, client):
    client.force_login(world["ouder"])
    assert client.get(_mijn(world, "zienswijze/")).status_code == 200
    tekst = "Wij steunen de keuze voor de zorg."
    assert client.post(_mijn(world, "zienswijze/"), {"tekst": tekst}).status_code == 302
    z = Zienswijze.objects.get()
    assert z.auteur == world["ouder"] and z.leerling == world["leerling_a"]
    # The school reads it on its form page and in the PDF.
    client.force_login(world["decaan"])
    ff.formulier(world["leerling_a"], world["decaan"])
    body = client.get(reverse("doorstroom:formulier", kwargs={"pk": world["leerling_a"].pk})).content.decode()
    assert "Zienswijze van ouder/verzorger" in body and tekst in body
    formulier = Doorstroomformulier.objects.get(leerling=world["leerling_a"])
    pdf = client.get(reverse("doorstroom:pdf", kwargs={"pk": formulier.pk}))
    assert "Wij steunen de keuze" in ff.pdf_text(pdf.content)
    # The mbo: not before the form is final, then as part A.
    assert not list(policy_scoped(world["intaker"]))
    ff.formulier(world["leerling_a"], world["decaan"], definitief=True)
    assert list(policy_scoped(world["intaker"])) == [z]
    client.force_login(world["intaker"])
    body = client.get(reverse("doorstroom:formulier", kwargs={"pk": world["leerling_a"].pk})).content.decode()
    assert tekst in body


def policy_scoped(user):
    return Zienswijze.objects.filter(policy.deel_a_q(user))


def test_a_pupil_reads_views_but_cannot_write_one(world, client):
    zienswijze_toevoegen(leerling=world["leerling_a"], user=world["ouder"], tekst="Goed plan")
    client.force_login(world["leerling"])
    body = client.get(_mijn(world, "zienswijze/")).content.decode()
    assert "Goed plan" in body and 'name="tekst"' not in body
    assert client.post(_mijn(world, "zienswijze/"), {"tekst": "Ik"}).status_code == 403
    with pytest.raises(DomainError):
        zienswijze_toevoegen(leerling=world["leerling_a"], user=world["leerling"], tekst="Ik")


def test_an_empty_view_is_refused_in_dutch(world, client):
    client.force_login(world["ouder"])
    response = client.post(_mijn(world, "zienswijze/"), {"tekst": "  "})
    assert response.status_code == 400 and "Schrijf eerst uw zienswijze op" in response.content.decode()
    assert not Zienswijze.objects.exists()


def test_another_pupils_parent_sees_nothing(world, client):
    zienswijze_toevoegen(leerling=world["leerling_a"], user=world["ouder"], tekst="Alleen voor A")
    ander = f.portaal_account(world["leerling_b"], relatie="ouder")
    client.force_login(ander)
    assert "Alleen voor A" not in client.get(_mijn(world, "zienswijze/", "leerling_b")).content.decode()
    assert client.get(_mijn(world, "zienswijze/")).status_code == 404


@pytest.mark.parametrize(
    ("rol", "pad"),
    [
        ("leerling", "/mijn/formulier/"),
        ("leerling", "/mijn/wensen/"),
        ("leerling", "/mijn/ouders/"),
        ("leerling", "/mijn/zienswijze/"),
        ("ouder", "/mijn/zienswijze/"),
        ("ouder", "/mijn/berichten/"),
        ("decaan", "school"),
    ],
)
def test_portal_pages_have_a_fixed_query_count(world, client, django_assert_max_num_queries, rol, pad):
    """The same number of queries with one parent and view as with five of each."""
    leerling = world["leerling_a"]
    pad = f"/leerlingen/{leerling.pk}/portaal/" if pad == "school" else pad.replace("/mijn/", f"/mijn/{leerling.pk}/")
    ff.formulier(leerling, world["decaan"])
    zienswijze_toevoegen(leerling=leerling, user=world["ouder"], tekst="Eerste")
    client.force_login(world[rol])
    with django_assert_max_num_queries(20) as weinig:
        assert client.get(pad).status_code == 200
    for i in range(4):
        ouder = f.portaal_account(leerling, relatie="ouder", naam=f"Ouder {i}")
        zienswijze_toevoegen(leerling=leerling, user=ouder, tekst=f"Zienswijze {i}")
        ouder_uitnodigen(leerling=leerling, email=f"o{i}@example.nl", user=world["decaan"])
    with django_assert_max_num_queries(len(weinig.captured_queries)):
        assert client.get(pad).status_code == 200
