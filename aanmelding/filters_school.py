"""The school's search of the programme catalogue when applying for a pupil (voroc/lists.py)."""

import django_filters
from django.db.models import Q

from voroc.accounts.models import Organisatie
from voroc.lists import Kolom, LijstFilterSet, Sortering

from .models import Leerweg, Opleiding


class OpleidingZoekFilterSet(LijstFilterSet):
    q = django_filters.CharFilter(label="Naam of opleidingscode (crebo)", method="zoek", max_length=100)
    niveau = django_filters.ChoiceFilter(
        label="Niveau", choices=[(str(n), f"niveau {n}") for n in range(1, 5)], empty_label="alle niveaus"
    )
    instelling = django_filters.ModelChoiceFilter(
        label="Instelling", queryset=Organisatie.objects.none(), empty_label="alle"
    )
    plaats = django_filters.CharFilter(label="Locatie of plaats", method="filter_plaats", max_length=100)
    leerweg = django_filters.ChoiceFilter(label="Leerweg", choices=Leerweg.choices, empty_label="BOL en BBL")

    sorteringen = {
        "naam": Sortering("Opleiding", ("naam", "niveau", "instelling__naam")),
        "crebo": Sortering("Crebo", ("crebo", "naam")),
        "niveau": Sortering("Niveau", ("niveau", "naam")),
        "instelling": Sortering("Instelling en locatie", ("instelling__naam", "locatie__naam", "naam")),
    }
    standaard_sort = "naam"
    kolommen = (
        Kolom("Opleiding", "naam"),
        Kolom("Crebo", "crebo"),
        Kolom("Niveau", "niveau"),
        Kolom("Leerweg"),
        Kolom("Instelling en locatie", "instelling"),
        Kolom("Actie"),
    )

    class Meta:
        model = Opleiding
        fields = ()

    def __init__(self, *args, instellingen=None, **kwargs):
        super().__init__(*args, **kwargs)
        if instellingen is not None:
            self.filters["instelling"].queryset = instellingen

    def zoek(self, qs, name, value):
        value = value.strip()
        return qs.filter(Q(naam__icontains=value) | Q(crebo=value)) if value else qs

    def filter_plaats(self, qs, name, value):
        value = value.strip()
        return qs.filter(Q(locatie__plaats__icontains=value) | Q(locatie__naam__icontains=value)) if value else qs
