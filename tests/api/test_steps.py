"""The mbo's steps through the API: each calls the mbo's own service, answers the application with
its national status code, refuses what the life cycle refuses with the Dutch message (400,
nothing written), and another institution's application is not found."""

import datetime

import pytest
from django.utils import timezone

from aanmelding.models import Aanmelding, Intake, Plaatsingsbesluit
from leerlingen.models import Raadpleging
from rmc.models import Melding
from terugkoppeling.models import Terugkoppeling

from .conftest import MBO, bearer


def _post(client, url, token, data=None):
    return client.post(url, data or {}, content_type="application/json", **bearer(token))


def _stap(pk, naam):
    return f"/api/v1/aanmeldingen/{pk}/{naam}/"


@pytest.fixture
def mbo(world, maak_client):
    return maak_client(world["mbo_a"], MBO)


def test_the_whole_life_cycle_step_by_step(world, client, mbo):
    api_client, token = mbo
    pk = world["aanmelding_a"].pk
    morgen = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    stappen = [
        ("ontvangst", {"bericht": "Welkom"}, "in_behandeling", 1),
        ("intake", {"datum": morgen, "tijd": "10:30", "plaats": "Lokaal 3"}, "intake_gepland", 1),
        ("intake-gehad", {"studiekeuzeadvies": "Past goed"}, "intake_gehad", 1),
        ("besluit", {"uitkomst": "geplaatst", "van_status": "intake_gehad"}, "geplaatst", 2),
        ("inschrijving", {}, "ingeschreven", 5),
    ]
    for naam, data, status, code in stappen:
        response = _post(client, _stap(pk, naam), token, data)
        assert response.status_code == 200, (naam, response.content)
        body = response.json()
        assert body["status"] == status and body["landelijke_status"] == code
    assert body["plaatsingsbesluit"]["uitkomst"] == "geplaatst"
    intake = Intake.objects.get(aanmelding_id=pk)
    assert intake.plaats == "Lokaal 3" and intake.studiekeuzeadvies == "Past goed"
    # Each step is on the timeline, written by the client's service account for its institution.
    events = Terugkoppeling.objects.filter(aanmelding_id=pk, auteur=api_client.gebruiker)
    assert events.count() == len(stappen)
    assert set(events.values_list("organisatie_id", flat=True)) == {world["mbo_a"].pk}
    # Every answer shows the pupil: each is in the read log.
    assert Raadpleging.objects.filter(user=api_client.gebruiker, leerling=world["leerling_a"]).count() == len(stappen)


def test_start_and_no_show_after_the_programme_began(world, client, mbo):
    _, token = mbo
    opleiding = world["opleiding_a"]
    opleiding.startdatum = timezone.localdate() - datetime.timedelta(days=1)
    opleiding.save()
    a = world["aanmelding_a"]
    Aanmelding.objects.filter(pk=a.pk).update(status="ingeschreven")
    response = _post(client, _stap(a.pk, "niet-verschenen"), token)
    assert response.status_code == 200, response.content
    assert response.json()["landelijke_status"] == 3
    assert Melding.objects.filter(leerling=world["leerling_a"], soort="niet_verschenen").exists()
    tweede = Aanmelding.objects.create(
        leerling=world["leerling_b"], opleiding=opleiding, keuze=2, status="ingeschreven", aangemeld_op=timezone.now()
    )
    assert _post(client, _stap(tweede.pk, "start"), token).json()["status"] == "gestart"


def test_a_no_show_before_the_start_is_refused_in_dutch_and_writes_nothing(world, client, mbo):
    _, token = mbo
    a = world["aanmelding_a"]
    Aanmelding.objects.filter(pk=a.pk).update(status="ingeschreven")
    voor = Terugkoppeling.objects.count()
    response = _post(client, _stap(a.pk, "niet-verschenen"), token)
    assert response.status_code == 400
    assert "pas worden vastgelegd als de opleiding begonnen is" in response.json()["detail"]
    a.refresh_from_db()
    assert a.status == "ingeschreven" and Terugkoppeling.objects.count() == voor
    assert not Melding.objects.exists()


