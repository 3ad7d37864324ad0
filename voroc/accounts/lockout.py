"""django-axes hooks: one counter per normalised e-mail address (and per account, with a cap), the
client address as the trusted proxy reports it, and a Dutch lock-out page."""

from datetime import timedelta

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum
from django.shortcuts import render
from django.utils import timezone


def axes_username(request, credentials):
    """The e-mail address as the login form normalises it, so case variants share one counter."""
    value = ""
    if credentials:
        value = credentials.get("username") or credentials.get("email") or ""
    if not value and request is not None and hasattr(request, "POST"):
        value = request.POST.get("username", "")
    return str(value).strip().lower()[:254]


def client_address(request) -> str:
    """REMOTE_ADDR, which voroc.middleware.ClientAddressMiddleware set from the trusted proxy header."""
    return request.META.get("REMOTE_ADDR", "")


def lockout_response(request, original_response=None, credentials=None):
    """The same page for existing and unknown accounts: it reveals nothing about the address."""
    minutes = int(float(settings.AXES_COOLOFF_TIME) * 60) if settings.AXES_COOLOFF_TIME else None
    return render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)


class AccountCapHandler(AxesDatabaseHandler):
    """django-axes counts failures per e-mail address and client address (AXES_FAILURE_LIMIT);
    this adds a cap per account, whatever the address: behind a proxy or from many addresses an
    account still locks after VOROC_LOCKOUT_ACCOUNT_CAP failures within the cool-off time.

    AXES_LOCKOUT_PARAMETERS lists the pair first and the account second; axes locks when
    `get_failures` reaches AXES_FAILURE_LIMIT, so the account's count is scaled to that limit."""

    def get_failures(self, request, credentials=None) -> int:
        pair, account = (
            attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        return max(pair, account * settings.AXES_FAILURE_LIMIT // settings.VOROC_LOCKOUT_ACCOUNT_CAP)


def account_is_locked(email: str) -> bool:
    """What the servicedesk sees: locked from some address, or the whole account at its cap."""
    from axes.models import AccessAttempt

    recent = AccessAttempt.objects.filter(
        username=email.lower(), attempt_time__gte=timezone.now() - timedelta(hours=float(settings.AXES_COOLOFF_TIME))
    )
    total = recent.aggregate(n=Sum("failures_since_start"))["n"] or 0
    return (
        total >= settings.VOROC_LOCKOUT_ACCOUNT_CAP
        or recent.filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT).exists()
    )
