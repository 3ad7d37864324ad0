"""Single sign-on pages: per protocol a start (to the provider) and a callback, ending in one
shared tail (`_sign_in_invited`): only an invited account, django-axes' lock-out, the provider's
second factor, Django's login.

OpenID Connect: mozilla-django-oidc's views, subclassed so that the endpoints and the client come
from the provider row chosen on the login page (voroc.accounts.oidc). The provider's id is stored
in the session next to the state, nonce and PKCE verifier, and the callback takes all of them out
of the session before anything else: a state works once and a replayed callback finds nothing.

SAML 2.0 (voroc.accounts.saml): the start stores the AuthnRequest's id with the provider's id in
the SAML session (djangosaml2's SamlSessionMiddleware: a cookie of its own with SameSite=None,
because the provider's page posts the response to us from another site and the session cookie
(SameSite=Lax) is not sent with that POST). The callback takes the entry out, and deletes the SAML
session row when it is empty, before it checks anything: a request id works once, a replayed
response finds nothing, and a response nobody asked for (IdP-initiated) finds nothing either.
"""

import logging
import time
from urllib.parse import parse_qs, urlsplit

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.signals import user_login_failed
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET
from djangosaml2.cache import OutstandingQueriesCache
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from . import oidc, saml
from .lockout import lockout_response
from .models import Identiteitsprovider, Protocol, SSOApparaat, User
from .services import uitnodiging_accept_sso

logger = logging.getLogger("voroc.accounts.sso")

STATES = "oidc_states"  # mozilla-django-oidc's session key: state -> nonce, verifier, (our) provider
NEXT = "oidc_login_next"
STATE_SECONDS = 10 * 60  # a login at the provider that takes longer starts again
AFGEBROKEN = "Het inloggen bij uw organisatie is afgebroken. Log opnieuw in."
ONBEKEND = "Deze inlogpoging is verlopen of al gebruikt. Log opnieuw in."


def _refuse(request, melding: str, *, reden: str, provider_id=None):
    logger.warning("sso login result=refused reason=%s provider=%s", reden, provider_id or "-")
    messages.error(request, melding)
    return redirect("login")


def _active_providers(protocol: str):
    return Identiteitsprovider.objects.filter(actief=True, organisatie__actief=True, protocol=protocol)


def _sign_in_invited(request, provider: Identiteitsprovider, *, identity, user: User | None, multi_factor, next_url):
    """The end of every single sign-on login, whatever the protocol: `user` is the invited account
    the provider's identifying claim named (None: refused, counted toward the lock-out of the
    address `identity`); `multi_factor` says the provider vouched for a second factor."""
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
    # Invited here but not yet accepted: the provider vouched for the invited address.
    uitnodiging_accept_sso(account=user, organisatie=provider.organisatie)
    if multi_factor:
        # The provider vouched for a second factor: django-otp's login handler (on
        # user_logged_in) stores this device in the session, as the TOTP step does.
        user.otp_device, _ = SSOApparaat.objects.get_or_create(
            user=user, identiteitsprovider=provider, defaults={"name": f"Inloggen via {provider.naam}"[:64]}
        )
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    logger.info("sso login result=ok provider=%s user=%s", provider.pk, user.pk)
    return redirect(next_url or "home")


@method_decorator(never_cache, name="dispatch")
class SSOStartView(OIDCAuthenticationRequestView):
    """To the provider's login, with a fresh state, nonce and PKCE challenge."""

    get_settings = staticmethod(oidc._get_setting)

    def __init__(self, **kwargs):
        # The library reads its endpoint and client from settings here; ours come per request.
        super(OIDCAuthenticationRequestView, self).__init__(**kwargs)

    def get(self, request, pk: int):
        provider = get_object_or_404(_active_providers(Protocol.OIDC), pk=pk)
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
            return _refuse(request, ONBEKEND, reden="state-unknown")
        provider = _active_providers(Protocol.OIDC).filter(pk=entry["provider"]).select_related("organisatie").first()
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
        return _sign_in_invited(
            request,
            provider,
            identity=claims.get(provider.claim_identiteit),
            user=user,
            multi_factor=oidc.asserts_multi_factor(provider, claims),
            next_url=next_url,
        )


