"""The read endpoints: each client sees its own organisation's rows only, the fields the
visibility table allows, every pupil shown is in the read log, and a page costs a fixed number
of queries."""

import datetime

import pytest
from django.utils import timezone

from aanmelding.models import Aanmelding
from leerlingen.models import Leerling, Raadpleging
from tests import factories as f
from voroc import policy

from .conftest import GEMEENTE, MBO, bearer


def _get(client, url, token, **params):
    response = client.get(url, params, **bearer(token))
    assert response.status_code == 200, response.content
    return response.json()


# --- mbo ----------------------------------------------------------------------------------------


def test_mbo_sees_only_applications_to_its_own_institution(world, client, maak_client):
    _, token = maak_client(world["mbo_a"], MBO)
    f.AanmeldingFactory(leerling=world["leerling_b"], opleiding=world["opleiding_a"], keuze=2)
    tweede = f.OpleidingFactory(instelling=world["mbo_a"])
    Aanmelding.objects.create(leerling=world["leerling_a"], opleiding=tweede, keuze=2)  # concept: not sent
    data = _get(client, "/api/v1/aanmeldingen/", token)
    ids = {row["id"] for row in data["results"]}
    assert world["aanmelding_a"].pk in ids
    assert world["aanmelding_b"].pk not in ids
    assert all(row["status"] != "concept" for row in data["results"])
    assert len(ids) == 2


def test_responses_with_pupils_are_never_cached(world, client, maak_client):
    _, token = maak_client(world["mbo_a"], MBO)
    response = client.get("/api/v1/aanmeldingen/", **bearer(token))
    assert "no-store" in response["Cache-Control"]


def test_messages_are_dutch(world, client):
    assert client.get("/api/v1/aanmeldingen/").json()["detail"] == "Authenticatiegegevens zijn niet opgegeven."
    response = client.get("/api/v1/aanmeldingen/", HTTP_AUTHORIZATION="Bearer onzin")
    assert "verlopen of ingetrokken" in response.json()["detail"]


def test_mbo_detail_of_another_institutions_application_is_404(world, client, maak_client):
    _, token = maak_client(world["mbo_a"], MBO)
    assert client.get(f"/api/v1/aanmeldingen/{world['aanmelding_a'].pk}/", **bearer(token)).status_code == 200
    response = client.get(f"/api/v1/aanmeldingen/{world['aanmelding_b'].pk}/", **bearer(token))
    assert response.status_code == 404
    _, token_b = maak_client(world["mbo_b"], MBO)
    assert client.get(f"/api/v1/aanmeldingen/{world['aanmelding_a'].pk}/", **bearer(token_b)).status_code == 404


def test_mbo_fields_come_from_the_visibility_table(world, client, maak_client):
    api_client, token = maak_client(world["mbo_a"], MBO)
    row = _get(client, f"/api/v1/aanmeldingen/{world['aanmelding_a'].pk}/", token)
    leerling = world["leerling_a"]
    zicht = policy.zicht(api_client.gebruiker, leerling)  # no API grants cached: sees nothing
    assert zicht.delen == frozenset()
    # As the client: the mbo's column of the table.
    from api.authentication import client_grants

    api_client.gebruiker._voroc_grants = client_grants(api_client)
    zicht = policy.zicht(api_client.gebruiker, leerling)
    expected = {"id", *policy.velden_van("leerlingen.Leerling", zicht.delen)}
    assert set(row["leerling"]) == expected
    assert "bsn" not in row["leerling"] and "risico" not in row["leerling"]
    assert row["leerling"]["achternaam"] == leerling.achternaam
    assert row["status"] == "aangemeld" and row["landelijke_status"] == 0
    assert row["opleiding"]["crebo"] == world["opleiding_a"].crebo


