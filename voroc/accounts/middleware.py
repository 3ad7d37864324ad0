"""Session limits (SECURITY.md R6) and the two-factor requirement (R4).

- SessionTimeoutMiddleware: an absolute limit on a session's life since login; the idle limit
  is SESSION_COOKIE_AGE with SESSION_SAVE_EVERY_REQUEST (the session row expires on the server).
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

# URL names a password-only session may reach.
OTP_EXEMPT = {"otp_verify", "otp_setup", "logout", "invite_accept"}


class SessionTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            started = request.session.get(LOGIN_AT)
            if started is None:
                request.session[LOGIN_AT] = now
            elif now - int(started) > settings.VOROC_SESSION_ABSOLUTE_SECONDS:
                logout(request)
                messages.warning(request, "Uw sessie is verlopen. Log opnieuw in.", fail_silently=True)
                return redirect_to_login(request.get_full_path())
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
        target = reverse("otp_verify") if otp.has_confirmed_totp(user) else reverse("otp_setup")
        if request.method == "GET" and not getattr(request, "htmx", False):
            target += "?" + urlencode({"next": request.get_full_path()})
        if getattr(request, "htmx", False):
            # htmx would swap the OTP page into a fragment: ask it to load the whole page instead.
            response = HttpResponse(status=204)
            response["HX-Redirect"] = target
            return response
        return redirect(target)
