"""The worklist of differences with the national statuses (voroc/lists.py)."""

import django_filters
from django.db.models import Q

from voroc.lists import Kolom, LijstFilterSet, Sortering

from .models import Vergelijkingsregel, Verschil

NAAM = ("leerling__achternaam", "leerling__voornaam")


class VergelijkingFilterSet(LijstFilterSet):
    zoek = django_filters.CharFilter(label="Zoek op naam", method="filter_zoek", max_length=100)
    soort = django_filters.ChoiceFilter(label="Soort verschil", choices=Verschil.choices)
    open = django_filters.ChoiceFilter(
        label="Afgehandeld",
        choices=[("open", "nog open"), ("afgehandeld", "afgehandeld")],
        method="filter_open",
    )

    sorteringen = {
        "naam": Sortering("Leerling", NAAM),
        "soort": Sortering("Verschil", ("soort", *NAAM)),
        "crebo": Sortering("Opleiding (crebo)", ("crebo", *NAAM)),
    }
    standaard_sort = "naam"
    kolommen = (
        Kolom("Leerling", "naam"),
        Kolom("Verschil", "soort"),
        Kolom("Opleiding (crebo)", "crebo"),
        Kolom("Landelijk"),
        Kolom("VOROC"),
        Kolom("Actie"),
    )

    class Meta:
        model = Vergelijkingsregel
        fields = ()

    def filter_zoek(self, qs, name, value):
        for word in value.split()[:5]:
            qs = qs.filter(Q(leerling__achternaam__icontains=word) | Q(leerling__voornaam__icontains=word))
        return qs

    def filter_open(self, qs, name, value):
        return qs.filter(afgehandeld_op__isnull=(value == "open"))