def test_mbo_updated_since(world, client, maak_client):
    _, token = maak_client(world["mbo_a"], MBO)
    old = f.AanmeldingFactory(leerling=world["leerling_b"], opleiding=world["opleiding_a"], keuze=2)
    Aanmelding.objects.filter(pk=old.pk).update(gewijzigd=timezone.now() - datetime.timedelta(days=10))
    since = (timezone.now() - datetime.timedelta(days=1)).isoformat()
    ids = {row["id"] for row in _get(client, "/api/v1/aanmeldingen/", token, updated_since=since)["results"]}
    assert ids == {world["aanmelding_a"].pk}
    response = client.get("/api/v1/aanmeldingen/", {"updated_since": "gisteren"}, **bearer(token))
    assert response.status_code == 400
    assert "updated_since" in response.json()["velden"] and response.json()["detail"]
    # Python accepts offsets up to 23:59 and years up to 9999; the answer is the same, not a 500.
    same = _get(client, "/api/v1/aanmeldingen/", token, updated_since=since.replace("+00:00", "-23:33"))
    assert {row["id"] for row in same["results"]} == {world["aanmelding_a"].pk}
    for value in ("3921-08-13T01:14:17-23:33", "9999-12-31T23:59:59-05:00"):
        response = client.get("/api/v1/aanmeldingen/", {"updated_since": value}, **bearer(token))
        assert response.status_code in (200, 400), value


def test_cursor_pagination_walks_every_row_once(world, client, maak_client):
    _, token = maak_client(world["mbo_a"], MBO)
    for _ in range(4):
        f.AanmeldingFactory(opleiding=world["opleiding_a"], leerling=f.LeerlingFactory(school=world["school_a"]))
    seen, url, params = [], "/api/v1/aanmeldingen/", {"page_size": 2}
    while url:
        data = _get(client, url, token, **params)
        seen += [row["id"] for row in data["results"]]
        url, params = data["next"], {}
    assert len(seen) == len(set(seen)) == 5


def _aanmeldingen(world, n):
    for _ in range(n):
        f.AanmeldingFactory(opleiding=world["opleiding_a"], leerling=f.LeerlingFactory(school=world["school_b"]))


@pytest.mark.parametrize("n", [3, 30])
def test_mbo_list_query_count_is_fixed(world, client, maak_client, django_assert_max_num_queries, n):
    _, token = maak_client(world["mbo_a"], MBO)
    _aanmeldingen(world, n)
    # The client and its first use, the page, the read log.
    with django_assert_max_num_queries(4):
        data = _get(client, "/api/v1/aanmeldingen/", token)
    assert len(data["results"]) == n + 1


def test_mbo_list_logs_one_read_per_pupil(world, client, maak_client):
    api_client, token = maak_client(world["mbo_a"], MBO)
    _aanmeldingen(world, 3)
    tweede = f.OpleidingFactory(instelling=world["mbo_a"])
    f.AanmeldingFactory(leerling=world["leerling_a"], opleiding=tweede, keuze=2)  # the same pupil twice
    data = _get(client, "/api/v1/aanmeldingen/", token)
    pupils = {row["leerling"]["id"] for row in data["results"]}
    reads = Raadpleging.objects.filter(user=api_client.gebruiker)
    assert sorted(reads.values_list("leerling_id", flat=True)) == sorted(pupils)
    assert len(pupils) == 4
    assert set(reads.values_list("pagina", flat=True)) == {"api:aanmeldingen"}
    assert set(reads.values_list("organisatie_id", flat=True)) == {world["mbo_a"].pk}


# --- municipality ----------------------------------------------------------------------------


def test_municipality_sees_only_its_residents(world, client, maak_client):
    _, token = maak_client(world["gem_a"], GEMEENTE)
    rows = _get(client, "/api/v1/leerlingen/", token)["results"]
    assert [row["id"] for row in rows] == [world["leerling_a"].pk]
    assert rows[0]["toestand"] == "aangemeld"
    assert client.get(f"/api/v1/leerlingen/{world['leerling_b'].pk}/", **bearer(token)).status_code == 404
    detail = _get(client, f"/api/v1/leerlingen/{world['leerling_a'].pk}/", token)
    assert detail["id"] == world["leerling_a"].pk and "bsn" not in detail


