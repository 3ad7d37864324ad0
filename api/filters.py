"""The delivery log of a client's outbound notices (voroc/lists.py)."""

import django_filters

from voroc.lists import Kolom, LijstFilterSet, Sortering

from .models import AfleveringStatus, WebhookAflevering


class AfleveringFilterSet(LijstFilterSet):
    status = django_filters.ChoiceFilter(label="Status", choices=AfleveringStatus.choices)

    sorteringen = {
        "aangemaakt": Sortering("Aangemaakt", ("aangemaakt",)),
        "status": Sortering("Status", ("status", "-aangemaakt")),
        "pogingen": Sortering("Pogingen", ("pogingen", "-aangemaakt")),
    }
    standaard_sort = "-aangemaakt"
    kolommen = (
        Kolom("Aangemaakt", "aangemaakt"),
        Kolom("Gebeurtenis"),
        Kolom("Status", "status"),
        Kolom("Pogingen", "pogingen"),
        Kolom("Laatste poging"),
        Kolom("Laatste fout"),
    )

    class Meta:
        model = WebhookAflevering
        fields = ()
