"""Bearer tokens: only a valid client's token opens the API; it acts with the client's scopes only."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from api import services
from api.models import ApiClient
from api.throttling import ApiClientThrottle
from voroc.errors import DomainError

from .conftest import GEMEENTE, MBO, SCHOOL, bearer

URL = "/api/v1/aanmeldingen/"


def test_url_is_versioned():
    assert reverse("api:aanmeldingen") == URL


@pytest.mark.parametrize(
    "header",
    [None, "Bearer", "Bearer onbekend-token", "Token abc", "Bearer a b", "Basic dXNlcjpwYXNz"],
)
def test_missing_or_unknown_token_is_401(world, client, maak_client, header):
    maak_client(world["mbo_a"], MBO)
    response = client.get(URL, **({"HTTP_AUTHORIZATION": header} if header else {}))
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_valid_token_is_200_and_noted_as_used(world, client, maak_client):
    api_client, token = maak_client(world["mbo_a"], MBO)
    assert api_client.laatst_gebruikt_op is None
    assert client.get(URL, **bearer(token)).status_code == 200
    api_client.refresh_from_db()
    assert api_client.laatst_gebruikt_op is not None


def test_expired_token_is_401(world, client, maak_client, time_machine):
    _, token = maak_client(world["mbo_a"], MBO, verloopt_op=timezone.now() + datetime.timedelta(days=1))
    assert client.get(URL, **bearer(token)).status_code == 200
    time_machine.move_to(timezone.now() + datetime.timedelta(days=2))
    assert client.get(URL, **bearer(token)).status_code == 401


def test_revoked_token_is_401(world, client, maak_client):
    api_client, token = maak_client(world["mbo_a"], MBO)
    services.apiclient_revoke(client=api_client, user=world["servicedesk"])
    assert client.get(URL, **bearer(token)).status_code == 401
    api_client.refresh_from_db()
    assert api_client.ingetrokken_op is not None and not api_client.gebruiker.is_active


def test_rotation_replaces_the_token(world, client, maak_client):
    api_client, old = maak_client(world["mbo_a"], MBO)
    new = services.apiclient_rotate(client=api_client, user=world["servicedesk"]).token
    assert new != old
    assert client.get(URL, **bearer(old)).status_code == 401
    assert client.get(URL, **bearer(new)).status_code == 200


def test_inactive_organisation_is_401(world, client, maak_client):
    _, token = maak_client(world["mbo_a"], MBO)
    world["mbo_a"].actief = False
    world["mbo_a"].save()
    assert client.get(URL, **bearer(token)).status_code == 401


def test_only_a_hash_of_the_token_is_stored(world, maak_client):
    api_client, token = maak_client(world["mbo_a"], MBO)
    stored = ApiClient.objects.filter(pk=api_client.pk).values().get()
    assert token not in str(stored)
    assert stored["token_hash"] == services.token_hash(token)
    assert len(token) >= 43  # token_urlsafe(32)


def test_the_service_account_cannot_sign_in(world, maak_client):
    api_client, token = maak_client(world["mbo_a"], MBO)
    assert not api_client.gebruiker.has_usable_password()
    assert not api_client.gebruiker.lidmaatschappen.exists()


@pytest.mark.parametrize(
    ("url", "org", "scopes"),
    [
        ("/api/v1/aanmeldingen/", "gem_a", GEMEENTE),
        ("/api/v1/leerlingen/", "mbo_a", MBO),
        ("/api/v1/leerlingen/", "school_a", SCHOOL),
    ],
)
def test_a_client_without_the_endpoints_permission_is_403(world, client, maak_client, url, org, scopes):
    _, token = maak_client(world[org], scopes)
    assert client.get(url, **bearer(token)).status_code == 403


def test_bulk_without_edit_scope_is_403(world, client, maak_client):
    _, token = maak_client(world["school_a"], ["leerlingen_alle_inzien"])
    response = client.post(
        "/api/v1/leerlingen/bulk/", {"leerlingen": []}, content_type="application/json", **bearer(token)
    )
    assert response.status_code == 403


def test_scopes_must_belong_to_the_organisation_kind(world):
    with pytest.raises(DomainError):
        services.apiclient_create(organisatie=world["mbo_a"], naam="x", scopes=SCHOOL, user=world["servicedesk"])
    with pytest.raises(DomainError):
        services.apiclient_create(organisatie=world["mbo_a"], naam="x", scopes=[], user=world["servicedesk"])
    assert not ApiClient.objects.exists()


@pytest.mark.parametrize("role", ["decaan", "intaker", "consulent"])
def test_only_the_servicedesk_manages_clients(world, role):
    with pytest.raises(DomainError):
        services.apiclient_create(organisatie=world["mbo_a"], naam="x", scopes=MBO, user=world[role])
    assert not ApiClient.objects.exists()


def test_creation_rotation_and_revocation_are_audited(world, maak_client):
    api_client, token = maak_client(world["mbo_a"], MBO)
    services.apiclient_rotate(client=api_client, user=world["servicedesk"])
    services.apiclient_revoke(client=api_client, user=world["servicedesk"])
    entries = LogEntry.objects.get_for_object(api_client).order_by("timestamp", "pk")
    assert [e.action for e in entries] == [LogEntry.Action.CREATE, LogEntry.Action.UPDATE, LogEntry.Action.UPDATE]
    assert "token_hash" not in str([e.changes for e in entries])


def test_rate_limit_per_client(world, client, maak_client, monkeypatch):
    monkeypatch.setattr(ApiClientThrottle, "THROTTLE_RATES", {"api_client": "3/min"})
    _, token = maak_client(world["mbo_a"], MBO)
    _, other = maak_client(world["mbo_a"], MBO)
    assert [client.get(URL, **bearer(token)).status_code for _ in range(4)] == [200, 200, 200, 429]
    assert client.get(URL, **bearer(other)).status_code == 200  # a limit per client, not for all


def test_body_size_cap(world, client, maak_client, settings):
    settings.VOROC_API_MAX_BODY_BYTES = 1000
    _, token = maak_client(world["school_a"], SCHOOL)
    body = '{"leerlingen": [' + ",".join(['{"klas": "4A"}'] * 200) + "]}"
    response = client.post("/api/v1/leerlingen/bulk/", body, content_type="application/json", **bearer(token))
    assert response.status_code == 413
    assert "te groot" in response.json()["detail"]


def test_too_many_failed_tokens_from_one_address_are_refused_for_a_while(world, client, maak_client, settings):
    settings.VOROC_API_FAILED_LIMIT = 3
    _, token = maak_client(world["mbo_a"], MBO)
    for _ in range(3):
        assert client.get(URL, **bearer("geraden-token")).status_code == 401
    refused = client.get(URL, **bearer(token))  # even the right token, from that address
    assert refused.status_code == 429 and "Te veel mislukte pogingen" in refused.json()["detail"]
    other = client.get(URL, REMOTE_ADDR="192.0.2.7", **bearer(token))
    assert other.status_code == 200, "another address is not affected"
    from django.core.cache import cache

    cache.delete("api-token-mislukt:127.0.0.1")  # what the window's end does
    assert client.get(URL, **bearer(token)).status_code == 200
