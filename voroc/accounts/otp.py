"""Two-factor authentication (django-otp): who needs it and the devices of a user.

Every signed-in user needs a verified TOTP device (or a recovery code) before anything else:
the servicedesk manages who reaches pupil data and the admin is the servicedesk's superset.
The only exception is the demo (VOROC_DEMO=1, never in production) for its own demo accounts.
"""

import secrets

from django.conf import settings
from django_otp.plugins.otp_email.models import EmailDevice
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

TOTP_NAME = "Authenticator-app"
STATIC_NAME = "Herstelcodes"
EMAIL_NAME = "Code per e-mail"


def demo_skip_active() -> bool:
    return bool(settings.VOROC_DEMO and not settings.PRODUCTION and settings.VOROC_DEMO_SKIP_2FA_DOMAIN)


def demo_skips(user) -> bool:
    """A demo account on the demo's own domain, only in the demo."""
    if not demo_skip_active():
        return False
    return (user.email or "").lower().endswith("@" + settings.VOROC_DEMO_SKIP_2FA_DOMAIN.lower())


def requires_2fa(user) -> bool:
    if not user.is_authenticated:
        return False
    if not settings.VOROC_REQUIRE_2FA:
        return False
    return not demo_skips(user)


def is_verified(request) -> bool:
    user = request.user
    return bool(getattr(user, "is_verified", None) and user.is_verified())


def has_confirmed_totp(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def may_use_email(user) -> bool:
    """Only a pupil's or parent's portal account may take its code by e-mail: staff reach many
    pupils' files and keep the authenticator app (a mailbox is shared and forwarded more easily)."""
    return bool(getattr(user, "portaal", False))


def has_confirmed_email(user) -> bool:
    return may_use_email(user) and EmailDevice.objects.filter(user=user, confirmed=True).exists()


def has_confirmed_device(user) -> bool:
    """A second factor to verify with: an authenticator app, or (portal accounts) e-mail."""
    return has_confirmed_totp(user) or has_confirmed_email(user)


def email_device_for_enrolment(user) -> EmailDevice:
    device = EmailDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = EmailDevice.objects.create(user=user, name=EMAIL_NAME, confirmed=False)
    return device


def email_device(user) -> EmailDevice | None:
    return EmailDevice.objects.filter(user=user, confirmed=True).first() if may_use_email(user) else None


def totp_device_for_enrolment(user) -> TOTPDevice:
    """The user's unconfirmed TOTP device; a new secret is made only when none is pending."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
    return device


def new_recovery_codes(user) -> list[str]:
    """Replace the user's recovery codes by fresh ones; each works once."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=STATIC_NAME, confirmed=True)
    codes = []
    for _ in range(settings.VOROC_RECOVERY_CODES):
        raw = secrets.token_hex(6)  # 48 random bits; StaticToken holds at most 16 characters
        codes.append(f"{raw[:4]}-{raw[4:8]}-{raw[8:]}")
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def delete_devices(user) -> None:
    from .models import SSOApparaat

    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    # A provider's multi-factor claim makes a new one at the next login through it (voroc/accounts/sso.py).
    SSOApparaat.objects.filter(user=user).delete()
    EmailDevice.objects.filter(user=user).delete()
