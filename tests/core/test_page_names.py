"""One name per page: the menu item, the page's <title> and its <h1> say the same, and a pupil's
page title carries the initials, never the name (ADR 13)."""

import html
import re

import pytest
from django.urls import reverse

from voroc.navigation import MENU
from voroc.policy import holds_any

ROLES = ("decaan", "mentor", "zorg", "intaker", "consulent", "servicedesk", "monitor")


def _title(body: str) -> str:
    title = html.unescape(re.search(r"<title>(.*?)</title>", body, re.S).group(1)).strip()
    return title.removesuffix(" · VOROC")


def _h1(body: str) -> str:
    inner = re.search(r"<h1[^>]*>(.*?)</h1>", body, re.S).group(1)
    first = inner.split("<span", 1)[0]  # a year or a badge may follow the name
    return html.unescape(re.sub(r"<[^>]+>", "", first)).strip()


@pytest.mark.parametrize("role", ROLES)
def test_menu_title_and_heading_say_the_same(world, client, role):
    user = world[role]
    client.force_login(user)
    checked, different = 0, []
    for item in MENU:
        if item.perms and not holds_any(user, *item.perms):
            continue
        body = client.get(reverse(item.url_name)).content.decode()
        if (_title(body), _h1(body)) != (item.label, item.label):
            different.append((item.label, _title(body), _h1(body)))
        checked += 1
    assert checked >= 2
    assert different == [], f"(menu, title, heading) that differ: {different}"


def test_pupil_pages_have_their_own_title_without_the_name(world, client):
    leerling = world["leerling_a"]
    client.force_login(world["decaan"])
    title = _title(client.get(reverse("leerlingen:detail", kwargs={"pk": leerling.pk})).content.decode())
    assert title == f"Leerling {leerling.initialen}, {leerling.klas}"
    assert leerling.achternaam not in title and leerling.voornaam not in title
    client.force_login(world["intaker"])
    title = _title(client.get(reverse("mbo:dossier", kwargs={"pk": world["aanmelding_a"].pk})).content.decode())
    assert title.startswith(f"Aanmelding {leerling.initialen} · ") and leerling.achternaam not in title


def test_initials():
    from leerlingen.models import Leerling

    assert Leerling(voornaam="sanne", tussenvoegsel="de", achternaam="Vries").initialen == "S. de V."
    assert Leerling(voornaam="Kerem", achternaam="Broek").initialen == "K. B."
