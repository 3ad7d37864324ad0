"""`Authorization: Bearer <token>`: the request acts as the client's service account, holding only
the client's scopes at the client's organisation.

The grants are put on the account the way `voroc.policy.grants_for` caches them, so every
`<entity>_q`, `for_user()`, selector, service check and `policy.zicht` reads them unchanged: a
client sees and may do exactly what a member of its organisation with those permissions would
(never a mentor's view: the account is nobody's mentor). An unknown, expired or revoked token,
or one of an inactive organisation, is a 401. After `VOROC_API_FAILED_LIMIT` failed tokens from
one address within `VOROC_API_FAILED_WINDOW` seconds, that address gets a 429 before any token
is looked up, until the window has passed (a token cannot be guessed, but nobody should try).
"""

from __future__ import annotations

import datetime

from auditlog.context import auditlog_value
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from voroc.accounts.lockout import client_address
from voroc.policy import Grants

from .models import ApiClient
from .services import token_hash

# laatst_gebruikt_op is written at most this often per client (not on every request).
GEBRUIK_INTERVAL = datetime.timedelta(minutes=5)
ONGELDIG = "Het token ontbreekt, is onbekend, verlopen of ingetrokken."
TE_VAAK = "Te veel mislukte pogingen met een token vanaf dit adres. Probeer het later opnieuw."


def _failures_key(request) -> str:
    return f"api-token-mislukt:{client_address(request)}"


def _refuse_if_too_many(request) -> None:
    if cache.get(_failures_key(request), 0) >= settings.VOROC_API_FAILED_LIMIT:
        raise exceptions.Throttled(wait=settings.VOROC_API_FAILED_WINDOW, detail=TE_VAAK)


def _failed(request) -> exceptions.AuthenticationFailed:
    """Count a failed token for the client's address (the window starts at the first failure)."""
    key = _failures_key(request)
    cache.add(key, 0, timeout=settings.VOROC_API_FAILED_WINDOW)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=settings.VOROC_API_FAILED_WINDOW)
    return exceptions.AuthenticationFailed(ONGELDIG)


def client_grants(client: ApiClient) -> Grants:
    ids = frozenset({client.organisatie_id}) if client.organisatie.actief else frozenset()
    return Grants({scope: ids for scope in client.scopes} if ids else {})


class ApiClientAuthentication(BaseAuthentication):
    keyword = b"bearer"

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword:
            return None  # no credentials: IsAuthenticated answers 401 with the header below
        _refuse_if_too_many(request)
        if len(parts) != 2:
            raise _failed(request)
        try:
            token = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise _failed(request)
        now = timezone.now()
        client = (
            ApiClient.objects.geldig(now)
            .select_related("organisatie", "gebruiker")
            .filter(token_hash=token_hash(token), gebruiker__is_active=True)
            .first()
        )
        if client is None:
            raise _failed(request)
        if client.laatst_gebruikt_op is None or now - client.laatst_gebruikt_op > GEBRUIK_INTERVAL:
            ApiClient.objects.filter(pk=client.pk).update(laatst_gebruikt_op=now)
        user = client.gebruiker
        user._voroc_grants = client_grants(client)  # what voroc.policy.grants_for reads first
        user.api_client = client
        _audit_actor(user)
        return user, client

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


def _audit_actor(user) -> None:
    """django-auditlog took the request's actor in its middleware, before this authentication
    ran (anonymous then); changes made by the client name its service account instead."""
    try:
        auditlog_value.get()["actor"] = user
    except LookupError:
        pass
