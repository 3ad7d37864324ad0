"""Browser: the servicedesk invites a mentor; the mentor accepts, sets a password, enrols the
second factor (code computed from the device secret), works, and logs out."""

import re

import pytest
from django.core import mail
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.e2e.conftest import PASSWORD
from tests.otp import current_code, totp_device

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.require_2fa]

NEW_PASSWORD = "groene giraf leest de krant"


def test_invite_first_login_enrolment_work_logout(world, live_server, page, mailoutbox):
    desk = world["servicedesk"]
    device = totp_device(desk)

    # The servicedesk logs in with password and code.
    page.goto(f"{live_server.url}/account/inloggen/")
    page.get_by_label("E-mailadres").fill(desk.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", name="Tweestapsverificatie")).to_be_visible()
    page.get_by_label("Code").fill(current_code(device))
    page.get_by_role("button", name="Bevestigen").click()
    page.wait_for_url(f"{live_server.url}/")

    # Invite a mentor.
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Servicedesk").click()
    page.get_by_role("link", name="Iemand uitnodigen").click()
    page.get_by_label("Naam").fill("Mila Mentor")
    page.get_by_label("E-mailadres").fill("mila.mentor@school-a.nl")
    page.get_by_label("Rol").select_option(label="Mentor")
    page.get_by_label("Organisatie").select_option(label=world["school_a"].naam)
    page.get_by_role("button", name="Uitnodiging versturen").click()
    expect(page.get_by_text("Uitnodiging verstuurd naar mila.mentor@school-a.nl")).to_be_visible()
    page.get_by_role("button", name="Uitloggen", exact=True).click()
    expect(page.get_by_role("heading", name="Inloggen bij VOROC")).to_be_visible()

    # The mentor opens the link from the e-mail and sets a password.
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/account/uitnodiging/\S+/", mail.outbox[0].body).group(0)
    page.goto(link)
    expect(page.get_by_role("heading", name="Welkom bij VOROC")).to_be_visible()
    page.get_by_label("Nieuw wachtwoord").fill("kort")
    page.get_by_label("Herhaal het wachtwoord").fill("kort")
    page.get_by_role("button", name="Wachtwoord instellen").click()
    expect(page.locator("#id_password1_error")).to_contain_text("te kort")
    page.get_by_label("Nieuw wachtwoord").fill(NEW_PASSWORD)
    page.get_by_label("Herhaal het wachtwoord").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Wachtwoord instellen").click()

    # Enrolment of the second factor.
    expect(page.get_by_role("heading", name="Tweestapsverificatie instellen")).to_be_visible()
    expect(page.get_by_role("img", name="QR-code voor uw authenticator-app")).to_be_visible()
    mentor_device = TOTPDevice.objects.get(user__email="mila.mentor@school-a.nl", confirmed=False)
    page.get_by_label("Code").fill(current_code(mentor_device))
    page.get_by_role("button", name="Bevestigen").click()
    expect(page.get_by_role("heading", name="Herstelcodes")).to_be_visible()
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    page.get_by_role("link", name="Verder naar VOROC").click()

    # Work: the dashboard of a mentor, the pupil list, the own account page.
    expect(page.get_by_text("Goedendag, Mila.")).to_be_visible()
    expect(page.get_by_role("heading", name="Uw leerlingen")).to_be_visible()
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Leerlingen").click()
    expect(page.get_by_role("heading", name="Leerlingen")).to_be_visible()
    page.get_by_role("link", name="Mila Mentor").click()
    expect(page.get_by_role("heading", name="Mijn account")).to_be_visible()
    expect(page.get_by_text("Aan", exact=True)).to_be_visible()

    # Logout; the pages are closed again.
    page.get_by_role("button", name="Uitloggen", exact=True).click()
    expect(page.get_by_text("U bent uitgelogd.")).to_be_visible()
    page.goto(f"{live_server.url}/leerlingen/")
    expect(page.get_by_role("heading", name="Inloggen bij VOROC")).to_be_visible()
    # The invitation link is spent.
    response = page.goto(link)
    assert response.status == 410
