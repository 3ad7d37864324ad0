"""A decaan's school year in the browser: import pupils (preview, confirm), filter the list,
enter diploma results for a class, and close the June check by recording Elders."""

import re

import pytest
from playwright.sync_api import expect

from leerlingen.models import Leerling
from tests import factories as f

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_decaan_imports_filters_enters_results_and_closes_june_check(world, live_server, login, tmp_path):
    world["aanmelding_a"].status = "geplaatst"
    world["aanmelding_a"].save()
    bsn_1, bsn_2 = f.next_bsn(), f.next_bsn()
    export = tmp_path / "magister-export.csv"
    export.write_text(
        "Leerlingnummer;Roepnaam;Tussenvoegsel;Achternaam;Geboortedatum;BSN;Stamgroep;Leerweg;Postcode;Gemeente\n"
        f"7001;Sanne;;Jansen;03-04-2010;{bsn_1};4X;vmbo-bb;2511 AB;{world['gem_a'].cbs_code}\n"
        f"7002;Mo;de;Bakker;12-11-2009;{bsn_2};4X;KB;2611AA;{world['gem_a'].naam}\n",
        encoding="utf-8",
    )
    page = login(world["decaan"])
    nav = page.get_by_role("navigation", name="Hoofdmenu")

    # 1. Import with column mapping, preview and confirmation.
    nav.get_by_role("link", name="Leerlingen").click()
    page.get_by_role("link", name="Leerlingen importeren").click()
    page.get_by_label("Exportbestand uit de leerlingadministratie").set_input_files(str(export))
    page.get_by_role("button", name="Bestand uploaden").click()
    expect(page.get_by_role("heading", name="Kolommen koppelen")).to_be_visible()
    expect(page.get_by_label("Klas *")).to_have_value("6")  # "Stamgroep" recognised as the class
    page.get_by_role("button", name="Koppeling bevestigen en bestand controleren").click()
    expect(page.get_by_role("button", name="Import bevestigen")).to_be_visible()
    expect(page.get_by_text("Sanne Jansen")).to_be_visible()
    expect(page.get_by_text(bsn_1)).to_have_count(0)
    assert not Leerling.objects.filter(leerlingnummer="7001").exists()
    page.get_by_role("button", name="Import bevestigen").click()
    expect(page.get_by_text("Import verwerkt: 2 nieuw, 0 bijgewerkt, 0 ongewijzigd.")).to_be_visible()

    # 2. Filter the list by class (htmx swaps the rows; the counts follow).
    page.get_by_role("link", name="Naar de leerlingen").click()
    page.get_by_label("Klas", exact=True).select_option("4X")
    expect(page.get_by_text("2 leerlingen (gefilterd)")).to_be_visible()
    expect(page.get_by_role("link", name="Jansen, Sanne")).to_be_visible()
    expect(
        page.get_by_role("link", name=f"{world['leerling_a'].achternaam}, {world['leerling_a'].voornaam}")
    ).to_have_count(0)
    assert "klas=4X" in page.url
    expect(page.locator("table.leerling-tabel tbody tr").first).to_contain_text("Bakker")
    page.get_by_role("link", name="Leerlingnummer").click()  # sort by number: 7001 Jansen first
    expect(page).to_have_url(re.compile(r"sort=leerlingnummer"))
    expect(page.locator("table.leerling-tabel tbody tr").first).to_contain_text("Jansen")
    page.get_by_label("Leerweg").select_option("KB")  # the sort order stays with the next filter
    expect(page.get_by_text("1 leerling (gefilterd)")).to_be_visible()
    expect(page).to_have_url(re.compile(r"sort=leerlingnummer"))

    # 3. Diploma results for class 4X.
    nav.get_by_role("link", name="Diplomaresultaten").click()
    page.get_by_role("link", name="4X").click()
    page.get_by_label("Diplomaresultaat van Sanne Jansen").select_option("geslaagd")
    page.get_by_label("Diplomaresultaat van Mo de Bakker").select_option("gezakt")
    page.get_by_role("button", name="Resultaten opslaan").click()
    expect(page.get_by_text("Diplomaresultaten van klas 4X opgeslagen (2 gewijzigd).")).to_be_visible()
    assert Leerling.objects.get(leerlingnummer="7002").diploma_resultaat == "gezakt"

    # The mbo places Sanne; Mo (failed) remains for the June check.
    f.AanmeldingFactory(
        leerling=Leerling.objects.get(leerlingnummer="7001"), opleiding=world["opleiding_a"], status="geplaatst"
    )

    # 4. The June check, worked down to zero by recording Elders for the remaining pupil.
    nav.get_by_role("link", name="Juni-controle").click()
    expect(page.locator("#juni-open")).to_have_text("1")
    page.get_by_role("link", name="Elders vastleggen voor Mo de Bakker").click()
    page.get_by_label("Bestemming").select_option("blijft_op_school")
    page.get_by_label("Toelichting").fill("Doet volgend jaar opnieuw examen.")
    page.get_by_role("button", name="Vastleggen").click()
    expect(page.get_by_text("Bestemming Elders vastgelegd voor Mo de Bakker.")).to_be_visible()
    expect(page.locator("#juni-open")).to_have_text("0")
    expect(
        page.get_by_text("Klaar: iedere leerling heeft een positieve plaatsing of een bestemming Elders.")
    ).to_be_visible()
