"""The pupil's portal in the browser: the decaan activates, the pupil makes an account with the
code from the letter and a second factor by e-mail, then sees the mbo's intake and decision and
who opened the file."""

import datetime
import io
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from aanmelding.services import plaatsingsbesluit_record
from aanmelding.services_mbo import aanmelding_ontvangen, intake_afronden, intake_plannen
from portaal.models import Toegang

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WACHTWOORD = "mijn-eigen-lange-wachtwoord-2026"


def test_decaan_activates_and_the_pupil_follows_the_mbo(world, live_server, login, page, settings):
    leerling = world["leerling_a"]
    # Pupil A starts without an account of its own (the test world gives it one).
    Toegang.objects.filter(leerling=leerling, relatie="leerling").update(ingetrokken_op=timezone.now())

    # The decaan makes the letter on the pupil's page.
    login(world["decaan"])
    page.goto(f"{live_server.url}/leerlingen/{leerling.pk}/")
    page.get_by_role("link", name="Portaal activeren").click()
    expect(page.get_by_role("heading", name="Portaal activeren")).to_be_visible()
    page.get_by_label("Brief om te printen (pdf)").check()
    with page.expect_download() as download:
        page.get_by_role("button", name="Code maken").click()
    tekst = PdfReader(io.BytesIO(open(download.value.path(), "rb").read())).pages[0].extract_text()
    code = re.search(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", tekst).group(0)
    assert "/mijn/activeren/" in tekst
    page.get_by_role("button", name="Uitloggen").click()

    # The pupil activates: code, date of birth, e-mail address and password, then the mail code.
    settings.VOROC_REQUIRE_2FA = True
    page.goto(f"{live_server.url}/mijn/activeren/")
    page.get_by_label("Activatiecode", exact=False).fill(code.lower())
    page.get_by_label("Geboortedatum", exact=False).fill(leerling.geboortedatum.strftime("%d-%m-%Y"))
    page.get_by_role("button", name="Verder").click()
    page.get_by_label("E-mailadres", exact=False).fill("sanne.portaal@example.nl")
    page.get_by_label("Wachtwoord (verplicht)", exact=True).fill(WACHTWOORD)
    page.get_by_label("Wachtwoord nog een keer", exact=False).fill(WACHTWOORD)
    page.get_by_role("button", name="Account maken").click()
    expect(page.get_by_role("heading", name="Tweestapsverificatie instellen")).to_be_visible()
    page.get_by_role("link", name="Kies: code per e-mail").click()
    page.get_by_role("button", name="Stuur een code per e-mail").click()
    expect(page.get_by_text("We hebben een code gestuurd")).to_be_visible()
    mailcode = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)
    page.get_by_label("Code", exact=False).fill(mailcode)
    page.get_by_role("button", name="Bevestigen").click()
    expect(page.get_by_text("Je tweede stap staat aan")).to_be_visible()

    # The pupil fills in part A of the form from the portal's own page and hands it in.
    page.goto(f"{live_server.url}/mijn/")
    page.get_by_role("link", name="Mijn deel van het doorstroomformulier (deel A)").click()
    page.get_by_label("Motivatie voor de gekozen opleiding").fill("Ik wil later in de beveiliging werken.")
    page.get_by_role("button", name="Klaar, stuur naar school").click()
    expect(page.get_by_text("Je deel is naar school gestuurd.")).to_be_visible()

    # The mbo receives the application, invites for an intake and places the pupil.
    aanmelding, intaker = world["aanmelding_a"], world["intaker"]
    aanmelding_ontvangen(aanmelding=aanmelding, user=intaker)
    intake_plannen(
        aanmelding=aanmelding,
        datum=timezone.localdate(),
        tijd=datetime.time(13, 45),
        plaats="Lokaal 2.14, Wateringseveld",
        user=intaker,
    )
    intake_afronden(aanmelding=aanmelding, user=intaker, studiekeuzeadvies="positief")
    aanmelding.refresh_from_db()
    plaatsingsbesluit_record(aanmelding=aanmelding, uitkomst="geplaatst", user=intaker)

    page.goto(f"{live_server.url}/mijn/")
    expect(page.get_by_role("heading", name="Mijn dossier")).to_be_visible()
    expect(page.get_by_text("Lokaal 2.14, Wateringseveld", exact=False).first).to_be_visible()
    expect(page.get_by_text("Besluit van de mbo-school", exact=False)).to_be_visible()
    expect(page.get_by_text("Je bent geplaatst bij", exact=False)).to_be_visible()

    page.get_by_role("link", name="Wie heeft mijn dossier bekeken?").click()
    expect(page.get_by_role("heading", name="Wie heeft mijn dossier bekeken")).to_be_visible()
    expect(page.get_by_role("cell", name=world["school_a"].naam).first).to_be_visible()
    expect(page.get_by_text(world["decaan"].naam)).to_have_count(0)
