"""The page frame (templates/base.html) and the theme: skip link, messages, footer with the
servicedesk's details, the public accessibility statement, the theme's contrast pairs."""

import html
import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

THEME = Path(django_settings.BASE_DIR) / "static" / "css" / "theme.css"


def token(name: str) -> str:
    match = re.search(rf"--{name}:\s*(#[0-9a-fA-F]{{6}})\s*;", THEME.read_text())
    assert match, f"--{name} is not a #rrggbb colour in theme.css"
    return match.group(1)


def luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_helper_knows_black_on_white():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#777777", "#ffffff") < 4.5  # the classic grey that fails


@pytest.mark.parametrize("background", ["voroc-color-surface", "voroc-color-header"])
def test_focus_ring_stands_out_on_white_and_on_the_header(background):
    assert contrast(token("voroc-color-focus"), token(background)) >= 3


@pytest.mark.parametrize(
    "text, background",
    [
        ("voroc-color-ink", "voroc-color-page"),
        ("voroc-color-muted", "voroc-color-page"),
        ("voroc-color-muted", "voroc-color-surface"),
        ("voroc-color-primary", "voroc-color-surface"),
        ("voroc-color-primary", "voroc-color-page"),
        ("voroc-color-header-ink", "voroc-color-header"),
        ("voroc-color-bad", "voroc-color-surface"),
        ("voroc-color-ink", "voroc-color-bad-bg"),
        ("voroc-color-ink", "voroc-color-warn-bg"),
    ],
)
def test_text_colours_meet_aa(text, background):
    assert contrast(token(text), token(background)) >= 4.5


def test_statement_is_public_and_names_the_servicedesk(client, db, settings):
    settings.VOROC_SERVICEDESK_EMAIL = "hulp@regio.example.nl"
    settings.VOROC_SERVICEDESK_TELEFOON = "+31 70 555 01 23"
    settings.VOROC_SERVICEDESK_BEREIKBAAR = "op werkdagen van 9 tot 16 uur"
    response = client.get(reverse("toegankelijkheid"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "<h1" in body and "Toegankelijkheidsverklaring" in body
    assert "mailto:hulp@regio.example.nl" in body and 'href="tel:+31705550123"' in body
    assert "op werkdagen van 9 tot 16 uur" in body


def test_statement_is_made_from_the_last_audit(client, db):
    """The statement shows the last audit (date, checker, scope, findings, limits), and that record
    matches the automated audit itself: the vendored axe-core version, and the accessibility
    test's open findings (its KNOWN list) are the statement's findings."""
    from tests.e2e.test_toegankelijkheid import KNOWN
    from voroc.toegankelijkheid import LAATSTE_AUDIT

    vendored = (Path(django_settings.BASE_DIR) / "tests" / "e2e" / "assets" / "VERSION").read_text()
    assert vendored.startswith(LAATSTE_AUDIT.hulpmiddel + " ")
    assert len(LAATSTE_AUDIT.bevindingen) == len(KNOWN)
    body = html.unescape(client.get(reverse("toegankelijkheid")).content.decode())
    assert LAATSTE_AUDIT.hulpmiddel in body and "3 december 2026" in body
    assert all(o in body for o in LAATSTE_AUDIT.omvang)
    assert ("Deze controle vond geen fouten." in body) == (not LAATSTE_AUDIT.bevindingen)
    assert all(b in body for b in LAATSTE_AUDIT.beperkingen)


def test_every_page_starts_with_the_skip_link_and_ends_with_the_footer(client, db):
    body = client.get(reverse("login")).content.decode()
    after_body = body.split("<body", 1)[1].split(">", 1)[1].lstrip()
    assert after_body.startswith("<a class=") and 'href="#inhoud"' in after_body.split("\n", 1)[0]
    assert 'id="inhoud"' in body
    footer = body.split("<footer", 1)[1]
    assert reverse("toegankelijkheid") in footer and "mailto:" in footer


def test_messages_sit_in_a_status_region_not_on_the_list(client, world):
    client.force_login(world["intaker"])
    response = client.post(
        reverse("mbo:stap", kwargs={"pk": world["aanmelding_a"].pk}), {"naar": "gestart"}, follow=True
    )
    body = response.content.decode()
    assert "kan niet naar" in body
    region = re.search(
        r'<div class="messages-region" role="status">\s*<ul class="messages">\s*<li class="utrecht-alert', body
    )
    assert region, "the messages are not a list inside a status region"
    assert not re.search(r"<ul[^>]*role=", body)
