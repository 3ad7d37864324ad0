"""The main menu. Each item shows when the user holds one of its permissions somewhere."""

from dataclasses import dataclass

from django.urls import reverse

from voroc import policy
from voroc.permissions import LEERLINGEN_INZIEN


@dataclass(frozen=True)
class MenuItem:
    label: str
    url_name: str
    perms: tuple[str, ...] = ()  # empty: every signed-in user


MENU = (
    MenuItem("Overzicht", "home"),
    MenuItem("Leerlingen", "leerlingen:list", LEERLINGEN_INZIEN),
    MenuItem("Gemeente", "rmc:overzicht", ("woongemeente_inzien",)),
    MenuItem("Zonder bestemming", "rmc:zonder_bestemming", ("woongemeente_inzien",)),
    MenuItem("Meldingen", "rmc:meldingen", ("meldingen_behandelen",)),
    MenuItem("Mijn meldingen", "rmc:mijn_meldingen", ("risico_melden", "aanmeldingen_behandelen")),
)


def menu_for(request) -> list[dict]:
    grants = policy.grants_for(request.user)
    items = []
    for item in MENU:
        if item.perms and not any(grants.orgs(p) for p in item.perms):
            continue
        url = reverse(item.url_name)
        items.append(
            {
                "label": item.label,
                "url": url,
                "active": request.path.startswith(url) if url != "/" else request.path == "/",
            }
        )
    return items
