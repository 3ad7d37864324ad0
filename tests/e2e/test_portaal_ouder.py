"""A parent's way in: the decaan invites a parent from the pupil's portal page, the parent opens
the mailed link to the activation page (/mijn/activeren/, the child's date of birth, an own
address and password), reads the child's part A and writes a zienswijze that the decaan then
reads on the form page. And the pupil filling in part A."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from portaal.models import Toegang
from tests.doorstroom import factories as ff

WACHTWOORD = "een-eigen-lang-wachtwoord-2026"

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_parent_is_invited_activates_reads_and_gives_a_view(world, live_server, login, page):
    leerling = world["leerling_a"]
    ff.formulier(leerling, world["decaan"])

    login(world["decaan"])
    page.goto(f"{live_server.url}/leerlingen/{leerling.pk}/")
    page.get_by_role("link", name=re.compile("^Portaal: opleidingswensen")).click()
    page.get_by_label("E-mailadres van de ouder of verzorger").fill("nieuwe.ouder@example.nl")
    page.get_by_role("button", name="Ouder uitnodigen").click()
    expect(page.get_by_text("De uitnodiging is per e-mail verstuurd.")).to_be_visible()
    (bericht,) = [m for m in mail.outbox if m.to == ["nieuwe.ouder@example.nl"]]
    code = re.search(r"\?code=(\S+)", bericht.body).group(1)
    assert leerling.achternaam not in bericht.body

    page.get_by_role("button", name="Uitloggen").click()

    page.goto(f"{live_server.url}/mijn/activeren/?code={code}")
    page.get_by_label("Geboortedatum", exact=False).fill(leerling.geboortedatum.strftime("%d-%m-%Y"))
    page.get_by_role("button", name="Verder").click()
    page.get_by_label("E-mailadres", exact=False).fill("nieuwe.ouder@example.nl")
    page.get_by_label("Wachtwoord (verplicht)", exact=True).fill(WACHTWOORD)
    page.get_by_label("Wachtwoord nog een keer", exact=False).fill(WACHTWOORD)
    page.get_by_role("button", name="Account maken").click()
    page.wait_for_url(lambda url: "/mijn/" in url and "activeren" not in url)
    ouder = Toegang.objects.get(leerling=leerling, relatie="ouder", user__email="nieuwe.ouder@example.nl").user
    assert ouder.portaal
    page.goto(f"{live_server.url}/mijn/formulier/")
    expect(page.get_by_text("Wil graag in de zorg werken")).to_be_visible()
    expect(page.get_by_role("button", name="Opslaan")).to_have_count(0)
    page.get_by_role("link", name="Zienswijze van ouders").click()
    page.get_by_label("Uw zienswijze").fill("Wij staan achter deze keuze.")
    page.get_by_role("button", name="Zienswijze toevoegen").click()
    expect(page.get_by_text("Uw zienswijze is toegevoegd.")).to_be_visible()

    page.get_by_role("button", name="Uitloggen").click()
    login(world["decaan"])
    page.goto(f"{live_server.url}/doorstroom/leerling/{leerling.pk}/")
    expect(page.get_by_role("heading", name="Zienswijze van ouder/verzorger")).to_be_visible()
    expect(page.get_by_text("Wij staan achter deze keuze.")).to_be_visible()


def test_the_pupil_fills_in_part_a_and_the_decaan_sees_it(world, live_server, login, page):
    leerling = world["leerling_a"]
    login(world["leerling"])
    page.goto(f"{live_server.url}/mijn/formulier/")
    page.get_by_label("Motivatie voor de gekozen opleiding").fill("Ik wil later in een ziekenhuis werken.")
    page.get_by_role("button", name="Klaar, stuur naar school").click()
    expect(page.get_by_text("Je deel is naar school gestuurd.")).to_be_visible()

    page.get_by_role("button", name="Uitloggen").click()
    login(world["decaan"])
    page.goto(f"{live_server.url}/doorstroom/leerling/{leerling.pk}/")
    expect(page.get_by_text(re.compile("Deel A ingevuld door de leerling op"))).to_be_visible()
    expect(page.get_by_label(re.compile("^Motivatie voor de gekozen opleiding"))).to_have_value(
        "Ik wil later in een ziekenhuis werken."
    )


def test_the_portal_pages_pass_axe_and_fit_a_phone(world, live_server, browser):
    """Part A, wishes, parents, zienswijze and messages for the pupil and the parent, the parent's
    chooser and "Code invoeren", and the school's portal page: axe-core (WCAG 2.1 A and AA) and no wider than 320 px."""
    from portaal.deel_a import opleidingswensen_opslaan
    from portaal.ouders import zienswijze_toevoegen
    from tests.e2e.test_toegankelijkheid import check_page
    from tests.e2e.test_toegankelijkheid import login as inloggen

    leerling = world["leerling_a"]
    ff.formulier(leerling, world["decaan"])
    zienswijze_toevoegen(leerling=leerling, user=world["ouder"], tekst="Wij steunen de keuze.")
    opleidingswensen_opslaan(leerling=leerling, leerling_account=world["leerling"], opleidingen=[world["opleiding_a"]])
    # A second child: the parent's /mijn/ is the chooser "Kies het kind".
    from tests import factories as f

    tweede = f.LeerlingFactory(school=world["school_a"], schooljaar=world["schooljaar"])
    Toegang.objects.create(user=world["ouder"], leerling=tweede, relatie="ouder")
    mijn = f"/mijn/{leerling.pk}"
    paden = {
        "leerling": [f"{mijn}/formulier/", f"{mijn}/wensen/", f"{mijn}/ouders/", f"{mijn}/zienswijze/"],
        "ouder": [
            "/mijn/",
            "/mijn/code/",
            f"{mijn}/formulier/",
            f"{mijn}/wensen/",
            f"{mijn}/zienswijze/",
            f"{mijn}/berichten/",
        ],
        "decaan": [f"/leerlingen/{leerling.pk}/portaal/"],
    }
    found = []
    for rol, lijst in paden.items():
        context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
        page = context.new_page()
        inloggen(page, live_server.url, world[rol])
        for pad in lijst:
            found += [(rol, pad, *problem) for problem in check_page(page, live_server.url, pad)]
        context.close()
    assert not found, found
