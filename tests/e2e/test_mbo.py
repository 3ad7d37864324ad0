"""An intaker walks an application from new to enrolment, then records a no-show."""

import datetime

import pytest
from playwright.sync_api import expect

from aanmelding.models import Aanmelding, Intake
from rmc.models import Melding

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_intaker_from_new_application_to_enrolment_and_no_show(world, live_server, login):
    aanmelding = world["aanmelding_a"]
    leerling = world["leerling_a"]
    # The programme has started a few days ago, so the enrolled pupil appears on the no-show screen.
    opleiding = world["opleiding_a"]
    opleiding.startdatum = datetime.date.today() - datetime.timedelta(days=2)
    opleiding.save()

    page = login(world["intaker"])
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Aanmeldingen", exact=True).click()
    expect(page.get_by_role("heading", name="Aanmeldingen", exact=True)).to_be_visible()
    rij = page.get_by_role("row").filter(has_text=leerling.achternaam)
    expect(rij.get_by_text("nieuw", exact=True)).to_be_visible()
    expect(page.get_by_text(world["leerling_b"].achternaam)).to_have_count(0)
    rij.get_by_role("link", name=f"{leerling.achternaam}, {leerling.voornaam}").click()
    expect(page.get_by_role("heading", name=leerling.volledige_naam)).to_be_visible()

    page.get_by_role("button", name="Markeren als ontvangen").click()
    expect(page.get_by_text("Aanmelding gemarkeerd als ontvangen")).to_be_visible()

    morgen = datetime.date.today() + datetime.timedelta(days=1)
    page.get_by_label("Datum (verplicht)", exact=True).fill(morgen.isoformat())
    page.get_by_label("Tijd (verplicht)", exact=True).fill("10:30")
    page.get_by_label("Plaats (verplicht)", exact=True).fill("Lokaal 2.14, Wateringseveld")
    page.get_by_label("Bericht aan leerling en school", exact=True).fill("Neem je cijferlijst mee.")
    page.get_by_role("button", name="Intake plannen").click()
    # Pupil A has a portal account (the test world): the message says the pupil sees it too.
    expect(page.get_by_text("en de leerling zelf de uitnodiging", exact=False)).to_be_visible()
    expect(page.get_by_text("om 10:30 uur, Lokaal 2.14, Wateringseveld", exact=False)).to_be_visible()

    page.get_by_label("Studiekeuzeadvies (optioneel)", exact=True).fill("Past goed bij de opleiding.")
    page.get_by_role("button", name="Intake gehad vastleggen").click()
    expect(page.get_by_text("Intake vastgelegd.")).to_be_visible()

    page.get_by_label("Uitkomst (verplicht)", exact=True).select_option("geplaatst")
    page.get_by_role("button", name="Besluit vastleggen").click()
    expect(page.get_by_text("Plaatsingsbesluit vastgelegd")).to_be_visible()

    page.get_by_role("button", name="Ingeschreven").click()
    expect(page.get_by_text("Inschrijving vastgelegd.")).to_be_visible()
    expect(page.get_by_text("code 5: ingeschreven")).to_be_visible()

    # Niet verschenen: the pupil did not turn up.
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Aanmeldingen", exact=True).click()
    page.get_by_role("link", name="Niet verschenen").click()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name=f"Niet verschenen: {leerling.volledige_naam}").click()
    expect(page.get_by_text("Niet verschenen vastgelegd")).to_be_visible()
    expect(page.get_by_text("Geen leerlingen om af te handelen.")).to_be_visible()

    aanmelding.refresh_from_db()
    assert aanmelding.status == "niet_verschenen"
    assert Intake.objects.get(aanmelding=aanmelding).studiekeuzeadvies == "Past goed bij de opleiding."
    melding = Melding.objects.get(aanmelding=aanmelding)
    assert melding.soort == "niet_verschenen" and melding.leerling.woongemeente == world["gem_a"]


def test_bulk_receive_from_the_worklist(world, live_server, login):
    page = login(world["intaker"])
    page.goto(f"{live_server.url}/mbo/aanmeldingen/")
    page.get_by_label("Alles op deze pagina selecteren").check()
    page.get_by_label("Actie (verplicht)", exact=True).select_option("ontvangen")
    page.get_by_role("button", name="Uitvoeren").click()
    expect(page.get_by_text("1 aanmelding(en) bijgewerkt.")).to_be_visible()
    assert Aanmelding.objects.get(pk=world["aanmelding_a"].pk).status == "in_behandeling"


def test_foreign_application_is_not_found(world, live_server, login):
    page = login(world["intaker"])
    response = page.goto(f"{live_server.url}/mbo/aanmeldingen/{world['aanmelding_b'].pk}/")
    assert response.status == 404
