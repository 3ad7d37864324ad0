"""Session limits and the two-factor requirement.

- SessionTimeoutMiddleware: an idle limit (VOROC_SESSION_IDLE_SECONDS since the last request,
  30 minutes by default) and an absolute limit on a session's life since login. The page warns
  before the idle limit ends (static/js/sessie.js); the status it asks for does not count as
  activity. The session row also expires on the server shortly after (SESSION_COOKIE_AGE).
- OTPRequiredMiddleware: a session that has a password but no verified second factor reaches
  only the OTP steps and logout; everything else redirects there. django-otp's OTPMiddleware
  (before this one) marks the user verified when the session holds a device set by
  `django_otp.login` — nothing else does.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from . import otp

LOGIN_AT = "_voroc_login_at"
AUTH_AT = "_voroc_auth_at"
SEEN_AT = "_voroc_seen_at"  # the last request that counts as activity

# URL names a password-only session may reach.
OTP_EXEMPT = {
    "otp_verify",
    "otp_setup",
    "otp_email_setup",
    "logout",
    "invite_accept",
    "session_status",
    "session_keepalive",
    "otp_enrolment_link",
    "toegankelijkheid",
    "oidc_start",  # single sign-on may replace a half-finished password login
    "oidc_callback",
    "saml_start",
    "saml_acs",
    "saml_metadata",
}


def idle_seconds_left(request, now: int | None = None) -> int:
    """Seconds until the idle limit ends the session (0 when it has, or nobody is signed in)."""
    if not request.user.is_authenticated:
        return 0
    now = int(time.time()) if now is None else now
    seen = int(request.session.get(SEEN_AT) or now)
    started = int(request.session.get(LOGIN_AT) or now)
    return max(
        0,
        min(
            settings.VOROC_SESSION_IDLE_SECONDS - (now - seen),
            settings.VOROC_SESSION_ABSOLUTE_SECONDS - (now - started),
        ),
    )


class SessionTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            started = request.session.get(LOGIN_AT)
            seen = request.session.get(SEEN_AT)
            status = request.path_info == reverse("session_status")  # asking is not activity
            if started is None:
                request.session[LOGIN_AT] = now
            if (started is not None and now - int(started) >= settings.VOROC_SESSION_ABSOLUTE_SECONDS) or (
                seen is not None and now - int(seen) >= settings.VOROC_SESSION_IDLE_SECONDS
            ):
                logout(request)
                if status:  # the page's script learns it is over (0 seconds left) and goes to the login
                    return self.get_response(request)
                messages.warning(request, "Uw sessie is verlopen. Log opnieuw in.", fail_silently=True)
                if request.headers.get("HX-Request"):
                    response = HttpResponse(status=204)
                    response["HX-Redirect"] = reverse("login")
                    return response
                return redirect_to_login(request.get_full_path())
            if not status:
                request.session[SEEN_AT] = now
        return self.get_response(request)


class OTPRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or otp.is_verified(request) or not otp.requires_2fa(user):
            return None
        match = request.resolver_match
        if match is not None and match.url_name in OTP_EXEMPT and not match.namespace:
            return None
        target = reverse("otp_verify") if otp.has_confirmed_device(user) else reverse("otp_setup")
        if request.method == "GET" and not getattr(request, "htmx", False):
            target += "?" + urlencode({"next": request.get_full_path()})
        if getattr(request, "htmx", False):
            # htmx would swap the OTP page into a fragment: ask it to load the whole page instead.
            response = HttpResponse(status=204)
            response["HX-Redirect"] = target
            return response
        return redirect(target)
