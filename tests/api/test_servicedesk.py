"""The servicedesk's pages for API clients: create (the token shown once), rotate, revoke."""

import re

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from api import services
from api.models import ApiClient

from .conftest import MBO, bearer


def _token(response) -> str:
    return re.search(r'<code id="api-token">([^<]+)</code>', response.content.decode()).group(1)


def test_create_shows_the_token_once(world, client):
    client.force_login(world["servicedesk"])
    response = client.post(
        reverse("servicedesk:apiclient_create"),
        {"organisatie": world["mbo_a"].pk, "naam": "Studentvolgsysteem", "scopes": MBO},
    )
    assert response.status_code == 200
    token = _token(response)
    api_client = ApiClient.objects.get()
    assert api_client.token_hash == services.token_hash(token)
    assert "no-store" in response["Cache-Control"]
    detail = client.get(reverse("servicedesk:apiclient", kwargs={"pk": api_client.pk}))
    assert token not in detail.content.decode()
    listing = client.get(reverse("servicedesk:apiclients"))
    assert "Studentvolgsysteem" in listing.content.decode() and token not in listing.content.decode()
    client.logout()
    assert client.get("/api/v1/aanmeldingen/", **bearer(token)).status_code == 200
    assert LogEntry.objects.get_for_object(api_client).get().actor_id == world["servicedesk"].pk


def test_create_refuses_scopes_of_another_kind_in_dutch(world, client):
    client.force_login(world["servicedesk"])
    response = client.post(
        reverse("servicedesk:apiclient_create"),
        {"organisatie": world["mbo_a"].pk, "naam": "x", "scopes": ["leerlingen_bewerken"]},
    )
    assert response.status_code == 400
    assert "horen niet bij dit soort organisatie" in response.content.decode()
    assert not ApiClient.objects.exists()


def test_rotate_and_revoke_pages(world, client, maak_client):
    api_client, old = maak_client(world["mbo_a"], MBO)
    client.force_login(world["servicedesk"])
    response = client.post(reverse("servicedesk:apiclient_rotate", kwargs={"pk": api_client.pk}))
    new = _token(response)
    response = client.post(reverse("servicedesk:apiclient_revoke", kwargs={"pk": api_client.pk}))
    assert response.status_code == 302
    client.logout()
    assert client.get("/api/v1/aanmeldingen/", **bearer(old)).status_code == 401
    assert client.get("/api/v1/aanmeldingen/", **bearer(new)).status_code == 401


@pytest.mark.parametrize("role", ["decaan", "intaker", "consulent"])
def test_pages_are_the_servicedesks_only(world, client, maak_client, role):
    api_client, _ = maak_client(world["mbo_a"], MBO)
    client.force_login(world[role])
    assert client.get(reverse("servicedesk:apiclients")).status_code == 403
    assert client.post(reverse("servicedesk:apiclient_revoke", kwargs={"pk": api_client.pk})).status_code == 403
    api_client.refresh_from_db()
    assert not api_client.ingetrokken


def test_list_query_count_is_fixed(world, client, maak_client, django_assert_max_num_queries):
    for _ in range(12):
        maak_client(world["mbo_a"], MBO)
    client.force_login(world["servicedesk"])
    with django_assert_max_num_queries(12):
        assert client.get(reverse("servicedesk:apiclients")).status_code == 200


def test_service_accounts_are_not_in_the_account_pages(world, client, maak_client):
    api_client, _ = maak_client(world["mbo_a"], MBO)
    client.force_login(world["servicedesk"])
    listing = client.get(reverse("servicedesk:accounts"), {"q": "API-client"}).content.decode()
    assert api_client.gebruiker.naam not in listing
    assert client.get(reverse("servicedesk:account", kwargs={"pk": api_client.gebruiker.pk})).status_code == 404
    assert client.get(reverse("servicedesk:account", kwargs={"pk": world["intaker"].pk})).status_code == 200


def test_list_filters_and_sorts_through_the_lists_kit(world, client, maak_client):
    actief, _ = maak_client(world["mbo_a"], MBO, naam="Eduarte koppeling")
    weg, _ = maak_client(world["gem_a"], ["woongemeente_inzien"], naam="Zaaksysteem")
    services.apiclient_revoke(client=weg, user=world["servicedesk"])
    client.force_login(world["servicedesk"])
    url = reverse("servicedesk:apiclients")

    def namen(**params):
        html = client.get(url, params).content.decode()
        return [n for n in ("Eduarte koppeling", "Zaaksysteem") if n in html]

    assert namen() == ["Eduarte koppeling", "Zaaksysteem"]
    assert namen(status="ingetrokken") == ["Zaaksysteem"]
    assert namen(status="actief") == ["Eduarte koppeling"]
    assert namen(q="eduarte") == ["Eduarte koppeling"]
    assert namen(status="onzin", sort="onzin") == ["Eduarte koppeling", "Zaaksysteem"]  # ignored, never an error
    html = client.get(url, {"sort": "-naam"}).content.decode()
    assert html.index("Zaaksysteem") < html.index("Eduarte koppeling")
    assert 'aria-sort="descending"' in html
