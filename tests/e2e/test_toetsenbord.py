"""The keyboard alone: after logging in, every step below is Tab, Enter, Space, Escape or an
arrow key, and each step checks where the focus is (document.activeElement). Covered: the skip
link, the main menu at desktop and phone width, the pupil list's search and sortable columns,
and the mbo plaatsingsbesluit with a failed and a successful submit."""

import re

import pytest
from playwright.sync_api import expect

from aanmelding.models import Aanmelding
from tests import factories as f

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

# document.activeElement, described by what a test can compare.
_FOCUSED_JS = """() => {
  const e = document.activeElement;
  if (!e) { return null; }
  return {
    tag: e.tagName.toLowerCase(),
    id: e.id,
    text: (e.innerText || e.textContent || "").trim(),
    href: e.getAttribute("href"),
    sort: e.getAttribute("data-sort-key"),
    menu: e.closest('nav[aria-label="Hoofdmenu"]') !== null,
    in_main: e.closest("main#inhoud") !== null,
  };
}"""

HTMX_IDLE = "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"


def focused(page) -> dict:
    return page.evaluate(_FOCUSED_JS)


def tab_to(page, matches, limit=80) -> tuple[dict, list[dict]]:
    """Press Tab until the focused element matches; returns it and every stop before it."""
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = focused(page)
        if matches(now):
            return now, stops
        stops.append(now)
    raise AssertionError(f"Tab never reached the element; stops: {[s['text'] or s['tag'] for s in stops]}")


def menu_labels(page) -> list[str]:
    """The menu's labels from the HTML (also while the menu is folded away and hidden)."""
    return [t.strip() for t in page.locator('nav[aria-label="Hoofdmenu"] a').all_text_contents()]


def test_skip_link_is_the_first_stop_and_moves_focus_to_the_content(world, live_server, login):
    page = login(world["decaan"])
    for path in ("/", "/leerlingen/"):
        page.goto(f"{live_server.url}{path}")
        page.keyboard.press("Tab")
        eerste = focused(page)
        assert (eerste["tag"], eerste["text"], eerste["href"]) == ("a", "Naar de inhoud", "#inhoud"), path
        expect(page.get_by_role("link", name="Naar de inhoud")).to_be_visible()  # shown on focus

        page.keyboard.press("Enter")
        expect(page.locator("main")).to_be_focused()
        assert (focused(page)["tag"], focused(page)["id"]) == ("main", "inhoud"), path
        # The next Tab continues inside the content, past the header and its menu.
        page.keyboard.press("Tab")
        assert focused(page)["in_main"], path


def test_main_menu_by_keyboard_on_desktop(world, live_server, login):
    page = login(world["decaan"])
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}/")
    labels = menu_labels(page)
    assert labels[:4] == ["Overzicht", "Leerlingen", "Diplomaresultaten", "Juni-controle"]

    eerste, voor = tab_to(page, lambda el: el["menu"])
    # Before the menu only the skip link and the logo; the menu button is no stop at this width.
    assert [s["text"] for s in voor] == ["Naar de inhoud", "VOROC"]
    bereikt = [eerste["text"]]
    for _ in labels[1:]:
        page.keyboard.press("Tab")
        now = focused(page)
        assert now["menu"], now
        bereikt.append(now["text"])
    assert bereikt == labels
    page.keyboard.press("Tab")
    assert not focused(page)["menu"]

    page.goto(f"{live_server.url}/")
    tab_to(page, lambda el: el["menu"] and el["text"] == "Leerlingen")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/leerlingen/")
    expect(page.get_by_role("heading", name=re.compile("^Leerlingen"), level=1)).to_be_visible()
    expect(page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Leerlingen")).to_have_attribute(
        "aria-current", "page"
    )


def test_main_menu_by_keyboard_on_a_phone(world, live_server, login):
    page = login(world["decaan"])
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/")
    nav = page.get_by_role("navigation", name="Hoofdmenu")
    knop = page.get_by_role("button", name="Menu")
    expect(nav).to_be_hidden()
    labels = menu_labels(page)
    assert labels[:2] == ["Overzicht", "Leerlingen"]

    gevonden, voor = tab_to(page, lambda el: el["tag"] == "button")
    assert gevonden["text"] == "Menu"
    assert [s["text"] for s in voor] == ["Naar de inhoud", "VOROC"]
    expect(knop).to_have_attribute("aria-expanded", "false")

    # Enter opens the menu; every link is a stop, in order.
    page.keyboard.press("Enter")
    expect(knop).to_have_attribute("aria-expanded", "true")
    expect(nav).to_be_visible()
    assert focused(page)["text"] == "Menu"
    for label in labels:
        page.keyboard.press("Tab")
        now = focused(page)
        assert (now["menu"], now["text"]) == (True, label)

    # Escape from inside the menu closes it and gives the focus back to the button.
    page.keyboard.press("Escape")
    expect(knop).to_have_attribute("aria-expanded", "false")
    expect(knop).to_be_focused()
    expect(nav).to_be_hidden()

    # Space opens it too; Escape on the button itself closes it again.
    page.keyboard.press("Space")
    expect(knop).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Tab")
    assert focused(page)["text"] == labels[0]
    page.keyboard.press("Shift+Tab")
    expect(knop).to_be_focused()
    page.keyboard.press("Escape")
    expect(knop).to_have_attribute("aria-expanded", "false")
    expect(knop).to_be_focused()
    # A closed menu is no stop: the next Tab leaves the header's menu out.
    page.keyboard.press("Tab")
    assert not focused(page)["menu"]


