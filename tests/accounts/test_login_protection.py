"""Lock-out, session limits, logout everywhere, re-authentication, reset links."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from tests import factories as f
from tests.e2e.conftest import PASSWORD
from voroc.accounts import services

AMS = ZoneInfo("Europe/Amsterdam")


def _login(client, email, password):
    return client.post(reverse("login"), {"username": email, "password": password})


def test_five_failures_lock_the_account_with_a_dutch_message(world, client):
    email = world["decaan"].email
    for _ in range(4):
        assert _login(client, email, "fout-wachtwoord-xyz").status_code == 200
    locked = _login(client, email, "fout-wachtwoord-xyz")
    assert locked.status_code == 429 and "tijdelijk geblokkeerd" in locked.content.decode()
    # Even the right password is refused while locked; a case variant counts for the same address.
    assert _login(client, email.upper(), PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_answer_is_the_same_for_unknown_addresses(db, client):
    f.UserFactory(email="bestaat@school.nl")
    answers = []
    for email in ("bestaat@school.nl", "onbekend@school.nl"):
        for _ in range(5):
            response = _login(client, email, "fout-wachtwoord-xyz")
        body = re.sub(r"[A-Za-z0-9]{32,}", "TOKEN", response.content.decode())  # CSRF tokens differ
        answers.append((response.status_code, body))
    assert answers[0] == answers[1]


def test_lock_lifts_after_fifteen_minutes(world, client):
    email = world["decaan"].email
    start = datetime(2026, 11, 2, 9, 0, tzinfo=AMS)
    with time_machine.travel(start, tick=False):
        for _ in range(5):
            _login(client, email, "fout-wachtwoord-xyz")
        assert _login(client, email, PASSWORD).status_code == 429
    with time_machine.travel(start + timedelta(minutes=16), tick=False):
        assert _login(client, email, PASSWORD).status_code == 302


def test_servicedesk_unlocks(world, client):
    email = world["decaan"].email
    for _ in range(5):
        _login(client, email, "fout-wachtwoord-xyz")
    desk = Client()
    desk.force_login(world["servicedesk"])
    detail = desk.get(reverse("servicedesk:account", kwargs={"pk": world["decaan"].pk}))
    assert "geblokkeerd na te veel" in detail.content.decode()
    response = desk.post(reverse("servicedesk:account_unlock", kwargs={"pk": world["decaan"].pk}), follow=True)
    assert "opgeheven" in response.content.decode()
    assert not AccessAttempt.objects.filter(username=email).exists()
    assert _login(client, email, PASSWORD).status_code == 302


def test_unlock_is_for_the_servicedesk_only(world):
    from voroc.errors import DomainError

    with pytest.raises(DomainError):
        services.account_unlock(account=world["mentor"], user=world["decaan"])


def test_idle_timeout(world, client, settings):
    start = datetime(2026, 11, 2, 9, 0, tzinfo=AMS)
    with time_machine.travel(start, tick=False):
        client.force_login(world["decaan"])
        assert client.get(reverse("home")).status_code == 200
    with time_machine.travel(start + timedelta(seconds=settings.VOROC_SESSION_IDLE_SECONDS - 60), tick=False):
        assert client.get(reverse("home")).status_code == 200  # activity renews the session
    later = start + timedelta(seconds=2 * settings.VOROC_SESSION_IDLE_SECONDS)
    with time_machine.travel(later, tick=False):
        assert client.get(reverse("home"))["Location"].startswith(reverse("login"))


def test_absolute_timeout_despite_activity(world, client, settings):
    start = datetime(2026, 11, 2, 7, 0, tzinfo=AMS)
    with time_machine.travel(start, tick=False):
        client.force_login(world["decaan"])
    step = timedelta(minutes=25)  # within the idle timeout
    moment = start
    while moment - start < timedelta(seconds=settings.VOROC_SESSION_ABSOLUTE_SECONDS - 3600):
        moment += step
        with time_machine.travel(moment, tick=False):
            assert client.get(reverse("home")).status_code == 200
    with time_machine.travel(start + timedelta(seconds=settings.VOROC_SESSION_ABSOLUTE_SECONDS + 60), tick=False):
        response = client.get(reverse("home"))
        assert response["Location"].startswith(reverse("login"))
        assert "_auth_user_id" not in client.session


def test_logout_everywhere_ends_every_session(world):
    user = world["decaan"]
    laptop, phone = Client(), Client()
    laptop.force_login(user)
    phone.force_login(user)
    other = Client()
    other.force_login(world["mentor"])
    response = laptop.post(reverse("logout_everywhere"))
    assert response.status_code == 302
    assert phone.get(reverse("home")).status_code == 302
    assert laptop.get(reverse("home")).status_code == 302
    assert other.get(reverse("home")).status_code == 200


def test_session_cookie_replay_after_logout_fails(world):
    browser = Client()
    browser.force_login(world["decaan"])
    stolen = browser.cookies["sessionid"].value
    browser.post(reverse("logout"))
    assert not Session.objects.filter(session_key=stolen).exists()
    thief = Client()
    thief.cookies["sessionid"] = stolen
    assert thief.get(reverse("home")).status_code == 302


def test_deactivation_ends_sessions(world):
    browser = Client()
    browser.force_login(world["mentor"])
    services.account_deactivate(account=world["mentor"], user=world["servicedesk"])
    assert browser.get(reverse("home")).status_code == 302


def test_password_change_needs_recent_authentication(world, client):
    user = world["decaan"]
    start = datetime(2026, 11, 2, 9, 0, tzinfo=AMS)
    with time_machine.travel(start, tick=False):
        client.force_login(user)
        assert client.get(reverse("password_change")).status_code == 200
    with time_machine.travel(start + timedelta(minutes=6), tick=False):
        response = client.get(reverse("password_change"))
        assert response["Location"].startswith(reverse("reauth"))
        wrong = client.post(response["Location"], {"password": "fout-wachtwoord-xyz"})
        assert "klopt niet" in wrong.content.decode()
        ok = client.post(response["Location"], {"password": PASSWORD})
        assert ok["Location"] == reverse("password_change")
        new = "een nieuw lang wachtwoord 42"
        done = client.post(
            reverse("password_change"), {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
        )
        assert done["Location"] == reverse("account")
    user.refresh_from_db()
    assert user.check_password(new)


def test_own_2fa_reset_needs_recent_authentication(world, client):
    from tests.otp import totp_device

    user = world["decaan"]
    start = datetime(2026, 11, 2, 9, 0, tzinfo=AMS)
    with time_machine.travel(start, tick=False):
        client.force_login(user)
        totp_device(user)
    with time_machine.travel(start + timedelta(minutes=6), tick=False):
        response = client.post(reverse("otp_reset_own"))
        assert response["Location"].startswith(reverse("reauth"))
        from django_otp.plugins.otp_totp.models import TOTPDevice

        assert TOTPDevice.objects.filter(user=user).exists()


def test_reset_link_works_once(world, client, mailoutbox):
    user = world["mentor"]
    client.post(reverse("password_reset"), {"email": user.email})
    link = re.search(r"https?://[^/]+(/account/wachtwoord-herstellen/\S+/)", mailoutbox[0].body).group(1)
    form_url = client.get(link)["Location"]  # Django swaps the token for a session marker
    new = "een nieuw lang wachtwoord 42"
    assert client.post(form_url, {"new_password1": new, "new_password2": new}).status_code == 302
    again = Client().get(link, follow=True)
    assert "new_password1" not in again.content.decode()
    user.refresh_from_db()
    assert user.check_password(new)


def test_reauthentication_with_a_totp_code(world, client):
    from tests.otp import current_code, totp_device

    user = world["decaan"]
    start = datetime(2026, 11, 2, 9, 0, tzinfo=AMS)
    with time_machine.travel(start, tick=False):
        client.force_login(user)
        device = totp_device(user)
    with time_machine.travel(start + timedelta(minutes=10), tick=False):
        url = reverse("reauth") + "?next=" + reverse("password_change")
        response = client.post(url, {"token": current_code(device)})
        assert response["Location"] == reverse("password_change")
        assert client.get(reverse("password_change")).status_code == 200


# --- Idle timeout of 30 minutes with a warning ----------------------------------------------------


def test_the_idle_timeout_is_thirty_minutes_by_default():
    from django.conf import settings as django_settings

    assert django_settings.VOROC_SESSION_IDLE_SECONDS == 30 * 60
    assert 30 * 60 <= django_settings.SESSION_COOKIE_AGE <= 40 * 60  # the server forgets it soon after


def test_idle_timeout_ends_the_session_after_thirty_minutes(world, client):
    start = datetime(2026, 11, 2, 9, 0, tzinfo=AMS)
    with time_machine.travel(start, tick=False):
        client.force_login(world["decaan"])
        assert client.get(reverse("home")).status_code == 200
    with time_machine.travel(start + timedelta(minutes=31), tick=False):
        assert client.get(reverse("home"))["Location"].startswith(reverse("login"))
        assert "_auth_user_id" not in client.session


def test_asking_for_the_time_left_is_not_activity(world, client):
    start = datetime(2026, 11, 2, 9, 0, tzinfo=AMS)
    with time_machine.travel(start, tick=False):
        client.force_login(world["decaan"])
        client.get(reverse("home"))
    with time_machine.travel(start + timedelta(minutes=28), tick=False):
        assert client.get(reverse("session_status")).json() == {"resterend": 120}
    with time_machine.travel(start + timedelta(minutes=29), tick=False):
        assert client.get(reverse("session_status")).json() == {"resterend": 60}
    with time_machine.travel(start + timedelta(minutes=31), tick=False):
        assert client.get(reverse("session_status")).json() == {"resterend": 0}
        assert client.get(reverse("home"))["Location"].startswith(reverse("login"))


def test_staying_signed_in_from_the_warning(world, client):
    start = datetime(2026, 11, 2, 9, 0, tzinfo=AMS)
    with time_machine.travel(start, tick=False):
        client.force_login(world["decaan"])
        client.get(reverse("home"))
    with time_machine.travel(start + timedelta(minutes=29), tick=False):
        assert client.post(reverse("session_keepalive")).status_code == 204
        assert client.get(reverse("session_status")).json() == {"resterend": 30 * 60}
    with time_machine.travel(start + timedelta(minutes=45), tick=False):
        assert client.get(reverse("home")).status_code == 200


def test_the_warning_is_on_every_page_without_inline_script(world, client):
    client.force_login(world["decaan"])
    body = client.get(reverse("home")).content.decode()
    assert 'id="sessie-waarschuwing"' in body and 'data-idle="1800"' in body and "js/sessie.js" in body
    assert "<script>" not in body  # CSP: script-src 'self', no inline script


def test_an_htmx_request_after_the_timeout_loads_the_login_page(world, client):
    start = datetime(2026, 11, 2, 9, 0, tzinfo=AMS)
    with time_machine.travel(start, tick=False):
        client.force_login(world["decaan"])
        client.get(reverse("home"))
    with time_machine.travel(start + timedelta(minutes=31), tick=False):
        response = client.get(reverse("leerlingen:list"), headers={"HX-Request": "true"})
        assert response.status_code == 204 and response["HX-Redirect"] == reverse("login")


# --- Lock-out per account, client address from the trusted proxy only -------------------------------


def _login_from(address, email, password, *, forwarded=None):
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    return Client(REMOTE_ADDR=address).post(
        reverse("login"), {"username": email, "password": password}, headers=headers
    )


def test_an_account_locks_at_its_cap_whatever_the_addresses(world, settings):
    """Four failures from each of five addresses: no pair reaches five, the account reaches 20."""
    email = world["decaan"].email
    for n in range(settings.VOROC_LOCKOUT_ACCOUNT_CAP // 4):
        for _ in range(4):
            _login_from(f"198.51.100.{n + 1}", email, "fout-wachtwoord-xyz")
    locked = _login_from("203.0.113.9", email, PASSWORD)  # the right password, from a new address
    assert locked.status_code == 429 and "tijdelijk geblokkeerd" in locked.content.decode()
    assert services.account_is_locked(world["decaan"])
    # Other accounts are not affected.
    assert _login_from("203.0.113.9", world["mentor"].email, PASSWORD).status_code == 302


def test_below_the_cap_other_addresses_still_get_in(world, settings):
    email = world["decaan"].email
    for _ in range(4):
        _login_from("198.51.100.1", email, "fout-wachtwoord-xyz")
    assert _login_from("198.51.100.2", email, PASSWORD).status_code == 302


def test_a_forged_forwarded_header_is_ignored_without_a_trusted_proxy(world, settings):
    """Without proxies every failure counts for the real address, whatever the client claims."""
    settings.VOROC_TRUSTED_PROXIES = 0
    email = world["decaan"].email
    for n in range(5):
        _login_from("198.51.100.7", email, "fout-wachtwoord-xyz", forwarded=f"10.0.0.{n}")
    assert _login_from("198.51.100.7", email, PASSWORD, forwarded="10.9.9.9").status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.7"}


def test_behind_one_proxy_the_address_it_appended_counts(world, settings):
    """The proxy appends the address it saw; whatever the client put in front of it is ignored."""
    settings.VOROC_TRUSTED_PROXIES = 1
    email = world["decaan"].email
    for n in range(5):
        _login_from("10.0.0.1", email, "fout-wachtwoord-xyz", forwarded=f"1.2.3.{n}, 198.51.100.7")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.7"}
    assert _login_from("10.0.0.1", email, PASSWORD, forwarded="198.51.100.7").status_code == 429
    # Another client behind the same proxy is not locked out.
    assert _login_from("10.0.0.1", email, PASSWORD, forwarded="198.51.100.8").status_code == 302


def test_the_access_log_and_audit_use_the_proxys_address(world, settings, caplog):
    import logging

    from auditlog.models import LogEntry

    settings.VOROC_TRUSTED_PROXIES = 1
    client = Client(REMOTE_ADDR="10.0.0.1")
    client.force_login(world["consulent"])
    forwarded = {"X-Forwarded-For": "6.6.6.6, 198.51.100.7"}
    leerling = world["leerling_a"]
    with caplog.at_level(logging.INFO, logger="voroc.access"):
        client.get(reverse("leerlingen:detail", kwargs={"pk": leerling.pk}), headers=forwarded)
    assert "origin=198.51.100.7" in caplog.text and "6.6.6.6" not in caplog.text
    # A change made in a request carries the client's address into the audit trail.
    client.post(
        reverse("rmc:contactgegevens", kwargs={"pk": leerling.pk}),
        {"telefoon": "06 12345678", "email": "leerling@example.nl"},
        headers=forwarded,
    )
    entry = LogEntry.objects.get_for_object(leerling).filter(action=LogEntry.Action.UPDATE).latest("timestamp")
    assert entry.remote_addr == "198.51.100.7"


# --- Django's auth views: GET and POST only --------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("login", {}),
        ("password_reset", {}),
        ("password_reset_done", {}),
        ("password_reset_confirm", {"uidb64": "MQ", "token": "x"}),
        ("password_reset_complete", {}),
        ("logout", {}),
    ],
)
def test_auth_views_refuse_put(world, client, name, kwargs):
    data = "username=" + world["decaan"].email + "&password=" + PASSWORD
    response = client.put(reverse(name, kwargs=kwargs), data, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 405
    assert "_auth_user_id" not in client.session