def test_a_step_the_life_cycle_does_not_allow_is_a_400(world, client, mbo):
    _, token = mbo
    response = _post(client, _stap(world["aanmelding_a"].pk, "inschrijving"), token)
    assert response.status_code == 400
    assert response.json()["detail"] == "Een aanmelding met status ‘aangemeld’ kan niet naar ‘ingeschreven’."


def test_decision_rules_are_the_services(world, client, mbo):
    _, token = mbo
    pk = world["aanmelding_a"].pk
    assert _post(client, _stap(pk, "ontvangst"), token).status_code == 200
    # A rejection without a legal reason: the service's message, nothing recorded.
    response = _post(client, _stap(pk, "besluit"), token, {"uitkomst": "afgewezen"})
    assert response.status_code == 400
    assert response.json()["detail"] == "Een afwijzing heeft een reden uit de wettelijke lijst."
    assert not Plaatsingsbesluit.objects.exists()
    # A reason outside the list is refused by the input's choices.
    response = _post(client, _stap(pk, "besluit"), token, {"uitkomst": "afgewezen", "reden": "onzin"})
    assert response.status_code == 400 and "reden" in response.json()["velden"]
    # A colleague decided meanwhile: the decision made on the old state is refused.
    response = _post(client, _stap(pk, "besluit"), token, {"uitkomst": "geplaatst", "van_status": "aangemeld"})
    assert response.status_code == 400 and "intussen gewijzigd" in response.json()["detail"]
    response = _post(client, _stap(pk, "besluit"), token, {"uitkomst": "afgewezen", "reden": "bsa"})
    assert response.status_code == 200
    body = response.json()
    assert body["landelijke_status"] == 3 and body["plaatsingsbesluit"]["reden"] == "bsa"


@pytest.mark.parametrize(
    "code, reden, status",
    [(1, "", "in_behandeling"), (2, "", "geplaatst"), (3, "uitgeloot", "uitgeloot"), (3, "bsa", "afgewezen")],
)
def test_a_step_by_national_code(world, client, mbo, code, reden, status):
    _, token = mbo
    pk = world["aanmelding_a"].pk
    if code > 1:
        assert _post(client, _stap(pk, "status"), token, {"status": 1}).status_code == 200
    response = _post(client, _stap(pk, "status"), token, {"status": code, "reden": reden})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == status and response.json()["landelijke_status"] == code


def test_a_code_the_application_has_changes_nothing_and_code_3_needs_a_reason(world, client, mbo):
    _, token = mbo
    pk = world["aanmelding_a"].pk
    voor = Terugkoppeling.objects.count()
    response = _post(client, _stap(pk, "status"), token, {"status": 0})
    assert response.status_code == 200 and response.json()["status"] == "aangemeld"
    assert Terugkoppeling.objects.count() == voor
    _post(client, _stap(pk, "status"), token, {"status": 1})
    response = _post(client, _stap(pk, "status"), token, {"status": 3})
    assert response.status_code == 400 and "wettelijke afwijzingsgrond" in response.json()["detail"]
    response = _post(client, _stap(pk, "status"), token, {"status": 7})
    assert response.status_code == 400 and "status" in response.json()["velden"]


@pytest.mark.parametrize("naam", ["ontvangst", "intake", "intake-gehad", "besluit", "inschrijving", "status"])
def test_another_institutions_application_is_not_found(world, client, maak_client, naam):
    _, token_b = maak_client(world["mbo_b"], MBO)
    response = _post(client, _stap(world["aanmelding_a"].pk, naam), token_b, {"status": 1, "uitkomst": "geplaatst"})
    assert response.status_code == 404
    assert Aanmelding.objects.get(pk=world["aanmelding_a"].pk).status == "aangemeld"


def test_a_client_without_the_mbo_permission_gets_403(world, client, maak_client):
    _, token = maak_client(world["school_a"], ["leerlingen_alle_inzien"])
    assert _post(client, _stap(world["aanmelding_a"].pk, "ontvangst"), token).status_code == 403
