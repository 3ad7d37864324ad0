"""A decaan's school year in one browser test, from import to the June check and into the next year.

Import two pupils, fill and finalise one pupil's form, apply, read the mbo's feedback (recorded
through the services as the intaker would), enter the class's diploma results, and work the
June check down to zero by recording Elders for the pupil who failed. Then the servicedesk
activates the next school year; the decaan still has the placed pupils who did not start, records
Elders for one and hands the other to the municipality with a risk melding; the consulent takes
her on, and she leaves the school's list but stays on the municipality's."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from aanmelding.models import Aanmelding
from aanmelding.services import aanmelding_status_update, plaatsingsbesluit_record
from leerlingen.models import Leerling, Schooljaar
from tests import factories as f

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

FORMULIER = {
    "Naam ouder/verzorger": "K. Jansen",
    "Verwacht diploma": "vmbo basis, Zorg en Welzijn",
    "Verzuim en aanwezigheid": "Geen bijzonderheden.",
    "Motivatie voor de gekozen opleiding": "Wil in de zorg werken.",
    "LOB-activiteiten (open dagen, meeloopdagen, gesprekken)": "Open dag en meeloopdag.",
    "Contactpersoon school": "Mevr. de Wit",
    "E-mail contactpersoon": "dewit@school.example.nl",
}


def test_a_decaans_year(world, live_server, login, tmp_path):
    world["aanmelding_a"].status = "geplaatst"  # the world's own pupil is placed already
    world["aanmelding_a"].save()
    opleiding = f.OpleidingFactory(instelling=world["mbo_a"], naam="Helpende zorg en welzijn", niveau=2)
    export = tmp_path / "export.csv"
    export.write_text(
        "Leerlingnummer;Roepnaam;Tussenvoegsel;Achternaam;Geboortedatum;BSN;Stamgroep;Leerweg;Postcode;Gemeente\n"
        f"8001;Sanne;;Jansen;03-04-2010;{f.next_bsn()};4Y;BB;2511 AB;{world['gem_a'].cbs_code}\n"
        f"8002;Mo;de;Bakker;12-11-2009;{f.next_bsn()};4Y;KB;2611AA;{world['gem_a'].cbs_code}\n",
        encoding="utf-8",
    )
    page = login(world["decaan"])
    nav = page.get_by_role("navigation", name="Hoofdmenu")

    # October: import the leavers from the school's administration.
    nav.get_by_role("link", name="Leerlingen").click()
    page.get_by_role("link", name="Leerlingen importeren").click()
    page.get_by_label("Exportbestand uit de leerlingadministratie").set_input_files(str(export))
    page.get_by_role("button", name="Bestand uploaden").click()
    page.get_by_role("button", name="Koppeling bevestigen en bestand controleren").click()
    page.get_by_role("button", name="Import bevestigen").click()
    expect(page.get_by_text("Import verwerkt: 2 nieuw, 0 bijgewerkt, 0 ongewijzigd.")).to_be_visible()
    sanne = Leerling.objects.get(leerlingnummer="8001")

    # Before 1 February: fill and finalise Sanne's doorstroomformulier.
    page.goto(f"{live_server.url}/leerlingen/{sanne.pk}/")
    page.get_by_role("link", name=re.compile("^Doorstroomformulier")).click()
    for label, value in FORMULIER.items():
        page.get_by_label(f"{label} (verplicht voor definitief)", exact=True).fill(value)
    page.get_by_label("Advies mbo-niveau (verplicht voor definitief)", exact=True).select_option("2")
    page.get_by_role("button", name="Opslaan als concept").click()
    expect(page.get_by_text("Het formulier is als concept opgeslagen.")).to_be_visible()
    page.get_by_role("button", name="Definitief maken").click()
    expect(page.get_by_text("Het formulier is definitief gemaakt.")).to_be_visible()

    # Before 1 April: apply on her behalf.
    page.get_by_role("link", name="Terug naar de leerling").click()
    page.get_by_role("link", name="Aanmelden voor een opleiding").click()
    page.get_by_label("Naam of opleidingscode (crebo)").fill(opleiding.naam)
    page.get_by_role("button", name="Zoeken").click()
    page.get_by_role("link", name=f"Aanmelden voor {opleiding.naam} bij {world['mbo_a'].naam}").click()
    page.get_by_role("button", name="Aanmelding bevestigen").click()
    expect(page.locator(".message-success")).to_contain_text(opleiding.naam)

    # The mbo works the application; the decaan reads every feedback moment on the pupil page.
    aanmelding = Aanmelding.objects.get(leerling=sanne)
    intaker = world["intaker"]
    aanmelding_status_update(aanmelding=aanmelding, naar="in_behandeling", user=intaker, bericht="Ontvangen.")
    aanmelding_status_update(aanmelding=aanmelding, naar="intake_gehad", user=intaker, bericht="Intake gehad.")
    plaatsingsbesluit_record(aanmelding=aanmelding, uitkomst="geplaatst", user=intaker, toelichting="Welkom!")
    page.goto(f"{live_server.url}/leerlingen/{sanne.pk}/")
    expect(page.get_by_text("Plaatsingsbesluit: geplaatst. Welkom!")).to_be_visible()
    expect(page.get_by_text("terugkoppeling na het plaatsingsbesluit")).to_be_visible()

    # 14 June: diploma results for the class.
    nav.get_by_role("link", name="Diplomaresultaten").click()
    page.get_by_role("link", name="4Y").click()
    page.get_by_label("Diplomaresultaat van Sanne Jansen").select_option("geslaagd")
    page.get_by_label("Diplomaresultaat van Mo de Bakker").select_option("gezakt")
    page.get_by_role("button", name="Resultaten opslaan").click()
    expect(page.get_by_text("Diplomaresultaten van klas 4Y opgeslagen (2 gewijzigd).")).to_be_visible()

    # 26 June: the June check, worked down to zero.
    nav.get_by_role("link", name="Juni-controle").click()
    expect(page.locator("#juni-open")).to_have_text("1")
    page.get_by_role("link", name="Elders vastleggen voor Mo de Bakker").click()
    page.get_by_label("Bestemming").select_option("blijft_op_school")
    page.get_by_role("button", name="Vastleggen").click()
    expect(page.locator("#juni-open")).to_have_text("0")

    # September: the servicedesk makes 2027-2028 the active school year, after the preview.
    page.get_by_role("button", name="Uitloggen").click()
    page = login(world["servicedesk"])
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Servicedesk").click()
    page.get_by_role("link", name="Schooljaren").click()
    page.get_by_label("Beginjaar").fill("2027")
    page.get_by_role("button", name="Aanmaken").click()
    expect(page.get_by_text("Schooljaar 2027-2028 is aangemaakt (nog niet actief).")).to_be_visible()
    page.get_by_role("link", name="Dit schooljaar actief maken…").click()
    expect(page.get_by_role("heading", name="Schooljaar 2027-2028 actief maken")).to_be_visible()
    page.get_by_role("button", name="2027-2028 actief maken").click()
    expect(page.get_by_text("2027-2028 is nu het actieve schooljaar.")).to_be_visible()
    assert Schooljaar.objects.get(actief=True).startjaar == 2027
    page.get_by_role("button", name="Uitloggen").click()

    # The decaan's list of the new year keeps the two placed pupils who have not started; Mo (Elders) left it.
    eigen = world["leerling_a"]
    lijstnaam = {"sanne": "Jansen, Sanne", "eigen": f"{eigen.achternaam}, {eigen.voornaam}"}
    page = login(world["decaan"])
    nav = page.get_by_role("navigation", name="Hoofdmenu")
    nav.get_by_role("link", name="Leerlingen").click()
    tabel = page.get_by_role("table")
    for naam in lijstnaam.values():
        expect(tabel.get_by_role("link", name=naam)).to_be_visible()
    expect(tabel.get_by_role("link", name="Bakker, Mo de")).to_have_count(0)

    # The school's own pupil went to work instead: Elders, the placement withdrawn with it.
    tabel.get_by_role("link", name=lijstnaam["eigen"]).click()
    page.get_by_role("link", name="Bestemming Elders vastleggen").click()
    page.get_by_label("Bestemming").select_option("werk")
    page.get_by_label("Trek de lopende aanmelding(en) van deze leerling in").check()
    page.get_by_role("button", name="Vastleggen").click()
    expect(page.get_by_text("werk", exact=True)).to_be_visible()

    # Sanne did not start and has no place: the decaan hands her to the municipality.
    nav.get_by_role("link", name="Leerlingen").click()
    page.get_by_role("table").get_by_role("link", name=lijstnaam["sanne"]).click()
    page.get_by_role("link", name="Risicomelding aan de gemeente").click()
    page.get_by_label("Reden van de melding").fill("Niet gestart op het mbo, geen plek")
    page.get_by_label("De melding is besproken met de leerling en de ouders/verzorgers").check()
    page.get_by_role("button", name="Melding versturen").click()
    expect(page.get_by_text("De risicomelding is verstuurd naar de gemeente.")).to_be_visible()
    page.get_by_role("button", name="Uitloggen").click()

    # The consulent sees the handed-over pupil and starts the guidance with a first contact.
    page = login(world["consulent"])
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Meldingen", exact=True).click()
    page.get_by_role("row").filter(has_text="Niet gestart op het mbo, geen plek").get_by_role("link").first.click()
    page.get_by_role("link", name="Begeleiding").first.click()
    page.get_by_label("Datum (verplicht)", exact=True).fill(datetime.date.today().isoformat())
    page.get_by_label("Soort contact").select_option("telefoon")
    page.get_by_label("Notitie (verplicht)", exact=True).fill("Moeder gebeld; Sanne zoekt werk met een BBL-plek.")
    page.get_by_role("button", name="Contactmoment opslaan").click()
    expect(page.get_by_text("Het contactmoment is vastgelegd.")).to_be_visible()
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Gemeente-overzicht").click()
    expect(page.get_by_role("table").get_by_role("link", name=lijstnaam["sanne"])).to_be_visible()
    page.get_by_role("button", name="Uitloggen").click()

    # Handed over, Sanne has left the school's working list; choosing 2026-2027 shows that year whole.
    page = login(world["decaan"])
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Leerlingen").click()
    tabel = page.get_by_role("table")
    for naam in lijstnaam.values():
        expect(tabel.get_by_role("link", name=naam)).to_have_count(0)
    page.goto(f"{live_server.url}/leerlingen/?schooljaar=2026")
    tabel = page.get_by_role("table")
    for naam in [*lijstnaam.values(), "Bakker, Mo de"]:
        expect(tabel.get_by_role("link", name=naam)).to_be_visible()
