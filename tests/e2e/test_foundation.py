"""A decaan logs in, sees the dashboard, finds a pupil and opens the file; then logs out."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_decaan_finds_a_pupil_and_opens_the_file(world, live_server, login):
    page = login(world["decaan"])
    expect(page.get_by_role("heading", name="Uw leerlingen")).to_be_visible()
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Leerlingen").click()
    leerling = world["leerling_a"]
    page.get_by_label("Zoek op naam, leerlingnummer of klas").fill(leerling.achternaam)
    page.get_by_role("button", name="Zoeken").click()
    page.get_by_role("link", name=f"{leerling.achternaam}, {leerling.voornaam}").click()
    expect(page.get_by_role("heading", name=leerling.volledige_naam)).to_be_visible()
    expect(page.get_by_text(leerling.bsn)).to_have_count(0)
    page.get_by_role("button", name="Uitloggen").click()
    expect(page.get_by_text("U bent uitgelogd.")).to_be_visible()
    expect(page.get_by_role("heading", name="Inloggen bij VOROC")).to_be_visible()


def test_foreign_pupil_is_not_found(world, live_server, login):
    page = login(world["decaan"])
    response = page.goto(f"{live_server.url}/leerlingen/{world['leerling_b'].pk}/")
    assert response.status == 404
