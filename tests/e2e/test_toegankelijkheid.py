"""Accessibility and fit: every role's pages pass axe-core (WCAG 2.1 A and AA) and are never wider
than the window at 320 px (a phone) and 1280 px (a laptop).

Per role: log in, collect every same-site page linked from the header (menu, notifications,
account) and from the home page, add a few detail pages, and on each page inject the committed
axe-core (tests/e2e/assets/axe.min.js, `make assets`) and run it, then measure the width at both
sizes. All problems of all roles are gathered and reported together (rule ids and targets).

KNOWN lists the failures that are someone else's markup and will be fixed there. The test
fails both on a new problem and on a KNOWN entry that no longer occurs, so the list can only
shrink: empty it as those fixes land.
"""

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.urls import Resolver404, resolve, reverse
from playwright.sync_api import Error as PlaywrightError

from rmc.services import melding_create_risico
from tests import factories as f
from tests.e2e.conftest import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = (Path(__file__).parent / "assets" / "axe.min.js").read_text()
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WIDTHS = (320, 1280)
ROLES = ("decaan", "mentor", "zorg", "intaker", "consulent", "servicedesk", "monitor")

# (url name, problem) -> why and whose. A problem is an axe rule id or "breder dan <width>px".
# Empty: every page passes. An entry here is a known failure someone is fixing.
KNOWN: dict[tuple[str, str], str] = {}

# Links that are not pages to check: downloads, and the demo/admin side doors.
SKIP_SUFFIXES = (".pdf", ".csv", ".xlsx", "/export/", "/download/", "/pdf/")


def detail_pages(w):
    """At least one detail page per role, from the world's own-side objects (and a risk melding
    about the own pupil, so the municipality has a melding to open and the timeline an entry)."""
    melding = melding_create_risico(
        leerling=w["leerling_a"],
        user=w["decaan"],
        reden="Veel verzuim",
        toelichting="Vaak afwezig.",
        toestemming_besproken=True,
    )
    leerling = reverse("leerlingen:detail", args=[w["leerling_a"].pk])
    formulier = reverse("doorstroom:formulier", args=[w["leerling_a"].pk])
    return {
        "decaan": [leerling, formulier],
        "mentor": [leerling, formulier],
        "zorg": [leerling],
        "intaker": [leerling, reverse("mbo:dossier", args=[w["aanmelding_a"].pk])],
        "consulent": [leerling, reverse("rmc:melding_detail", args=[melding.pk])],
        "monitor": [reverse("rapportage:regio")],
        "servicedesk": [
            reverse("servicedesk:organisatie", args=[w["school_a"].pk]),
            reverse("servicedesk:account", args=[w["decaan"].pk]),
        ],
    }


