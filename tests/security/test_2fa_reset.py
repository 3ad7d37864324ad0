"""After a servicedesk reset of the second factor, the password alone does not enrol a new device:
the user gets a notice with a one-time link, and only a session that opened it may enrol. The
servicedesk never acts on a superuser. Resets and unlocks are audited. The session key changes
when the second factor is verified.

Planted-bug checks (each run once): without the `enrolment_needs_link` branch in `otp_setup`
`test_the_password_alone_cannot_enrol_after_a_reset` enrols; with `_require(...)` instead of
`_require_beheer_of` in `account_reset_2fa` the superuser test resets; without `cycle_key()` in
`_second_factor_login` the session-key tests keep the old key.
"""

import re

import pytest
from auditlog.models import LogEntry
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests import factories as f
from tests.e2e.conftest import PASSWORD
from tests.otp import current_code, totp_device, verified_login
from voroc.accounts import services
from voroc.accounts.models import EnrolmentLink, Rol
from voroc.errors import DomainError

pytestmark = pytest.mark.require_2fa


def _password_login(client, user):
    response = client.post(reverse("login"), {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return response


def _reset(world, user, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.account_reset_2fa(account=user, user=world["servicedesk"], base_url="http://testserver/")
    mail = mailoutbox[-1]
    assert mail.to == [user.email]
    return re.search(r"http://testserver(/account/tweestaps/nieuw/\S+/)", mail.body).group(1)


def _enrol(client):
    """Scan and confirm on the enrolment page; returns the response to the confirmation."""
    page = client.get(reverse("otp_setup"))
    assert page.status_code == 200, page.status_code
    device = TOTPDevice.objects.get(user=page.wsgi_request.user, confirmed=False)
    return client.post(reverse("otp_setup"), {"token": current_code(device)})


def test_the_reset_sends_a_notice_with_a_one_time_link(world, mailoutbox, django_capture_on_commit_callbacks):
    user = world["decaan"]
    totp_device(user)
    _reset(world, user, mailoutbox, django_capture_on_commit_callbacks)
    body = mailoutbox[-1].body
    assert "gereset" in body and "Heeft u niet om een reset gevraagd?" in body
    assert not TOTPDevice.objects.filter(user=user).exists()
    link = EnrolmentLink.objects.get(user=user)
    assert link.used_at is None and link.created_by == world["servicedesk"]
    assert link.token_hash not in body  # only the hash is stored, only the token is sent


def test_the_password_alone_cannot_enrol_after_a_reset(world, client, mailoutbox, django_capture_on_commit_callbacks):
    user = world["decaan"]
    totp_device(user)
    _reset(world, user, mailoutbox, django_capture_on_commit_callbacks)
    _password_login(client, user)
    assert client.get(reverse("home"))["Location"].startswith(reverse("otp_setup"))
    page = client.get(reverse("otp_setup"))
    assert page.status_code == 403 and "Open eerst de link uit uw e-mail" in page.content.decode()
    assert client.post(reverse("otp_setup"), {"token": "123456"}).status_code == 403
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert client.get(reverse("leerlingen:list")).status_code == 302


def test_the_link_lets_this_session_enrol_once(world, client, mailoutbox, django_capture_on_commit_callbacks):
    user = world["decaan"]
    totp_device(user)
    path = _reset(world, user, mailoutbox, django_capture_on_commit_callbacks)
    # Not signed in: the link asks for the password first and comes back.
    response = client.get(path)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    login = client.post(response["Location"], {"username": user.email, "password": PASSWORD})
    assert login["Location"] == path
    assert client.get(path)["Location"] == reverse("otp_setup")
    assert _enrol(client)["Location"] == reverse("otp_recovery_codes")
    assert client.get(reverse("leerlingen:list")).status_code == 200
    assert EnrolmentLink.objects.get(user=user).used_at is not None
    # Spent: another session with the password gets nowhere with it.
    other = Client()
    _password_login(other, user)
    assert other.get(path).status_code == 410


def test_a_link_is_for_its_own_account_only(world, client, mailoutbox, django_capture_on_commit_callbacks):
    path = _reset(world, world["decaan"], mailoutbox, django_capture_on_commit_callbacks)
    _password_login(client, world["mentor"])
    assert client.get(path).status_code == 410


def test_an_expired_link_needs_a_new_one(world, client, mailoutbox, django_capture_on_commit_callbacks):
    from django.utils import timezone

    user = world["decaan"]
    path = _reset(world, user, mailoutbox, django_capture_on_commit_callbacks)
    EnrolmentLink.objects.filter(user=user).update(expires_at=timezone.now())
    _password_login(client, user)
    assert client.get(path).status_code == 410
    assert client.get(reverse("otp_setup")).status_code == 403
    # A second reset sends a new link, which works.
    path = _reset(world, user, mailoutbox, django_capture_on_commit_callbacks)
    client = Client()
    _password_login(client, user)
    client.get(path)
    assert _enrol(client).status_code == 302


def test_first_enrolment_after_an_invitation_needs_no_link(world, client):
    _password_login(client, world["mentor"])  # never had a device, never reset
    assert client.get(reverse("otp_setup")).status_code == 200


def test_reset_and_unlock_are_audited(world, client, mailoutbox, django_capture_on_commit_callbacks):
    user = world["decaan"]
    _reset(world, user, mailoutbox, django_capture_on_commit_callbacks)
    for _ in range(5):
        client.post(reverse("login"), {"username": user.email, "password": "fout-wachtwoord-xyz"})
    services.account_unlock(account=user, user=world["servicedesk"])
    entries = LogEntry.objects.get_for_object(user).filter(actor=world["servicedesk"])
    actions = [e.additional_data["actie"] for e in entries.order_by("timestamp")]
    assert actions == ["tweestapsverificatie gereset", "blokkade opgeheven"]


@pytest.mark.parametrize(
    "action",
    [
        lambda w, su: services.account_reset_2fa(account=su, user=w["servicedesk"]),
        lambda w, su: services.account_deactivate(account=su, user=w["servicedesk"]),
        lambda w, su: services.account_reactivate(account=su, user=w["servicedesk"]),
        lambda w, su: services.account_unlock(account=su, user=w["servicedesk"]),
        lambda w, su: services.lidmaatschap_toekennen(
            account=su, organisatie=w["school_a"], rol=Rol.objects.get(code="decaan"), user=w["servicedesk"]
        ),
    ],
    ids=["reset_2fa", "deactivate", "reactivate", "unlock", "grant_role"],
)
def test_the_servicedesk_never_acts_on_a_superuser(world, action):
    superuser = f.UserFactory(email="beheer@voroc.nl", is_superuser=True, is_staff=True)
    device = totp_device(superuser)
    with pytest.raises(DomainError):
        action(world, superuser)
    superuser.refresh_from_db()
    assert superuser.is_active and superuser.is_superuser and not superuser.lidmaatschappen.exists()
    assert TOTPDevice.objects.filter(pk=device.pk).exists()


def test_the_servicedesk_page_offers_no_action_on_a_superuser(world):
    superuser = f.UserFactory(email="beheer@voroc.nl", is_superuser=True, is_staff=True)
    totp_device(superuser)
    desk = Client()
    verified_login(desk, world["servicedesk"])
    body = desk.get(reverse("servicedesk:account", kwargs={"pk": superuser.pk})).content.decode()
    assert "alleen te beheren in de Django-admin" in body
    assert reverse("servicedesk:account_reset_2fa", kwargs={"pk": superuser.pk}) not in body
    response = desk.post(reverse("servicedesk:account_reset_2fa", kwargs={"pk": superuser.pk}), follow=True)
    assert "superuser" in response.content.decode()
    assert TOTPDevice.objects.filter(user=superuser).exists()


# --- Session key after the second factor ---------------------------------------------------------


def test_the_session_key_changes_when_the_code_is_verified(world, client):
    user = world["decaan"]
    device = totp_device(user)
    _password_login(client, user)
    before = client.session.session_key
    assert client.post(reverse("otp_verify"), {"token": current_code(device)}).status_code == 302
    after = client.session.session_key
    assert after != before
    assert not Session.objects.filter(session_key=before).exists()
    # The key seen before the second factor is worthless.
    stolen = Client()
    stolen.cookies["sessionid"] = before
    assert stolen.get(reverse("leerlingen:list"))["Location"].startswith(reverse("login"))


def test_the_session_key_changes_at_enrolment(world, client):
    _password_login(client, world["mentor"])
    before = client.session.session_key
    assert _enrol(client).status_code == 302
    assert client.session.session_key != before
    assert not Session.objects.filter(session_key=before).exists()