def _safe_next(request) -> str | None:
    target = request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return None


@method_decorator(never_cache, name="dispatch")
class SAMLStartView(View):
    """To the identity provider with a fresh AuthnRequest; its id waits in the SAML session."""

    http_method_names = ["get"]

    def get(self, request, pk: int):
        provider = get_object_or_404(_active_providers(Protocol.SAML), pk=pk)
        try:
            verzoek = saml.authn_request(request, provider)
        except oidc.Weigering as weigering:
            return _refuse(request, weigering.melding, reden=weigering.reden, provider_id=provider.pk)
        pending = OutstandingQueriesCache(request.saml_session)
        now = time.time()
        for request_id, entry in pending.outstanding_queries().items():
            if not isinstance(entry, dict) or now - float(entry.get("added_on") or 0) > STATE_SECONDS:
                pending.delete(request_id)
        pending.set(verzoek.request_id, {"provider": provider.pk, "added_on": now, "next": _safe_next(request)})
        # The cookie and its row end with the pending login, not with the browser (an abandoned login
        # would otherwise keep the SAML session alive, read and saved on every request).
        request.saml_session.set_expiry(STATE_SECONDS)
        if verzoek.binding == saml.BINDING_HTTP_REDIRECT:
            return redirect(verzoek.url)
        # The provider takes the request by HTTP-POST only: a form to its address (one click, no script).
        response = render(request, "registration/saml_doorsturen.html", {"provider": provider, "verzoek": verzoek})
        origin = "{0.scheme}://{0.netloc}".format(urlsplit(verzoek.url))
        response["Content-Security-Policy"] = settings.CONTENT_SECURITY_POLICY.replace(
            "form-action 'self'", f"form-action 'self' {origin}"
        )
        return response


@method_decorator(csrf_exempt, name="dispatch")  # the provider's page posts here; the pending request id protects it
@method_decorator(never_cache, name="dispatch")
class SAMLCallbackView(View):
    """The assertion consumer service: the provider's signed response, posted by the browser."""

    http_method_names = ["post"]

    def post(self, request):
        request_id = saml.in_response_to(request.POST.get("SAMLResponse", ""))
        pending = OutstandingQueriesCache(request.saml_session)
        entry = pending.outstanding_queries().get(request_id) if request_id else None
        if entry is not None:
            pending.delete(request_id)
        if not pending.outstanding_queries():
            request.saml_session.flush()  # the row too: an old cookie finds nothing
        if not isinstance(entry, dict) or "provider" not in entry:
            return _refuse(request, ONBEKEND, reden="saml-request-unknown")
        provider = _active_providers(Protocol.SAML).filter(pk=entry["provider"]).select_related("organisatie").first()
        if provider is None:
            return _refuse(request, "Deze manier van inloggen is niet meer beschikbaar.", reden="provider-inactive")
        if time.time() - float(entry.get("added_on") or 0) > STATE_SECONDS:
            return _refuse(
                request, "Deze inlogpoging is verlopen. Log opnieuw in.", reden="state-expired", provider_id=provider.pk
            )
        try:
            attributes, identity, user = saml.sign_in(request, provider, request_id=request_id)
        except oidc.Weigering as weigering:
            return _refuse(request, weigering.melding, reden=weigering.reden, provider_id=provider.pk)
        return _sign_in_invited(
            request,
            provider,
            identity=identity,
            user=user,
            multi_factor=oidc.asserts_multi_factor(provider, attributes),
            next_url=entry.get("next"),
        )


@never_cache
@require_GET
def saml_metadata(request, pk: int):
    """Our service-provider metadata towards one SAML provider (also before it is active), for its
    administrators: our entity id (this address) and the assertion consumer service."""
    provider = get_object_or_404(Identiteitsprovider.objects.filter(protocol=Protocol.SAML), pk=pk)
    try:
        xml = saml.sp_metadata(request, provider)
    except oidc.Weigering:
        raise Http404("De metadata van deze identiteitsprovider laadt niet.")
    return HttpResponse(xml, content_type="application/samlmetadata+xml")
