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
    MenuItem("Diplomaresultaten", "leerlingen:diploma", ("leerlingen_bewerken",)),
    MenuItem("Juni-controle", "leerlingen:juni_controle", ("leerlingen_bewerken",)),
    MenuItem("Mijn meldingen", "rmc:mijn_meldingen", ("risico_melden", "aanmeldingen_behandelen")),
    MenuItem("Aanmeldingen", "mbo:werklijst", ("aanmeldingen_behandelen",)),
    MenuItem("Opleidingen", "mbo:opleidingen", ("opleidingen_beheren",)),
    MenuItem("Gemeente-overzicht", "rmc:overzicht", ("woongemeente_inzien",)),
    MenuItem("Zonder bestemming", "rmc:zonder_bestemming", ("woongemeente_inzien",)),
    MenuItem("Meldingen", "rmc:meldingen", ("meldingen_behandelen",)),
    MenuItem("Pdf-bundels", "doorstroom:batch_nieuw", ("leerlingen_alle_inzien", "leerlingen_mentorgroep_inzien")),
    MenuItem("Rapportage", "rapportage:regio", ("regio_monitoren",)),
    MenuItem("Collega's", "collegas", ("collegas_beheren",)),
    MenuItem("Servicedesk", "servicedesk:dashboard", ("organisaties_beheren",)),
)


def menu_for(request) -> list[dict]:
    items = []
    for item in MENU:
        if item.perms and not policy.holds_any(request.user, *item.perms):
            continue
        url = reverse(item.url_name)
        items.append({"label": item.label, "url": url, "active": False})
    # The active item is the one whose URL is the longest prefix of the current path.
    matches = [i for i in items if (request.path.startswith(i["url"]) if i["url"] != "/" else request.path == "/")]
    if matches:
        max(matches, key=lambda i: len(i["url"]))["active"] = True
    return items
