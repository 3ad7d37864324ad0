"""django-axes hooks: one counter per normalised e-mail address and a Dutch lock-out page."""

from django.conf import settings
from django.shortcuts import render


def axes_username(request, credentials):
    """The e-mail address as the login form normalises it, so case variants share one counter."""
    value = ""
    if credentials:
        value = credentials.get("username") or credentials.get("email") or ""
    if not value and request is not None and hasattr(request, "POST"):
        value = request.POST.get("username", "")
    return str(value).strip().lower()[:254]


def lockout_response(request, original_response=None, credentials=None):
    """The same page for existing and unknown accounts: it reveals nothing about the address."""
    minutes = int(float(settings.AXES_COOLOFF_TIME) * 60) if settings.AXES_COOLOFF_TIME else None
    return render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)
