"""The servicedesk's lists of API clients and of a client's outbound notices (voroc/lists.py)."""

import django_filters
from django.db.models import Q
from django.utils import timezone

from voroc.lists import Kolom, LijstFilterSet, Sortering

from .models import AfleveringStatus, ApiClient, WebhookAflevering

STATUSSEN = [("actief", "actief"), ("verlopen", "verlopen"), ("ingetrokken", "ingetrokken")]


class ApiClientFilterSet(LijstFilterSet):
    q = django_filters.CharFilter(label="Zoek op naam of organisatie", method="zoek", max_length=100)
    status = django_filters.ChoiceFilter(label="Status", choices=STATUSSEN, method="filter_status")

    sorteringen = {
        "naam": Sortering("Naam", ("naam",)),
        "organisatie": Sortering("Organisatie", ("organisatie__naam", "naam")),
        "verloopt": Sortering("Verloopt op", ("verloopt_op", "naam")),
        "gebruikt": Sortering("Laatst gebruikt", ("laatst_gebruikt_op", "naam")),
    }
    standaard_sort = "organisatie"
    kolommen = (
        Kolom("Naam", "naam"),
        Kolom("Organisatie", "organisatie"),
        Kolom("Rechten"),
        Kolom("Verloopt op", "verloopt"),
        Kolom("Laatst gebruikt", "gebruikt"),
        Kolom("Status"),
    )

    class Meta:
        model = ApiClient
        fields = ()

    def zoek(self, qs, name, value):
        value = value.strip()
        return qs.filter(Q(naam__icontains=value) | Q(organisatie__naam__icontains=value)) if value else qs

    def filter_status(self, qs, name, value):
        now = timezone.now()
        if value == "ingetrokken":
            return qs.filter(ingetrokken_op__isnull=False)
        if value == "verlopen":
            return qs.filter(ingetrokken_op__isnull=True, verloopt_op__lte=now)
        return qs.filter(ingetrokken_op__isnull=True, verloopt_op__gt=now)


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
