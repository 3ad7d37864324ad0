"""Part A of the transfer form in the portal: the pupil fills it in and hands it in, the school
sees when, a final form is read-only, a parent reads but never edits."""

import pytest
from django.urls import reverse

from doorstroom.models import Doorstroomformulier
from doorstroom.services import doorstroomformulier_deel_a_inleveren, doorstroomformulier_deel_a_opslaan
from leerlingen.models import Raadpleging
from tests.doorstroom import factories as ff
from voroc.errors import DomainError

pytestmark = pytest.mark.django_db


def _url(world, leerling="leerling_a") -> str:
    return f"/mijn/{world[leerling].pk}/formulier/"


def test_the_url_is_under_mijn_and_carries_the_pupil(world):
    assert reverse("portaal:deel_a", kwargs={"pk": world["leerling_a"].pk}) == _url(world)


def test_the_pupil_fills_in_part_a_and_creates_the_form(world, client):
    client.force_login(world["leerling"])
    assert client.get(_url(world)).status_code == 200
    response = client.post(_url(world), {"versie": 1, "motivatie": "Ik wil kok worden", "beroepswensen": "Kok"})
    assert response.status_code == 302
    formulier = Doorstroomformulier.objects.get(leerling=world["leerling_a"])
    assert formulier.motivatie == "Ik wil kok worden" and formulier.gewijzigd_door == world["leerling"]
    assert formulier.deel_a_ingeleverd_op is None
    assert Raadpleging.objects.filter(leerling=world["leerling_a"], user=world["leerling"]).exists()


def test_the_pupil_cannot_post_the_schools_fields(world, client):
    client.force_login(world["leerling"])
    client.post(_url(world), {"versie": 1, "motivatie": "Kok", "advies_niveau": 4, "zorg_nodig": "x"})
    formulier = Doorstroomformulier.objects.get(leerling=world["leerling_a"])
    assert formulier.advies_niveau is None and formulier.zorg_nodig == ""


def test_the_service_refuses_a_field_outside_part_a(world):
    with pytest.raises(DomainError):
        doorstroomformulier_deel_a_opslaan(
            leerling=world["leerling_a"], leerling_account=world["leerling"], data={"advies_niveau": 3}, versie=1
        )


def test_handing_in_stamps_the_form_and_the_school_sees_it(world, client):
    client.force_login(world["leerling"])
    response = client.post(_url(world), {"versie": 1, "motivatie": "Zorg", "actie": "inleveren"})
    assert response.status_code == 302
    formulier = Doorstroomformulier.objects.get(leerling=world["leerling_a"])
    assert formulier.deel_a_ingeleverd_op is not None
    client.force_login(world["decaan"])
    body = client.get(reverse("doorstroom:formulier", kwargs={"pk": world["leerling_a"].pk})).content.decode()
    assert "Deel A ingevuld door de leerling op" in body


def test_handing_in_without_motivation_says_why(world):
    with pytest.raises(DomainError, match="motivatie"):
        doorstroomformulier_deel_a_inleveren(leerling=world["leerling_a"], leerling_account=world["leerling"])


def test_a_stale_version_is_a_conflict_not_an_overwrite(world, client):
    ff.formulier(world["leerling_a"], world["decaan"])
    client.force_login(world["leerling"])
    response = client.post(_url(world), {"versie": 1, "motivatie": "Oud"}, follow=True)
    assert "Iemand anders heeft je formulier net opgeslagen" in response.content.decode()
    assert Doorstroomformulier.objects.get(leerling=world["leerling_a"]).motivatie != "Oud"


def test_a_final_form_is_read_only_for_the_pupil(world, client):
    ff.formulier(world["leerling_a"], world["decaan"], definitief=True)
    client.force_login(world["leerling"])
    body = client.get(_url(world)).content.decode()
    assert 'name="motivatie"' not in body and "Wil graag in de zorg werken" in body
    client.post(_url(world), {"versie": 99, "motivatie": "Nieuw"})
    assert Doorstroomformulier.objects.get(leerling=world["leerling_a"]).motivatie == "Wil graag in de zorg werken"
    with pytest.raises(DomainError, match="definitief"):
        doorstroomformulier_deel_a_inleveren(leerling=world["leerling_a"], leerling_account=world["leerling"])


def test_a_parent_reads_part_a_but_cannot_edit(world, client):
    ff.formulier(world["leerling_a"], world["decaan"])
    client.force_login(world["ouder"])
    body = client.get(_url(world)).content.decode()
    assert "Wil graag in de zorg werken" in body and 'name="motivatie"' not in body
    assert client.post(_url(world), {"versie": 2, "motivatie": "Ouder"}).status_code == 403
    with pytest.raises(DomainError):
        doorstroomformulier_deel_a_opslaan(
            leerling=world["leerling_a"], leerling_account=world["ouder"], data={"motivatie": "x"}, versie=2
        )


def test_the_pupil_never_sees_the_schools_part_or_care(world, client):
    ff.formulier(world["leerling_a"], world["decaan"], zorg_nodig="Geheim-zorg-123", advies_toelichting="Advies-456")
    client.force_login(world["leerling"])
    body = client.get(_url(world)).content.decode()
    assert "Geheim-zorg-123" not in body and "Advies-456" not in body


@pytest.mark.parametrize("role", ["decaan", "intaker", "servicedesk"])
def test_staff_get_403(world, client, role):
    client.force_login(world[role])
    assert client.get(_url(world)).status_code == 403


def test_fixed_query_count(world, client, django_assert_max_num_queries):
    ff.formulier(world["leerling_a"], world["decaan"])
    client.force_login(world["leerling"])
    with django_assert_max_num_queries(14):
        assert client.get(_url(world)).status_code == 200


def test_the_portal_page_orders_every_field_of_part_a():
    from doorstroom.services import DEEL_A_VELDEN
    from portaal.views_deel_a import VOLGORDE

    assert set(VOLGORDE) == DEEL_A_VELDEN and len(VOLGORDE) == len(DEEL_A_VELDEN)
