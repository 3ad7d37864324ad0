"""Two-factor authentication: a password-only session reaches nothing else."""

import time

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests import factories as f
from tests.e2e.conftest import PASSWORD
from tests.otp import current_code, totp_device, verified_login
from voroc.accounts.middleware import OTP_EXEMPT

from .urls import all_urls

pytestmark = pytest.mark.require_2fa


def _password_login(client, user):
    response = client.post(reverse("login"), {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return response


@pytest.mark.parametrize("role", ["decaan", "servicedesk", "intaker"])
@pytest.mark.parametrize("enrolled", [False, True])
def test_every_url_redirects_a_password_only_session_to_the_otp_step(world, client, role, enrolled):
    if enrolled:
        totp_device(world[role])
    client.force_login(world[role])
    step = reverse("otp_verify") if enrolled else reverse("otp_setup")
    failures = []
    for name, url, r in all_urls(world):
        if name in OTP_EXEMPT:
            continue
        if r["method"] == "post":
            response = client.post(url, r["data"](world) if r["data"] else {})
        else:
            response = client.get(url)
        if response.status_code != 302 or not response["Location"].startswith(step):
            failures.append(f"{name} {url}: {response.status_code} {response.get('Location')}")
    assert not failures, "reachable without a second factor:\n" + "\n".join(failures)


def test_htmx_requests_are_sent_to_the_otp_step_as_a_whole_page(world, client):
    client.force_login(world["decaan"])
    response = client.get(reverse("leerlingen:list"), HTTP_HX_REQUEST="true")
    assert response.status_code == 204 and response["HX-Redirect"] == reverse("otp_setup")
    assert world["leerling_a"].achternaam not in response.content.decode()


def test_the_admin_needs_the_second_factor_too(db, client):
    admin = f.UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = client.get("/django-beheer/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("otp_setup"))
    verified_login(client, admin)
    assert client.get("/django-beheer/").status_code == 200


def test_the_admin_is_for_superusers_only(world, client):
    staff = world["servicedesk"]
    staff.is_staff = True
    staff.save()
    verified_login(client, staff)
    response = client.get("/django-beheer/")
    assert response.status_code == 302 and "login" in response["Location"]


def test_verified_session_reaches_the_pages(world, client):
    verified_login(client, world["decaan"])
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("leerlingen:list")).status_code == 200


def test_enrolment_at_first_login(world, client):
    user = world["mentor"]
    _password_login(client, user)
    response = client.get(reverse("home"))
    assert response["Location"].startswith(reverse("otp_setup"))
    page = client.get(reverse("otp_setup"))
    assert page.status_code == 200 and b"data:image/svg+xml" in page.content
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    wrong = client.post(reverse("otp_setup"), {"token": "000000" if current_code(device) != "000000" else "111111"})
    assert "klopt niet" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    time.sleep(1.1)  # django-otp throttles for a second after a failure
    response = client.post(reverse("otp_setup"), {"token": current_code(device)})
    assert response["Location"] == reverse("otp_recovery_codes")
    codes = client.get(reverse("otp_recovery_codes")).context["codes"]
    assert len(codes) == 10 and StaticToken.objects.filter(device__user=user).count() == 10
    # Shown once only.
    assert client.get(reverse("otp_recovery_codes")).context["codes"] is None
    assert client.get(reverse("home")).status_code == 200


def test_a_password_only_session_cannot_add_a_device(world, client):
    user = world["decaan"]
    totp_device(user)
    _password_login(client, user)
    response = client.get(reverse("otp_setup"))
    assert response["Location"] == reverse("otp_verify")
    assert client.post(reverse("otp_setup"), {"token": "123456"})["Location"] == reverse("otp_verify")
    assert TOTPDevice.objects.filter(user=user).count() == 1


def test_a_totp_code_works_once(world, client):
    user = world["decaan"]
    device = totp_device(user)
    code = current_code(device)
    _password_login(client, user)
    response = client.post(reverse("otp_verify"), {"token": code, "next": "/leerlingen/"})
    assert response.status_code == 302 and response["Location"] == "/leerlingen/"
    assert client.get(reverse("home")).status_code == 200
    client.post(reverse("logout"))
    _password_login(client, user)
    again = client.post(reverse("otp_verify"), {"token": code})
    assert again.status_code == 200 and "al gebruikt" in again.content.decode()
    assert client.get(reverse("home")).status_code == 302


def test_otp_verify_never_redirects_off_site(world, client):
    user = world["decaan"]
    device = totp_device(user)
    _password_login(client, user)
    response = client.post(reverse("otp_verify"), {"token": current_code(device), "next": "https://evil.example/"})
    assert response["Location"] == reverse("home")


def test_a_recovery_code_works_once(world, client):
    from voroc.accounts import otp

    user = world["zorg"]
    totp_device(user)
    code = otp.new_recovery_codes(user)[0]
    _password_login(client, user)
    assert client.post(reverse("otp_verify"), {"token": code}).status_code == 302
    assert client.get(reverse("home")).status_code == 200
    client.post(reverse("logout"))
    _password_login(client, user)
    assert client.post(reverse("otp_verify"), {"token": code}).status_code == 200
    assert StaticToken.objects.filter(device__user=user).count() == 9


def test_wrong_codes_are_throttled(world, client):
    user = world["decaan"]
    device = totp_device(user)
    _password_login(client, user)
    client.post(reverse("otp_verify"), {"token": "000000" if current_code(device) != "000000" else "111111"})
    # Right after a failure the device refuses even the right code for a moment (django-otp throttling).
    response = client.post(reverse("otp_verify"), {"token": current_code(device)})
    assert response.status_code == 200
    device.refresh_from_db()
    assert device.throttling_failure_count >= 1


def test_servicedesk_reset_makes_the_user_enrol_again(world, client):
    from voroc.accounts.services import account_reset_2fa

    user = world["decaan"]
    verified_login(client, user)
    account_reset_2fa(account=user, user=world["servicedesk"])
    assert not TOTPDevice.objects.filter(user=user).exists()
    # The session ended on the server.
    assert client.get(reverse("home"))["Location"].startswith(reverse("login"))


class TestDemoSkip:
    @pytest.fixture
    def demo(self, settings):
        settings.VOROC_DEMO = True
        settings.PRODUCTION = False
        settings.VOROC_DEMO_SKIP_2FA_DOMAIN = "demo.voroc.nl"

    def test_demo_accounts_skip_the_second_factor_visibly(self, db, client, demo):
        user = f.UserFactory(email="decaan@demo.voroc.nl")
        client.force_login(user)
        response = client.get(reverse("home"))
        assert response.status_code == 200
        assert "Tweestapsverificatie staat uit voor de demo-accounts" in response.content.decode()

    def test_other_accounts_in_the_demo_still_need_it(self, db, client, demo):
        client.force_login(f.UserFactory(email="iemand@school.nl"))
        assert client.get(reverse("home")).status_code == 302

    def test_never_without_the_demo_flag(self, db, client, settings):
        settings.VOROC_DEMO = False
        settings.VOROC_DEMO_SKIP_2FA_DOMAIN = "demo.voroc.nl"
        client.force_login(f.UserFactory(email="decaan@demo.voroc.nl"))
        assert client.get(reverse("home")).status_code == 302

    def test_never_in_production(self, db, client, demo, settings):
        settings.PRODUCTION = True
        client.force_login(f.UserFactory(email="decaan@demo.voroc.nl"))
        assert client.get(reverse("home")).status_code == 302

    def test_system_check_fails_for_production_with_the_skip(self, settings):
        settings.PRODUCTION = True
        settings.VOROC_DEMO = False
        settings.VOROC_DEMO_SKIP_2FA_DOMAIN = "demo.voroc.nl"
        with pytest.raises(SystemCheckError, match="voroc.E001"):
            call_command("check")
        settings.VOROC_DEMO_SKIP_2FA_DOMAIN = ""
        call_command("check")
