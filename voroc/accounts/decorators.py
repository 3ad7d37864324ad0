"""Re-authentication before account changes: the password or a code again, unless given in the last few minutes."""

import time
from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from .middleware import AUTH_AT


def recently_authenticated(request) -> bool:
    stamp = request.session.get(AUTH_AT)
    return stamp is not None and time.time() - int(stamp) <= settings.VOROC_REAUTH_SECONDS


def mark_authenticated(request) -> None:
    request.session[AUTH_AT] = int(time.time())


def recent_auth_required(view):
    """The user proved who they are (password or OTP code) in the last VOROC_REAUTH_SECONDS.
    Otherwise: to the re-authentication page, and back to this page (GET) or the account page (POST)."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if recently_authenticated(request):
            return view(request, *args, **kwargs)
        back = request.get_full_path() if request.method == "GET" else reverse("account")
        return redirect(reverse("reauth") + "?" + urlencode({"next": back}))

    return wrapped
