"""Programme wishes: the pupil picks at most two at one institution; the decaan turns them into
applications through the application services and their rules."""

import pytest
from django.urls import reverse

from aanmelding.models import Aanmelding
from portaal.deel_a import opleidingswensen_omzetten, opleidingswensen_opslaan
from portaal.models import Opleidingswens
from tests import factories as f
from voroc.errors import DomainError

pytestmark = pytest.mark.django_db


def _url(world, leerling="leerling_a") -> str:
    return f"/mijn/{world[leerling].pk}/wensen/"


@pytest.fixture
def leerling(world):
    """Pupil A without the world's application, so the wishes have room."""
    Aanmelding.objects.filter(leerling=world["leerling_a"]).delete()
    return world["leerling_a"]


def test_the_pupil_picks_two_wishes(world, client, leerling):
    tweede = f.OpleidingFactory(instelling=world["mbo_a"])
    client.force_login(world["leerling"])
    assert client.get(_url(world)).status_code == 200
    response = client.post(_url(world), {"eerste": world["opleiding_a"].pk, "tweede": tweede.pk})
    assert response.status_code == 302
    assert list(Opleidingswens.objects.filter(leerling=leerling).values_list("opleiding", "volgorde")) == [
        (world["opleiding_a"].pk, 1),
        (tweede.pk, 2),
    ]


def test_two_institutions_are_refused_in_dutch(world, client, leerling):
    client.force_login(world["leerling"])
    response = client.post(_url(world), {"eerste": world["opleiding_a"].pk, "tweede": world["opleiding_b"].pk})
    assert response.status_code == 400
    assert "bij één mbo-school" in response.content.decode()
    assert not Opleidingswens.objects.exists()


def test_a_closed_programme_cannot_be_chosen(world, client, leerling):
    gesloten = f.OpleidingFactory(instelling=world["mbo_a"], actief=False)
    client.force_login(world["leerling"])
    response = client.post(_url(world), {"eerste": gesloten.pk})
    assert response.status_code == 400 and not Opleidingswens.objects.exists()


def test_a_parent_reads_the_wishes_but_cannot_choose(world, client, leerling):
    opleidingswensen_opslaan(leerling=leerling, leerling_account=world["leerling"], opleidingen=[world["opleiding_a"]])
    client.force_login(world["ouder"])
    body = client.get(_url(world)).content.decode()
    assert world["opleiding_a"].naam in body and 'name="eerste"' not in body
    assert client.post(_url(world), {"eerste": world["opleiding_a"].pk}).status_code == 403


def test_the_decaan_turns_the_wishes_into_applications(world, client, leerling):
    opleidingswensen_opslaan(leerling=leerling, leerling_account=world["leerling"], opleidingen=[world["opleiding_a"]])
    client.force_login(world["decaan"])
    pagina = reverse("portaal_school:leerling", kwargs={"pk": leerling.pk})
    body = client.get(pagina).content.decode()
    assert world["opleiding_a"].naam in body and "Zet wensen om in aanmeldingen" in body
    response = client.post(reverse("portaal_school:wensen_omzetten", kwargs={"pk": leerling.pk}))
    assert response.status_code == 302
    wens = Opleidingswens.objects.get(leerling=leerling)
    assert wens.omgezet_in.opleiding == world["opleiding_a"] and wens.omgezet_in.status == "aangemeld"
    # Once turned into applications, the pupil's choice is fixed.
    with pytest.raises(DomainError, match="omgezet"):
        opleidingswensen_opslaan(leerling=leerling, leerling_account=world["leerling"], opleidingen=[])


def test_a_rule_of_the_applications_refuses_all_with_its_message(world, leerling):
    tweede = f.OpleidingFactory(instelling=world["mbo_a"])
    opleidingswensen_opslaan(
        leerling=leerling, leerling_account=world["leerling"], opleidingen=[world["opleiding_a"], tweede]
    )
    # Meanwhile the school applied to another institution: the one-institution rule refuses both.
    f.AanmeldingFactory(leerling=leerling, opleiding=world["opleiding_b"])
    with pytest.raises(DomainError, match="één mbo-instelling"):
        opleidingswensen_omzetten(leerling=leerling, user=world["decaan"])
    assert not Opleidingswens.objects.filter(omgezet_in__isnull=False).exists()


def test_only_a_holder_of_aanmelden_turns_wishes(world, client, leerling):
    opleidingswensen_opslaan(leerling=leerling, leerling_account=world["leerling"], opleidingen=[world["opleiding_a"]])
    client.force_login(world["zorg"])  # sees the pupil through the school, may not apply
    url = reverse("portaal_school:wensen_omzetten", kwargs={"pk": leerling.pk})
    assert client.post(url).status_code == 403
    assert not Aanmelding.objects.filter(leerling=leerling).exists()


def test_the_school_page_has_a_fixed_query_count(world, client, leerling, django_assert_max_num_queries):
    opleidingswensen_opslaan(leerling=leerling, leerling_account=world["leerling"], opleidingen=[world["opleiding_a"]])
    client.force_login(world["decaan"])
    with django_assert_max_num_queries(16):
        assert client.get(reverse("portaal_school:leerling", kwargs={"pk": leerling.pk})).status_code == 200


def test_the_wishes_are_on_the_pupils_page_in_the_school(world, client, leerling):
    opleidingswensen_opslaan(leerling=leerling, leerling_account=world["leerling"], opleidingen=[world["opleiding_a"]])
    client.force_login(world["decaan"])
    body = client.get(reverse("leerlingen:detail", kwargs={"pk": leerling.pk})).content.decode()
    assert "Opleidingswensen van de leerling" in body and "Zet wensen om in aanmeldingen" in body
    client.force_login(world["zorg"])  # sees them, may not apply
    body = client.get(reverse("leerlingen:detail", kwargs={"pk": leerling.pk})).content.decode()
    assert world["opleiding_a"].naam in body and "Zet wensen om in aanmeldingen" not in body


def test_the_mbo_sees_the_wishes_only_with_a_final_form(world, client, leerling):
    from tests.doorstroom import factories as ff

    opleidingswensen_opslaan(leerling=leerling, leerling_account=world["leerling"], opleidingen=[world["opleiding_a"]])
    opleidingswensen_omzetten(leerling=leerling, user=world["decaan"])  # the mbo sees the pupil through it
    client.force_login(world["intaker"])
    url = reverse("leerlingen:detail", kwargs={"pk": leerling.pk})
    assert "Opleidingswensen van de leerling" not in client.get(url).content.decode()
    ff.formulier(leerling, world["decaan"], definitief=True)
    assert "Opleidingswensen van de leerling" in client.get(url).content.decode()
