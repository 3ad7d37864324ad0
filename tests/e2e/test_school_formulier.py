"""A decaan's journey: open a pupil, fill and finalise the doorstroomformulier, apply for two programmes at
one institution (and see the refusals for another institution and for a third), then read the mbo's feedback."""

import re

import pytest
from playwright.sync_api import expect

from aanmelding.models import Aanmelding
from aanmelding.services import aanmelding_status_update
from tests import factories as f

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

VELDEN = {
    "Naam ouder/verzorger": "Fatima el Amrani",
    "Verwacht diploma": "vmbo kader, profiel Zorg en Welzijn",
    "Verzuim en aanwezigheid": "Nauwelijks verzuim; één keer te laat.",
    "Motivatie voor de gekozen opleiding": "Wil graag met kinderen werken.",
    "LOB-activiteiten (open dagen, meeloopdagen, gesprekken)": "Open dag en meeloopdag bij het ROC.",
    "Contactpersoon school": "Mevr. Bakker",
    "E-mail contactpersoon": "bakker@school.example.nl",
}


def test_decaan_fills_the_form_applies_twice_and_reads_feedback(world, live_server, login):
    leerling = f.LeerlingFactory(
        school=world["school_a"], mentor=world["mentor"], schooljaar=world["schooljaar"], achternaam="Amrani"
    )
    mbo_a, mbo_b = world["mbo_a"], world["mbo_b"]
    eerste = f.OpleidingFactory(instelling=mbo_a, naam="Pedagogisch medewerker kinderopvang", niveau=3)
    tweede = f.OpleidingFactory(instelling=mbo_a, naam="Gespecialiseerd pedagogisch medewerker", niveau=4)
    derde = f.OpleidingFactory(instelling=mbo_a, naam="Onderwijsassistent", niveau=4)
    elders = f.OpleidingFactory(instelling=mbo_b, naam="Pedagogisch werk elders", niveau=3)

    page = login(world["decaan"])
    page.goto(f"{live_server.url}/leerlingen/{leerling.pk}/")
    expect(page.get_by_role("heading", name=leerling.volledige_naam)).to_be_visible()

    # The doorstroomformulier: fill the required fields per section, save as concept, finalise.
    page.get_by_role("link", name=re.compile("^Doorstroomformulier")).click()
    expect(page.get_by_role("heading", name=re.compile("Doorstroomformulier"))).to_be_visible()
    expect(page.get_by_role("heading", name="Ondersteuning en zorg")).to_be_visible()  # the decaan sees care
    for label, value in VELDEN.items():
        page.get_by_label(f"{label} (verplicht voor definitief)", exact=True).fill(value)
    page.get_by_label("Advies mbo-niveau (verplicht voor definitief)", exact=True).select_option("3")
    page.get_by_role("button", name="Opslaan als concept").click()
    expect(page.get_by_text("Het formulier is als concept opgeslagen.")).to_be_visible()
    page.get_by_role("button", name="Definitief maken").click()
    expect(page.get_by_text("Het formulier is definitief gemaakt.")).to_be_visible()
    expect(page.get_by_role("button", name="Heropenen")).to_be_visible()

    # Apply: find the programme by name, confirm.
    page.get_by_role("link", name="Terug naar de leerling").click()
    page.get_by_role("link", name="Aanmelden voor een opleiding").click()
    page.get_by_label("Naam of opleidingscode (crebo)").fill("Pedagogisch medewerker kinderopvang")
    page.get_by_role("button", name="Zoeken").click()
    page.get_by_role("link", name=f"Aanmelden voor {eerste.naam} bij {mbo_a.naam}").click()
    page.get_by_role("button", name="Aanmelding bevestigen").click()
    expect(page.locator(".message-success")).to_contain_text("Pedagogisch medewerker kinderopvang")
    expect(page.locator(".message-success")).to_contain_text("(1e keuze)")

    # Another institution is refused with the service's message, without a button to confirm.
    page.goto(f"{live_server.url}/aanmelden/leerling/{leerling.pk}/opleidingen/{elders.pk}/")
    expect(page.get_by_text(re.compile("horen bij één mbo-instelling"))).to_be_visible()
    expect(page.get_by_role("button", name="Aanmelding bevestigen")).to_have_count(0)

    # The second choice at the same institution, found by level and institution.
    page.goto(f"{live_server.url}/aanmelden/leerling/{leerling.pk}/opleidingen/")
    page.get_by_label("Niveau").select_option("4")
    page.get_by_label("Instelling").select_option(str(mbo_a.pk))
    page.get_by_role("button", name="Zoeken").click()
    page.get_by_role("link", name=f"Aanmelden voor {tweede.naam} bij {mbo_a.naam}").click()
    page.get_by_role("button", name="Aanmelding bevestigen").click()
    expect(page.locator(".message-success")).to_contain_text("(2e keuze)")

    # A third is refused.
    page.goto(f"{live_server.url}/aanmelden/leerling/{leerling.pk}/opleidingen/{derde.pk}/")
    expect(page.get_by_text(re.compile("voor ten hoogste 2 opleidingen aangemeld zijn"))).to_be_visible()
    expect(page.get_by_role("button", name="Aanmelding bevestigen")).to_have_count(0)
    assert Aanmelding.objects.filter(leerling=leerling).count() == 2

    # The mbo takes the first application into treatment; the decaan reads the feedback on the pupil page.
    aanmelding = Aanmelding.objects.get(leerling=leerling, opleiding=eerste)
    aanmelding_status_update(
        aanmelding=aanmelding,
        naar="in_behandeling",
        user=world["intaker"],
        bericht="Aanmelding ontvangen; we plannen binnenkort een intake.",
    )
    page.goto(f"{live_server.url}/leerlingen/{leerling.pk}/")
    expect(page.get_by_text("Aanmelding ontvangen; we plannen binnenkort een intake.")).to_be_visible()
    expect(page.get_by_text("in behandeling").first).to_be_visible()
    expect(page.get_by_text("definitief").first).to_be_visible()
