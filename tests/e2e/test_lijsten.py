"""The shared list table in the browser: a sort header activated by keyboard swaps the rows
through htmx, the column says how it is sorted, and the focus returns to that header."""

import re

import pytest
from playwright.sync_api import expect

from tests import factories as f

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_sort_header_keeps_the_keyboard_focus_after_the_swap(world, live_server, login):
    for naam, klas in (("Aalders", "4C"), ("Zeeman", "4B")):
        f.LeerlingFactory(school=world["school_a"], schooljaar=world["schooljaar"], achternaam=naam, klas=klas)
    page = login(world["decaan"])
    page.goto(f"{live_server.url}/leerlingen/")
    expect(page.get_by_role("region", name="Leerlingen")).to_be_visible()
    header = page.locator('a[data-tabel="leerlingen"][data-sort-key="klas"]')
    header.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"sort=klas"))
    expect(page.locator('th[aria-sort="ascending"]')).to_contain_text("Klas")
    expect(page.locator('a[data-tabel="leerlingen"][data-sort-key="klas"]')).to_be_focused()
    page.keyboard.press("Enter")  # again: descending, focus still on the header
    expect(page).to_have_url(re.compile(r"sort=-klas"))
    expect(page.locator('th[aria-sort="descending"]')).to_contain_text("Klas")
    expect(page.locator('a[data-tabel="leerlingen"][data-sort-key="klas"]')).to_be_focused()
    expect(page.locator("table.leerling-tabel tbody tr").first).to_contain_text("4C")
