"""A school makes a risk melding in the browser, an mbo reports a no-show (services); a consulent
works both through open -> in behandeling -> afgesloten; the school then sees the closed state."""

import datetime

import pytest
from playwright.sync_api import expect

from aanmelding.services import aanmelding_status_update, plaatsingsbesluit_record

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _noshow(world):
    a, intaker = world["aanmelding_a"], world["intaker"]
    aanmelding_status_update(aanmelding=a, naar="in_behandeling", user=intaker)
    plaatsingsbesluit_record(aanmelding=a, uitkomst="geplaatst", user=intaker)
    aanmelding_status_update(aanmelding=a, naar="ingeschreven", user=intaker)
    a.opleiding.startdatum = datetime.date.today() - datetime.timedelta(days=2)  # a no-show needs a started programme
    a.opleiding.save()
    aanmelding_status_update(aanmelding=a, naar="niet_verschenen", user=intaker)


def _handle(page, melding_link_text, resultaat, uitkomst):
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Meldingen", exact=True).click()
    page.get_by_role("row").filter(has_text=melding_link_text).get_by_role("link").click()
    expect(page.get_by_role("heading", name="Status wijzigen")).to_be_visible()
    page.get_by_label("Nieuwe status").select_option("in_behandeling")
    page.get_by_label("Notitie bij de statuswijziging").fill("Contact opgenomen met de leerling.")
    page.get_by_role("button", name="Status opslaan").click()
    expect(page.get_by_text("De status van de melding is gewijzigd.")).to_be_visible()
    # Closing without an outcome is refused with a Dutch message.
    page.get_by_label("Nieuwe status").select_option("afgesloten")
    page.get_by_label("Resultaat (bij afsluiten)").select_option(resultaat)
    page.get_by_role("button", name="Status opslaan").click()
    # The error stands at the field and, as a link to it, in the summary above the form.
    expect(page.locator("#status_uitkomst_error")).to_have_text("Vermeld de uitkomst om de melding af te sluiten.")
    expect(page.get_by_role("link", name="Vermeld de uitkomst om de melding af te sluiten.")).to_be_visible()
    page.get_by_label("Nieuwe status").select_option("afgesloten")
    page.get_by_label("Resultaat (bij afsluiten)").select_option(resultaat)
    page.get_by_label("Uitkomst (bij afsluiten)").fill(uitkomst)
    page.get_by_role("button", name="Status opslaan").click()
    expect(page.get_by_text("De status van de melding is gewijzigd.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("afgesloten")


def test_consulent_closes_a_risk_melding_and_a_noshow(world, live_server, login):
    leerling = world["leerling_a"]
    # 1. The decaan makes a risk melding from the pupil page.
    page = login(world["decaan"])
    page.goto(f"{live_server.url}/leerlingen/{leerling.pk}/")
    page.get_by_role("link", name="Risicomelding aan de gemeente").click()
    page.get_by_label("Reden van de melding").fill("Veel verzuim sinds januari")
    page.get_by_label("Toelichting").fill("Ouders zijn op de hoogte.")
    page.get_by_label("De melding is besproken met de leerling en de ouders/verzorgers").check()
    page.get_by_role("button", name="Melding versturen").click()
    expect(page.get_by_text("De risicomelding is verstuurd naar de gemeente.")).to_be_visible()
    page.get_by_role("button", name="Uitloggen").click()

    # 2. The mbo reports that the pupil did not show up (through the services).
    _noshow(world)

    # 3. The consulent of the pupil's municipality handles both to a closed outcome.
    page = login(world["consulent"])
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Meldingen", exact=True).click()
    expect(page.get_by_role("row").filter(has_text="Veel verzuim sinds januari")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="Niet verschenen bij")).to_be_visible()
    _handle(page, "Veel verzuim sinds januari", "begeleiding", "Aangemeld bij De Overstap.")
    _handle(page, "Niet verschenen bij", "onderwijs", "Start alsnog op 1 oktober.")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Meldingen", exact=True).click()
    expect(page.get_by_text("Geen meldingen.")).to_be_visible()
    page.get_by_role("button", name="Uitloggen").click()

    # 4. The school sees the state, not the municipality's notes.
    page = login(world["decaan"])
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Mijn meldingen").click()
    row = page.get_by_role("row").filter(has_text="Veel verzuim sinds januari")
    expect(row).to_contain_text("afgesloten")
    expect(page.get_by_text("Aangemeld bij De Overstap.")).to_have_count(0)
    expect(page.get_by_text("Contact opgenomen met de leerling.")).to_have_count(0)