def run_axe(page) -> list[dict]:
    page.add_script_tag(content=AXE)
    return page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
            return result.violations.map(v => ({id: v.id, targets: v.nodes.slice(0, 5).map(n => n.target.join(" "))}));
        }""",
        AXE_TAGS,
    )


# The outermost elements that stick out of the window and are not inside a scroll container.
CULPRITS_JS = """() => {
    const out = [];
    const scrolls = (el) => ["auto", "scroll", "hidden"].includes(getComputedStyle(el).overflowX);
    for (const el of document.body.querySelectorAll("*")) {
        if (el.getBoundingClientRect().right <= window.innerWidth + 1) continue;
        let parent = el.parentElement, contained = false, reported = false;
        while (parent && parent !== document.body) {
            if (scrolls(parent)) contained = true;
            if (out.includes(parent)) reported = true;
            parent = parent.parentElement;
        }
        if (!contained && !reported) out.push(el);
    }
    const name = (el) => [el.tagName.toLowerCase(), ...String(el.className).split(" ")].filter(Boolean).join(".");
    return out.slice(0, 3).map(name);
}"""


def overflow_at(page, width) -> str | None:
    """How the page is wider than the window at this width (its width, what sticks out), else None."""
    page.set_viewport_size({"width": width, "height": 900})
    scroll_width, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    if scroll_width <= inner:
        return None
    return f"{scroll_width}px breed door " + ", ".join(page.evaluate(CULPRITS_JS))


def linked_pages(page, base) -> list[str]:
    hrefs = page.eval_on_selector_all("header a[href], main a[href]", "els => els.map(e => e.href)")
    paths = []
    for href in hrefs:
        parts = urlsplit(href)
        if f"{parts.scheme}://{parts.netloc}" != base or parts.path.endswith(SKIP_SUFFIXES):
            continue
        if parts.path not in paths:
            paths.append(parts.path)
    return paths


def url_name(path) -> str:
    try:
        return resolve(path).view_name
    except Resolver404:
        return path


def check_page(page, base, path) -> list[tuple[str, str, str]]:
    """Problems on one page as (url name, problem, detail)."""
    try:
        response = page.goto(base + path)
    except PlaywrightError as error:
        if "Download is starting" in str(error):  # a file, not a page
            return []
        raise
    if response is None or "text/html" not in response.headers.get("content-type", ""):
        return []
    name = url_name(urlsplit(page.url).path)
    problems = [(name, v["id"], ", ".join(v["targets"])) for v in run_axe(page)]
    for width in WIDTHS:
        too_wide = overflow_at(page, width)
        if too_wide:
            problems.append((name, f"breder dan {width}px", too_wide))
    page.set_viewport_size({"width": WIDTHS[-1], "height": 900})
    return problems


def check_phone_menu(page) -> list[tuple[str, str, str]]:
    """On a phone the menu folds behind a button that opens it (axe checks both states) and
    Escape closes; on a laptop it is one row."""
    page.set_viewport_size({"width": 320, "height": 900})
    nav = page.get_by_role("navigation", name="Hoofdmenu")
    button = page.get_by_role("button", name="Menu", exact=True)
    assert not nav.is_visible() and button.get_attribute("aria-expanded") == "false"
    problems = [("home", v["id"], ", ".join(v["targets"])) for v in run_axe(page)]
    button.click()
    assert nav.is_visible() and button.get_attribute("aria-expanded") == "true"
    problems += [("home", v["id"] + " (menu open)", ", ".join(v["targets"])) for v in run_axe(page)]
    page.keyboard.press("Escape")
    assert not nav.is_visible() and button.get_attribute("aria-expanded") == "false"
    page.set_viewport_size({"width": WIDTHS[-1], "height": 900})
    assert nav.is_visible() and not button.is_visible()
    # On a laptop the whole header (brand, menu, notifications, name, log out) is one row.
    assert page.locator("header.site-header").bounding_box()["height"] <= 64
    return problems


def login(page, base, user):
    page.goto(f"{base}/account/inloggen/")
    page.get_by_label("E-mailadres").fill(user.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url((lambda url: "/mijn/" in url) if user.portaal else f"{base}/")


def report(problems) -> str:
    return "\n".join(f"  {role:12} {path} ({name}) {rule}: {detail}" for role, path, name, rule, detail in problems)


def test_every_role_page_passes_axe_and_fits(world, live_server, browser):
    base = live_server.url
    details = detail_pages(world)
    found = []  # (role, path, url name, problem, detail)
    pages_checked = 0
    # Before logging in: the login page, the password reset and the accessibility statement.
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    for path in ("/account/inloggen/", reverse("password_reset"), reverse("toegankelijkheid")):
        found += [("anoniem", path, *problem) for problem in check_page(page, base, path)]
        pages_checked += 1
    context.close()
    for role in ROLES:
        # The page's own CSP forbids inline scripts; axe is injected as one, so only the test bypasses it.
        context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
        page = context.new_page()
        login(page, base, world[role])
        found += [(role, "/", "home", *problem[1:]) for problem in check_phone_menu(page)]
        paths = linked_pages(page, base)
        paths += [p for p in details[role] if p not in paths]
        assert len(paths) >= 3, f"{role}: only {paths} found from the home page"
        for path in paths:
            found += [(role, path, *problem) for problem in check_page(page, base, path)]
            found += [(role, path, *problem) for problem in check_error_state(page)]
            pages_checked += 1
        context.close()

    def key(problem):
        return problem[2], problem[3]

    new = [p for p in found if key(p) not in KNOWN]
    seen = {key(p) for p in found}
    stale = [k for k in KNOWN if k not in seen]
    known = [p for p in found if key(p) in KNOWN]
    if known:
        print(f"Known failures, to be fixed by their owners ({len(known)}):\n{report(known)}")
    assert not new, f"Accessibility or width problems on {pages_checked} pages checked:\n{report(new)}"
    assert not stale, f"These KNOWN failures no longer occur: remove them from KNOWN: {stale}"
    assert pages_checked >= 25


def test_the_checks_can_fail(world, live_server, browser):
    """A planted image without alt text and a planted over-wide block are both caught."""
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(live_server.url + reverse("toegankelijkheid"))
    assert run_axe(page) == []
    assert overflow_at(page, 320) is None
    page.evaluate(
        """() => {
            const img = document.createElement("img");
            img.src = "/static/nergens.png";
            document.querySelector("main").append(img);
            const wide = document.createElement("div");
            wide.className = "card";
            wide.textContent = "x".repeat(200);
            document.querySelector("main").append(wide);
        }"""
    )
    page.add_style_tag(content=".card { width: 900px; }")
    assert "image-alt" in [v["id"] for v in run_axe(page)]
    assert overflow_at(page, 320) is not None
    context.close()


# Form pages that each role submits empty: the page with its error summary and field errors must
# pass axe and fit the window as well (the form kit: templates/forms/).
def error_state_pages(w) -> dict[str, list[str]]:
    geplaatst = f.AanmeldingFactory(
        leerling=f.LeerlingFactory(school=w["school_a"], mentor=w["mentor"], schooljaar=w["schooljaar"]),
        opleiding=w["opleiding_a"],
        status="geplaatst",
    )
    return {
        "decaan": [
            reverse("leerlingen:nieuw"),
            reverse("leerlingen:elders", args=[w["leerling_a"].pk]),
            reverse("rmc:risicomelding", args=[w["leerling_a"].pk]),
            reverse("aanmelden:extern_nieuw", args=[w["leerling_a"].pk]),
            reverse("aanmelden:warme_overdracht", args=[geplaatst.pk]),
        ],
        "intaker": [reverse("mbo:opleiding_nieuw")],
        "consulent": [reverse("rmc:begeleiding", args=[w["leerling_a"].pk])],
        "servicedesk": [reverse("servicedesk:account_invite")],
    }


SUBMIT_EMPTY_JS = """() => {
    const form = [...document.querySelectorAll("main form[method=post]")]
        .find(f => f.querySelector("[aria-required=true]"));
    if (!form) return false;
    form.querySelectorAll("[aria-required=true]").forEach(el => {
        if (el.tagName === "SELECT") el.selectedIndex = -1; else if (el.type !== "checkbox") el.value = "";
    });
    form.requestSubmit();
    return true;
}"""


def check_error_state(page) -> list[tuple[str, str, str]]:
    """The page's first form with a required field, submitted empty: its error state (summary,
    field errors) must pass axe and fit the window too. Pages without such a form: nothing."""
    if not page.url.startswith("http") or not page.evaluate(HAS_REQUIRED_FORM_JS):
        return []
    with page.expect_navigation():
        page.evaluate(SUBMIT_EMPTY_JS)
    name = url_name(urlsplit(page.url).path)
    if page.locator("[data-error-summary]").count() != 1:
        return [(name, "geen foutoverzicht na leeg versturen", page.url)]
    problems = [(name, v["id"] + " (met fouten)", ", ".join(v["targets"])) for v in run_axe(page)]
    for width in WIDTHS:
        too_wide = overflow_at(page, width)
        if too_wide:
            problems.append((name, f"breder dan {width}px (met fouten)", too_wide))
    page.set_viewport_size({"width": WIDTHS[-1], "height": 900})
    return problems


HAS_REQUIRED_FORM_JS = """() => [...document.querySelectorAll("main form[method=post]")]
    .some(f => f.querySelector("[aria-required=true]"))"""


def test_forms_in_their_error_state_pass_axe_and_fit(world, live_server, browser):
    base = live_server.url
    found, checked = [], 0
    pages = error_state_pages(world)
    for role, paths in pages.items():
        context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
        page = context.new_page()
        login(page, base, world[role])
        for path in paths:
            page.goto(base + path)
            with page.expect_navigation():
                assert page.evaluate(SUBMIT_EMPTY_JS), f"{path}: no form with a required field"
            assert page.locator("[data-error-summary]").count() == 1, f"{path}: no error summary"
            assert page.title().startswith("Fout: "), path
            name = url_name(urlsplit(page.url).path)
            found += [(role, path, name, v["id"], ", ".join(v["targets"])) for v in run_axe(page)]
            for width in WIDTHS:
                too_wide = overflow_at(page, width)
                if too_wide:
                    found.append((role, path, name, f"breder dan {width}px", too_wide))
            page.set_viewport_size({"width": WIDTHS[-1], "height": 900})
            checked += 1
        context.close()
    assert checked == sum(len(paths) for paths in pages.values())
    assert not found, f"Problems on forms with errors ({checked} checked):\n{report(found)}"
