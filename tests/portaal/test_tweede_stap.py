"""Portal accounts obey the same second-factor rule as staff; they may take the code by e-mail."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django_otp.plugins.otp_email.models import EmailDevice

from tests.e2e.conftest import PASSWORD

pytestmark = pytest.mark.require_2fa


def _password_login(client, user):
    response = client.post(reverse("login"), {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return response


def _code_uit_mail() -> str:
    return re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)


def test_a_password_only_portal_session_reaches_no_portal_page(world, client):
    _password_login(client, world["leerling"])
    response = client.get(reverse("portaal:leerling", kwargs={"pk": world["leerling_a"].pk}))
    assert response.status_code == 302 and response["Location"].startswith(reverse("otp_setup"))
    assert "e-mail" in client.get(reverse("otp_setup")).content.decode()


def test_the_pupil_sets_up_the_email_code_and_logs_in_with_it(world, client):
    user = world["leerling"]
    _password_login(client, user)
    assert client.get(reverse("otp_email_setup")).status_code == 200
    client.post(reverse("otp_email_setup"), {"stuur": "1"})
    (bericht,) = mail.outbox
    assert bericht.to == [user.email] and world["leerling_a"].achternaam not in bericht.body
    response = client.post(reverse("otp_email_setup"), {"token": _code_uit_mail()})
    assert response["Location"] == reverse("otp_recovery_codes")
    assert EmailDevice.objects.get(user=user).confirmed
    assert client.get(reverse("portaal:leerling", kwargs={"pk": world["leerling_a"].pk})).status_code == 200

    # Next login: the verify step offers the mail, and the mailed code lets the pupil in.
    client.post(reverse("logout"))
    _password_login(client, user)
    assert client.get(reverse("portaal:home"))["Location"].startswith(reverse("otp_verify"))
    page = client.get(reverse("otp_verify")).content.decode()
    assert "Stuur een code per e-mail" in page
    EmailDevice.objects.filter(user=user).update(last_generated_timestamp=None)  # past the cool-down
    client.post(reverse("otp_verify"), {"stuur": "1"})
    response = client.post(reverse("otp_verify"), {"token": _code_uit_mail(), "next": reverse("portaal:home")})
    assert response["Location"] == reverse("portaal:home")
    assert client.get(reverse("portaal:home")).status_code == 302  # on to the pupil's own page


def test_a_wrong_email_code_is_refused(world, client):
    _password_login(client, world["leerling"])
    client.post(reverse("otp_email_setup"), {"stuur": "1"})
    fout = "000000" if _code_uit_mail() != "000000" else "111111"
    response = client.post(reverse("otp_email_setup"), {"token": fout})
    assert response.status_code == 200 and "klopt niet" in response.content.decode()
    assert not EmailDevice.objects.filter(user=world["leerling"], confirmed=True).exists()


def test_staff_cannot_take_the_code_by_email(world, client):
    _password_login(client, world["decaan"])
    assert client.get(reverse("otp_email_setup")).status_code == 403
    assert "code per e-mail" not in client.get(reverse("otp_setup")).content.decode()
    assert not EmailDevice.objects.exists()
