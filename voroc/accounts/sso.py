"""Single sign-on pages: the start (to the provider's authorize endpoint) and the callback.

mozilla-django-oidc's views, subclassed so that the endpoints and the client come from the
provider row chosen on the login page (voroc.accounts.oidc). The provider's id is stored in the
session next to the state, nonce and PKCE verifier, and the callback takes all of them out of
the session before anything else: a state works once and a replayed callback finds nothing.
"""

import logging
import time
from urllib.parse import parse_qs, urlsplit

from axes.handlers.proxy import AxesProxyHandler
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.signals import user_login_failed
from django.shortcuts import get_object_or_404, redirect
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from . import oidc
from .lockout import lockout_response
from .models import Identiteitsprovider, SSOApparaat

logger = logging.getLogger("voroc.accounts.sso")

STATES = "oidc_states"  # mozilla-django-oidc's session key: state -> nonce, verifier, (our) provider
NEXT = "oidc_login_next"
STATE_SECONDS = 10 * 60  # a login at the provider that takes longer starts again
AFGEBROKEN = "Het inloggen bij uw organisatie is afgebroken. Log opnieuw in."


def _refuse(request, melding: str, *, reden: str, provider_id=None):
    logger.warning("sso login result=refused reason=%s provider=%s", reden, provider_id or "-")
    messages.error(request, melding)
    return redirect("login")


@method_decorator(never_cache, name="dispatch")
class SSOStartView(OIDCAuthenticationRequestView):
    """To the provider's login, with a fresh state, nonce and PKCE challenge."""

    get_settings = staticmethod(oidc._get_setting)

    def __init__(self, **kwargs):
        # The library reads its endpoint and client from settings here; ours come per request.
        super(OIDCAuthenticationRequestView, self).__init__(**kwargs)

    def get(self, request, pk: int):
        provider = get_object_or_404(Identiteitsprovider.objects.filter(actief=True, organisatie__actief=True), pk=pk)
        try:
            config = oidc.discovery(provider)
        except oidc.Weigering as weigering:
            return _refuse(request, weigering.melding, reden=weigering.reden, provider_id=provider.pk)
        self.OIDC_OP_AUTH_ENDPOINT = config["authorization_endpoint"]
        self.OIDC_RP_CLIENT_ID = provider.client_id
        self.scopes = " ".join(dict.fromkeys(["openid", *provider.scopes.split()]))
        response = super().get(request)
        state = parse_qs(urlsplit(response.url).query)["state"][0]
        request.session[STATES][state]["provider"] = provider.pk
        request.session.modified = True
        return response

    def get_extra_params(self, request):
        return {"scope": self.scopes}


@method_decorator(never_cache, name="dispatch")
class SSOCallbackView(OIDCAuthenticationCallbackView):
    """Back from the provider: check everything, then sign in the invited user or refuse."""

    get_settings = staticmethod(oidc._get_setting)

    def get(self, request):
        states = request.session.get(STATES)
        entry = states.pop(request.GET.get("state", ""), None) if isinstance(states, dict) else None
        request.session.modified = True
        next_url = request.session.pop(NEXT, None)
        if request.GET.get("error"):
            # The person cancelled at the provider, or it refused: its answer need not carry the state.
            return _refuse(request, AFGEBROKEN, reden="provider-error")
        if entry is None or "provider" not in entry:
            return _refuse(
                request, "Deze inlogpoging is verlopen of al gebruikt. Log opnieuw in.", reden="state-unknown"
            )
        provider = (
            Identiteitsprovider.objects.filter(pk=entry["provider"], actief=True, organisatie__actief=True)
            .select_related("organisatie")
            .first()
        )
        if provider is None:
            return _refuse(request, "Deze manier van inloggen is niet meer beschikbaar.", reden="provider-inactive")
        if time.time() - float(entry.get("added_on") or 0) > STATE_SECONDS:
            return _refuse(
                request, "Deze inlogpoging is verlopen. Log opnieuw in.", reden="state-expired", provider_id=provider.pk
            )
        if not request.GET.get("code"):
            return _refuse(request, AFGEBROKEN, reden="provider-error", provider_id=provider.pk)
        try:
            backend = oidc.ProviderBackend(provider, oidc.discovery(provider))
            claims, user = backend.sign_in(request, nonce=entry.get("nonce"), code_verifier=entry.get("code_verifier"))
        except oidc.Weigering as weigering:
            return _refuse(request, weigering.melding, reden=weigering.reden, provider_id=provider.pk)
        identity = claims.get(provider.claim_identiteit)
        identity = identity.strip().lower()[:254] if isinstance(identity, str) else ""
        if user is None:
            if identity:  # counts toward django-axes' lock-out like a wrong password for that address would
                user_login_failed.send(sender=__name__, credentials={"username": identity}, request=request)
            return _refuse(
                request,
                f"Er is geen uitgenodigd account voor {identity or 'deze gebruiker'} bij {provider.organisatie}.",
                reden="not-invited",
                provider_id=provider.pk,
            )
        if not AxesProxyHandler.is_allowed(request, {"username": user.email}):
            return lockout_response(request)
        if oidc.asserts_multi_factor(provider, claims):
            # The provider vouched for a second factor: django-otp's login handler (on
            # user_logged_in) stores this device in the session, as the TOTP step does.
            user.otp_device, _ = SSOApparaat.objects.get_or_create(
                user=user, identiteitsprovider=provider, defaults={"name": f"Inloggen via {provider.naam}"[:64]}
            )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        logger.info("sso login result=ok provider=%s user=%s", provider.pk, user.pk)
        return redirect(next_url or "home")
