"""Forms by keyboard: a failed submit of the doorstroomformulier puts the focus on the error
summary, its link takes the focus to the field; leaving with unsaved changes asks first."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_error_summary_takes_focus_and_its_link_focuses_the_field(world, live_server, login):
    leerling = world["leerling_a"]
    page = login(world["decaan"])
    page.goto(f"{live_server.url}/doorstroom/leerling/{leerling.pk}/")
    page.get_by_label("Naam ouder/verzorger (verplicht voor definitief)", exact=True).fill("A. Jansen")
    page.get_by_label("E-mail ouder/verzorger", exact=True).fill("geen-adres")
    page.get_by_role("button", name="Opslaan als concept").focus()
    page.keyboard.press("Enter")

    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading", name="Er is iets niet goed ingevuld")).to_be_visible()
    expect(page).to_have_title(re.compile(r"^Fout: Doorstroomformulier"))
    veld = page.get_by_label("E-mail ouder/verzorger", exact=True)
    expect(veld).to_have_attribute("aria-invalid", "true")
    expect(veld).to_have_value("geen-adres")

    page.keyboard.press("Tab")
    link = summary.get_by_role("link", name=re.compile("e-mailadres"))
    expect(link).to_be_focused()
    page.keyboard.press("Enter")
    expect(veld).to_be_focused()
    # The field is corrected by keyboard; saving works.
    page.keyboard.press("Control+A")
    page.keyboard.type("ouder@example.nl")
    page.get_by_role("button", name="Opslaan als concept").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Het formulier is als concept opgeslagen.")).to_be_visible()
    expect(page).not_to_have_title(re.compile("^Fout: "))


def test_leaving_with_unsaved_changes_asks_first(world, live_server, login):
    leerling = world["leerling_a"]
    page = login(world["decaan"])
    page.goto(f"{live_server.url}/doorstroom/leerling/{leerling.pk}/")
    expect(page.locator(".voroc-save-bar").get_by_role("button", name="Opslaan als concept")).to_be_visible()
    page.get_by_label("Naam ouder/verzorger (verplicht voor definitief)", exact=True).fill("A. Jansen")

    dialogs = []

    def accept(dialog):
        dialogs.append(dialog.type)
        dialog.accept()

    page.on("dialog", accept)
    page.get_by_role("link", name="Terug naar de leerling").click()
    page.wait_for_url(f"{live_server.url}/leerlingen/{leerling.pk}/")
    assert dialogs == ["beforeunload"]

    # Saved changes leave without a question.
    dialogs.clear()
    page.goto(f"{live_server.url}/doorstroom/leerling/{leerling.pk}/")
    page.get_by_label("Naam ouder/verzorger (verplicht voor definitief)", exact=True).fill("A. Jansen")
    page.get_by_role("button", name="Opslaan als concept").click()
    expect(page.get_by_text("Het formulier is als concept opgeslagen.")).to_be_visible()
    page.get_by_role("link", name="Terug naar de leerling").click()
    page.wait_for_url(f"{live_server.url}/leerlingen/{leerling.pk}/")
    assert dialogs == []
