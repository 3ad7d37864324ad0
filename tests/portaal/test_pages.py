"""The pupil's pages: status, intake, decision and timeline; who opened the file; reads logged."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from aanmelding.services import plaatsingsbesluit_record
from aanmelding.services_mbo import aanmelding_ontvangen, intake_plannen
from leerlingen.models import Raadpleging
from tests import factories as f
from voroc import audit


def _mbo_steps(world):
    aanmelding = world["aanmelding_a"]
    intaker = world["intaker"]
    aanmelding_ontvangen(aanmelding=aanmelding, user=intaker)
    intake_plannen(
        aanmelding=aanmelding,
        datum=timezone.localdate() + datetime.timedelta(days=7),
        tijd=datetime.time(10, 30),
        plaats="Lokaal B1.04",
        user=intaker,
    )
    aanmelding.refresh_from_db()
    aanmelding.status = "intake_gehad"
    aanmelding.save()
    return plaatsingsbesluit_record(aanmelding=aanmelding, uitkomst="geplaatst", user=intaker)


@pytest.mark.parametrize("role", ["leerling", "ouder"])
def test_the_pupil_sees_intake_decision_and_feedback(world, client, role):
    _mbo_steps(world)
    client.force_login(world[role])
    response = client.get(reverse("portaal:leerling", kwargs={"pk": world["leerling_a"].pk}))
    body = response.content.decode()
    assert response.status_code == 200
    assert world["opleiding_a"].naam in body and "Lokaal B1.04" in body and "10:30" in body
    assert "Besluit van de mbo-school" in body and "geplaatst" in body
    # the three feedback moments that happened: receipt, intake (decision: moment 3)
    assert 'data-moment="1"' in body and 'data-moment="2"' in body and 'data-moment="3"' in body
    assert "Je bent geplaatst bij" in body


def test_the_next_step_before_the_deadline_in_plain_language(world, client):
    world["aanmelding_a"].delete()
    client.force_login(world["leerling"])
    body = client.get(reverse("portaal:leerling", kwargs={"pk": world["leerling_a"].pk})).content.decode()
    deadline = world["leerling_a"].schooljaar.aanmelddeadline
    if timezone.localdate() <= deadline:
        assert "Meld je uiterlijk" in body and "aan bij een mbo-opleiding" in body
    else:
        assert "Meld je zo snel mogelijk aan" in body


def test_the_page_logs_the_read_without_organisation(world, client):
    client.force_login(world["leerling"])
    client.get(reverse("portaal:leerling", kwargs={"pk": world["leerling_a"].pk}))
    row = Raadpleging.objects.get(user=world["leerling"])
    assert row.leerling_id == world["leerling_a"].pk and row.organisatie_id is None and row.rol_id is None


def test_no_care_risk_or_municipality_text_reaches_the_page(world, client):
    from terugkoppeling.models import Soort, Terugkoppeling

    Terugkoppeling.objects.create(
        leerling=world["leerling_a"], soort=Soort.MELDING, bericht="GEHEIM-RISICO", organisatie=world["gem_a"]
    )
    client.force_login(world["leerling"])
    body = client.get(reverse("portaal:leerling", kwargs={"pk": world["leerling_a"].pk})).content.decode()
    assert "GEHEIM-RISICO" not in body


def test_who_looked_shows_organisation_role_and_date_but_no_names(world, client):
    decaan, intaker = world["decaan"], world["intaker"]
    client.force_login(decaan)
    client.get(reverse("leerlingen:detail", kwargs={"pk": world["leerling_a"].pk}))
    client.force_login(intaker)
    client.get(reverse("mbo:dossier", kwargs={"pk": world["aanmelding_a"].pk}))
    client.force_login(world["leerling"])
    response = client.get(reverse("portaal:wie_zag", kwargs={"pk": world["leerling_a"].pk}))
    body = response.content.decode()
    assert response.status_code == 200
    assert world["school_a"].naam in body and world["mbo_a"].naam in body
    assert "Decaan" in body and "Mbo-intaker" in body
    for naam in (decaan.naam, intaker.naam, decaan.email, intaker.email):
        assert naam not in body
    assert body.count("data-raadpleging") == 2  # the pupil's own reads are not listed


def test_who_looked_is_paged(world, client):
    client.force_login(world["decaan"])
    for _ in range(30):
        client.get(reverse("leerlingen:detail", kwargs={"pk": world["leerling_a"].pk}))
    client.force_login(world["leerling"])
    url = reverse("portaal:wie_zag", kwargs={"pk": world["leerling_a"].pk})
    assert client.get(url).content.decode().count("data-raadpleging") == 25
    assert client.get(url + "?page=2").content.decode().count("data-raadpleging") == 5


@pytest.mark.parametrize("name", ["portaal:leerling", "portaal:wie_zag"])
def test_fixed_query_count(world, client, django_assert_max_num_queries, name):
    _mbo_steps(world)
    for keuze in (2, 3):
        f.AanmeldingFactory(leerling=world["leerling_a"], opleiding=f.OpleidingFactory(), keuze=keuze)
    client.force_login(world["decaan"])
    for _ in range(5):
        client.get(reverse("leerlingen:detail", kwargs={"pk": world["leerling_a"].pk}))
    client.force_login(world["leerling"])
    url = reverse(name, kwargs={"pk": world["leerling_a"].pk})
    client.get(url)  # session, caches
    with django_assert_max_num_queries(16):
        assert client.get(url).status_code == 200


def test_a_revoked_access_opens_nothing(world, client):
    from portaal.models import Toegang

    Toegang.objects.filter(user=world["leerling"]).update(ingetrokken_op=timezone.now())
    client.force_login(world["leerling"])
    assert client.get(reverse("portaal:leerling", kwargs={"pk": world["leerling_a"].pk})).status_code == 403
    assert not audit.wie_zag(world["leerling_a"]).filter(user=world["leerling"]).exists()