def test_pupil_list_search_and_sort_by_keyboard(world, live_server, login):
    school, jaar = world["school_a"], world["schooljaar"]
    f.LeerlingFactory(school=school, schooljaar=jaar, achternaam="Zwart", voornaam="Anna", leerlingnummer="900002")
    f.LeerlingFactory(school=school, schooljaar=jaar, achternaam="Zwart", voornaam="Bram", leerlingnummer="900001")
    f.LeerlingFactory(school=school, schooljaar=jaar, achternaam="Wit", voornaam="Cas", leerlingnummer="900003")
    page = login(world["decaan"])
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}/leerlingen/")
    rijen = page.locator("table.leerling-tabel tbody tr")
    expect(page.get_by_text("4 leerlingen")).to_be_visible()

    # Search: type a name in the search box and submit it with Enter. The list already narrows
    # after a pause in typing; waiting for that first keeps that request from landing after the
    # sort below and undoing it.
    tab_to(page, lambda el: el["id"] == "id_q")
    page.keyboard.type("Zwart")
    expect(page.get_by_text("2 leerlingen (gefilterd)")).to_be_visible()
    with page.expect_response(lambda r: "q=Zwart" in r.url) as antwoord:
        page.keyboard.press("Enter")
    assert antwoord.value.ok
    page.wait_for_function(HTMX_IDLE)
    expect(page.get_by_text("2 leerlingen (gefilterd)")).to_be_visible()
    expect(rijen).to_have_count(2)
    expect(page.get_by_role("link", name="Wit, Cas")).to_have_count(0)
    expect(page).to_have_url(re.compile(r"[?&]q=Zwart"))
    assert focused(page)["id"] == "id_q"  # htmx swapped the rows, not the search box
    expect(rijen.first).to_contain_text("Anna")  # sorted by name

    # Sort: reach the header link by Tab; Enter sorts, and the focus stays on that header link.
    kop = page.locator("th:has(a[data-sort-key='leerlingnummer'])")
    link = page.locator("a[data-tabel='leerlingen'][data-sort-key='leerlingnummer']")
    expect(kop).not_to_have_attribute("aria-sort", re.compile("."))
    tab_to(page, lambda el: el["sort"] == "leerlingnummer")
    page.keyboard.press("Enter")
    expect(kop).to_have_attribute("aria-sort", "ascending")
    expect(page.locator("th:has(a[data-sort-key='naam'])")).not_to_have_attribute("aria-sort", re.compile("."))
    expect(rijen.first).to_contain_text("Bram")
    expect(rijen).to_have_count(2)  # the search stays with the sort
    expect(page).to_have_url(re.compile(r"sort=leerlingnummer"))
    expect(link).to_be_focused()
    assert focused(page)["sort"] == "leerlingnummer"

    page.keyboard.press("Enter")
    expect(kop).to_have_attribute("aria-sort", "descending")
    expect(rijen.first).to_contain_text("Anna")
    expect(link).to_be_focused()
    assert focused(page)["sort"] == "leerlingnummer"


def test_plaatsingsbesluit_by_keyboard_with_an_error_first(world, live_server, login):
    aanmelding, leerling = world["aanmelding_a"], world["leerling_a"]
    aanmelding.status = "intake_gehad"
    aanmelding.save()
    page = login(world["intaker"])
    page.set_viewport_size(DESKTOP)

    # From the menu to the worklist to the dossier.
    tab_to(page, lambda el: el["menu"] and el["href"] == "/mbo/aanmeldingen/")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/mbo/aanmeldingen/")
    expect(page.get_by_role("heading", name=re.compile("^Aanmeldingen"), level=1)).to_be_visible()
    tab_to(page, lambda el: el["tag"] == "a" and el["text"] == f"{leerling.achternaam}, {leerling.voornaam}")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name=leerling.volledige_naam)).to_be_visible()
    expect(page.locator(".lead .badge").first).to_have_text("intake gehad")

    # Submitted without an outcome: the focus lands on the error summary.
    voor = tab_to(page, lambda el: el["tag"] == "button" and el["text"] == "Besluit vastleggen")[1]
    assert "besluit_uitkomst" in [s["id"] for s in voor]  # the select is on the way to the button
    page.keyboard.press("Enter")
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile(r"^Fout: "))
    assert focused(page)["id"] == summary.get_attribute("id")
    expect(summary.get_by_role("heading", name="Er is iets niet goed ingevuld")).to_be_visible()
    assert Aanmelding.objects.get(pk=aanmelding.pk).status == "intake_gehad"

    # Tab reaches the summary's link; Enter puts the focus on the field.
    page.keyboard.press("Tab")
    assert (focused(page)["tag"], focused(page)["text"]) == ("a", "Kies een besluit.")
    page.keyboard.press("Enter")
    veld = page.locator("#besluit_uitkomst")
    expect(veld).to_be_focused()
    assert focused(page)["id"] == "besluit_uitkomst"
    expect(veld).to_have_attribute("aria-invalid", "true")

    # ArrowDown picks the first outcome; Tab to the button and Enter submits.
    expect(veld).to_have_value("")
    page.keyboard.press("ArrowDown")
    expect(veld).to_have_value("geplaatst")
    assert focused(page)["id"] == "besluit_uitkomst"
    tab_to(page, lambda el: el["tag"] == "button" and el["text"] == "Besluit vastleggen")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Plaatsingsbesluit vastgelegd; de school ziet de terugkoppeling.")).to_be_visible()
    expect(page.locator(".lead .badge").first).to_have_text("geplaatst")
    expect(page).not_to_have_title(re.compile(r"^Fout: "))
    assert Aanmelding.objects.get(pk=aanmelding.pk).status == "geplaatst"
