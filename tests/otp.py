"""Helpers for tests that log in with a second factor (django-otp)."""

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


def totp_device(user, *, confirmed=True) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=confirmed).first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator-app", confirmed=confirmed)


def current_code(device: TOTPDevice, *, drift: int = 0) -> str:
    """The code the user's app shows now, computed from the device secret."""
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift)
    return f"{code:0{device.digits}d}"


def verified_login(client, user):
    """force_login plus a verified second factor, as django_otp.login would leave the session."""
    client.force_login(user)
    device = totp_device(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device