def test_municipality_sees_the_risk_part_the_mbo_does_not(world, client, maak_client):
    Leerling.objects.filter(pk=world["leerling_a"].pk).update(risico=True)
    _, gemeente = maak_client(world["gem_a"], GEMEENTE)
    _, mbo = maak_client(world["mbo_a"], MBO)
    assert _get(client, "/api/v1/leerlingen/", gemeente)["results"][0]["risico"] is True
    assert "risico" not in _get(client, "/api/v1/aanmeldingen/", mbo)["results"][0]["leerling"]


@pytest.mark.parametrize("n", [3, 30])
def test_municipality_list_query_count_is_fixed(world, client, maak_client, django_assert_max_num_queries, n):
    api_client, token = maak_client(world["gem_a"], GEMEENTE)
    for _ in range(n):
        f.LeerlingFactory(school=world["school_b"], woongemeente=world["gem_a"])
    # The client and its first use, the school year, the page, the read log.
    with django_assert_max_num_queries(5):
        data = _get(client, "/api/v1/leerlingen/", token)
    assert len(data["results"]) == n + 1
    assert Raadpleging.objects.filter(user=api_client.gebruiker).count() == n + 1


def test_municipality_updated_since(world, client, maak_client):
    _, token = maak_client(world["gem_a"], GEMEENTE)
    oud = timezone.now() - datetime.timedelta(days=3)
    Leerling.objects.filter(pk=world["leerling_a"].pk).update(gewijzigd=oud)
    since = (timezone.now() - datetime.timedelta(days=1)).isoformat()
    # The application changed today: a change of the pupil's state, so the pupil is listed.
    rows = _get(client, "/api/v1/leerlingen/", token, updated_since=since)["results"]
    assert [row["id"] for row in rows] == [world["leerling_a"].pk]
    assert rows[0]["laatst_gewijzigd"] == world["aanmelding_a"].gewijzigd.isoformat().replace("+00:00", "Z")
    Aanmelding.objects.filter(pk=world["aanmelding_a"].pk).update(gewijzigd=oud)
    assert _get(client, "/api/v1/leerlingen/", token, updated_since=since)["results"] == []


@pytest.mark.parametrize(
    "params",
    [
        {"cursor": "onzin"},
        {"page_size": "-1"},
        {"page_size": "abc"},
        {"page_size": "100000"},
        {"updated_since": "2026-13-45T00:00:00"},
        {"updated_since": "9999-12-31T23:59:59+14:00"},
        {"updated_since": ""},
        {"updated_since": "2026-01-01T00:00:00\x00"},  # refused before the view: in JSON too
    ],
)
def test_hostile_parameters_never_give_a_500(world, client, maak_client, params):
    _, mbo = maak_client(world["mbo_a"], MBO)
    _, gemeente = maak_client(world["gem_a"], GEMEENTE)
    for url, token in (("/api/v1/aanmeldingen/", mbo), ("/api/v1/leerlingen/", gemeente)):
        response = client.get(url, params, **bearer(token))
        assert response.status_code in (200, 400, 404), (url, params, response.status_code)
        assert "detail" in response.json() or "results" in response.json()


def test_django_keeps_its_own_dutch_messages_next_to_the_api_apps(world, client):
    """Django REST framework's catalogue translates some of Django's texts differently; the forms
    keep Django's wording, and the API has Dutch of its own."""
    from django.urls import reverse

    client.force_login(world["servicedesk"])
    body = client.post(reverse("servicedesk:apiclient_create"), {}).content.decode()
    assert "Vul de naam in." in body and "vereist" not in body  # the form kit's message, not DRF's wording
