"""Single sign-on with OpenID Connect: one provider per row of `Identiteitsprovider`.

mozilla-django-oidc does the protocol (token request, signature and nonce check, userinfo); its
configuration normally comes from settings, here it comes from the provider row the login
started with and that provider's discovery document (fetched at login time, cached briefly).

What this module adds to the library (which checks the signature, the nonce and, through PyJWT,
the expiry when present):
- the id token's `iss` must be the provider's issuer and `aud` must hold our client id; a token
  without `exp` is refused;
- the userinfo answer must be about the same subject as the id token;
- accounts are never created: the identifying claim must name an active user with a membership
  at the provider's organisation (case-insensitive e-mail);
- the provider's multi-factor claim decides whether VOROC's own second step still follows.
"""

import hashlib
import time

import jwt
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import SuspiciousOperation
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import absolutify

from .models import Identiteitsprovider, User

CALLBACK_URL_NAME = "oidc_callback"
# mozilla-django-oidc's own settings, fixed for every provider (the rest comes from the row).
FIXED_SETTINGS = {
    "OIDC_AUTHENTICATION_CALLBACK_URL": CALLBACK_URL_NAME,
    "OIDC_CREATE_USER": False,
    "OIDC_USE_NONCE": True,
    "OIDC_USE_PKCE": True,
    "OIDC_ALLOW_UNSECURED_JWT": False,
    "OIDC_VERIFY_SSL": True,
    "OIDC_STORE_ACCESS_TOKEN": False,
    "OIDC_STORE_ID_TOKEN": False,
    "OIDC_TOKEN_USE_BASIC_AUTH": False,
}


class Weigering(Exception):
    """A refused SSO login: `melding` is shown to the person, `reden` (no personal data) is logged."""

    def __init__(self, melding: str, *, reden: str):
        super().__init__(reden)
        self.melding = melding
        self.reden = reden


ONBEREIKBAAR = (
    "De inlogdienst van uw organisatie is nu niet bereikbaar. Probeer het later opnieuw of log in met uw wachtwoord."
)
ONGELDIG = (
    "Het inloggen via uw organisatie is mislukt: het antwoord van de inlogdienst klopt niet. Probeer het opnieuw."
)


def _get_setting(attr, *default):
    if attr in FIXED_SETTINGS:
        return FIXED_SETTINGS[attr]
    if attr == "OIDC_TIMEOUT":
        return settings.VOROC_OIDC_TIMEOUT
    if default:
        return default[0]
    raise KeyError(attr)


def _discovery_key(issuer: str) -> str:
    return "voroc:oidc:discovery:" + hashlib.sha256(issuer.encode()).hexdigest()


def discovery(provider: Identiteitsprovider) -> dict:
    """The provider's configuration from `<issuer>/.well-known/openid-configuration`, cached for
    VOROC_OIDC_DISCOVERY_SECONDS. Its `issuer` must be the configured one (OpenID Connect
    Discovery 1.0, section 4.3): a document about another issuer is refused."""
    issuer = provider.issuer.rstrip("/")
    key = _discovery_key(issuer)
    config = cache.get(key)
    if config is None:
        try:
            response = requests.get(issuer + "/.well-known/openid-configuration", timeout=settings.VOROC_OIDC_TIMEOUT)
            response.raise_for_status()
            config = response.json()
        except (requests.RequestException, ValueError):
            raise Weigering(ONBEREIKBAAR, reden="discovery-unreachable")
        needed = ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri")
        if not isinstance(config, dict) or not all(isinstance(config.get(k), str) for k in needed):
            raise Weigering(ONGELDIG, reden="discovery-incomplete")
        cache.set(key, config, settings.VOROC_OIDC_DISCOVERY_SECONDS)
    if config["issuer"].rstrip("/") != issuer:
        raise Weigering(ONGELDIG, reden="discovery-issuer-mismatch")
    return config


def _values(claim) -> set[str]:
    """A claim as a set of strings: `acr` is one string, `amr` a list of them."""
    if isinstance(claim, str):
        return set(claim.split())
    if isinstance(claim, list | tuple):
        return {v for v in claim if isinstance(v, str)}
    return set()


def asserts_multi_factor(provider: Identiteitsprovider, claims: dict) -> bool:
    """The provider says the person used more than one factor: its multi-factor claim holds one of
    the accepted values. No claim configured, or no accepted values: never."""
    if not provider.claim_meerdere_factoren or not provider.mfa_waarden:
        return False
    return bool(_values(claims.get(provider.claim_meerdere_factoren)) & provider.mfa_waarden)


def invited_user(provider: Identiteitsprovider, value) -> User | None:
    """The active account the identifying claim names, if it has a membership at the provider's
    organisation or an open invitation there (the login then accepts it:
    `accounts.services.uitnodiging_accept_sso`); never a new one."""
    if not isinstance(value, str) or not value.strip() or len(value) > 254:
        return None
    organisatie = provider.organisatie_id
    open_invitation = Q(
        uitnodigingen__organisatie_id=organisatie,
        uitnodigingen__used_at__isnull=True,
        uitnodigingen__expires_at__gt=timezone.now(),
    )
    return (
        get_user_model()
        .objects.filter(Q(lidmaatschappen__organisatie_id=organisatie) | open_invitation)
        .filter(email__iexact=value.strip(), is_active=True)
        .distinct()
        .first()
    )


class ProviderBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend for one provider row. It is not in AUTHENTICATION_BACKENDS:
    the callback view calls it for the provider the login started with, and a matched user is
    signed in like a password login (ModelBackend keeps the session)."""

    get_settings = staticmethod(_get_setting)

    def __init__(self, provider: Identiteitsprovider, config: dict):
        self.provider = provider
        self.issuer = config["issuer"]
        self.OIDC_OP_TOKEN_ENDPOINT = config["token_endpoint"]
        self.OIDC_OP_USER_ENDPOINT = config.get("userinfo_endpoint")
        self.OIDC_OP_JWKS_ENDPOINT = config["jwks_uri"]
        self.OIDC_RP_CLIENT_ID = provider.client_id
        self.OIDC_RP_CLIENT_SECRET = provider.client_secret
        algs = config.get("id_token_signing_alg_values_supported") or ["RS256"]
        # Asymmetric signatures only (keys from jwks_uri): a shared-secret HS256 token proves less.
        self.OIDC_RP_SIGN_ALGO = next((a for a in algs if a[:2] in ("RS", "ES", "PS")), "RS256")
        self.OIDC_RP_IDP_SIGN_KEY = None
        self.UserModel = get_user_model()

    def retrieve_matching_jwk(self, token):
        """The provider's signing key for this token. The library insists on a `kid`; a provider
        with one signing key may leave it out (RFC 7517 4.5), so: the key with the token's `kid`,
        or else the only key for the token's algorithm."""
        header = jwt.get_unverified_header(token)
        response = requests.get(self.OIDC_OP_JWKS_ENDPOINT, timeout=settings.VOROC_OIDC_TIMEOUT)
        response.raise_for_status()
        keys = [
            key
            for key in response.json().get("keys", [])
            if key.get("use", "sig") == "sig" and key.get("alg", header.get("alg")) == header.get("alg")
        ]
        if "kid" in header:
            keys = [key for key in keys if key.get("kid") == header["kid"]]
        if len(keys) != 1:
            raise SuspiciousOperation("No single signing key for the id token.")
        return jwt.PyJWK(keys[0])

    def verify_token(self, token, **kwargs):
        try:
            payload = super().verify_token(token, **kwargs)
        except jwt.ExpiredSignatureError:
            raise Weigering(
                "Het inloggen via uw organisatie is verlopen. Probeer het opnieuw.", reden="id-token-expired"
            )
        except (jwt.InvalidTokenError, SuspiciousOperation, requests.RequestException, KeyError, ValueError):
            raise Weigering(ONGELDIG, reden="id-token-invalid")
        if payload.get("iss") != self.issuer:
            raise Weigering(ONGELDIG, reden="id-token-issuer-mismatch")
        audience = payload.get("aud")
        if self.OIDC_RP_CLIENT_ID not in (_values(audience) if not isinstance(audience, str) else {audience}):
            raise Weigering(ONGELDIG, reden="id-token-audience-mismatch")
        # PyJWT checks `exp` only when present; an id token must carry it (OpenID Connect Core 2).
        if not isinstance(payload.get("exp"), int | float) or payload["exp"] <= time.time():
            raise Weigering(
                "Het inloggen via uw organisatie is verlopen. Probeer het opnieuw.", reden="id-token-expired"
            )
        return payload

    def sign_in(self, request, *, nonce: str, code_verifier: str | None) -> tuple[dict, User | None]:
        """Exchange the callback's code, check the id token, read the claims; return the claims
        (id token over userinfo) and the invited user they name (or None)."""
        self.request = request
        token_payload = {
            "client_id": self.OIDC_RP_CLIENT_ID,
            "client_secret": self.OIDC_RP_CLIENT_SECRET,
            "grant_type": "authorization_code",
            "code": request.GET.get("code", ""),
            "redirect_uri": absolutify(request, reverse(CALLBACK_URL_NAME)),
        }
        if code_verifier is not None:
            token_payload["code_verifier"] = code_verifier
        try:
            token_info = self.get_token(token_payload)
        except (requests.RequestException, ValueError):
            # An unknown, spent or replayed code lands here too: the provider refuses it.
            raise Weigering(ONGELDIG, reden="token-refused")
        id_token = token_info.get("id_token") if isinstance(token_info, dict) else None
        if not isinstance(id_token, str):
            raise Weigering(ONGELDIG, reden="token-without-id-token")
        claims = self.verify_token(id_token, nonce=nonce)
        userinfo = {}
        if self.OIDC_OP_USER_ENDPOINT and token_info.get("access_token"):
            try:
                userinfo = self.get_userinfo(token_info["access_token"], id_token, claims)
            except (requests.RequestException, ValueError):
                raise Weigering(ONBEREIKBAAR, reden="userinfo-unreachable")
            if not isinstance(userinfo, dict) or userinfo.get("sub") != claims.get("sub"):
                raise Weigering(ONGELDIG, reden="userinfo-subject-mismatch")
        merged = {**userinfo, **claims}
        if merged.get("email_verified") is False and self.provider.claim_identiteit == "email":
            return merged, None
        return merged, invited_user(self.provider, merged.get(self.provider.claim_identiteit))
