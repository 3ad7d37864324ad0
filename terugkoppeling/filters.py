"""The notification centre's list: read or unread, kind, the pupil's name, sort by date or kind."""

import django_filters
from django.db.models import Q

from voroc.lists import Kolom, LijstFilterSet, Sortering

from .models import Notificatie, NotificatieSoort

GELEZEN_CHOICES = [("ongelezen", "alleen ongelezen"), ("gelezen", "alleen gelezen")]


class NotificatieFilterSet(LijstFilterSet):
    q = django_filters.CharFilter(label="Zoek op naam van de leerling", method="zoek", max_length=100)
    # `filter=ongelezen` is the parameter the page's button and older bookmarks use.
    filter = django_filters.ChoiceFilter(label="Gelezen", choices=GELEZEN_CHOICES, method="gelezen")
    soort = django_filters.ChoiceFilter(label="Soort", choices=NotificatieSoort.choices)

    sorteringen = {
        "aangemaakt": Sortering("Wanneer", ("aangemaakt",)),
        "soort": Sortering("Notificatie", ("soort", "-aangemaakt")),
    }
    standaard_sort = "-aangemaakt"
    kolommen = (Kolom("Wanneer", "aangemaakt"), Kolom("Notificatie", "soort"), Kolom("Leerling"), Kolom("Status"))

    class Meta:
        model = Notificatie
        fields = ()

    def zoek(self, qs, name, value):
        # Only pupils the user still sees: a search must not reveal a name the list hides.
        for word in value.split()[:5]:
            qs = qs.filter(
                Q(leerling_zichtbaar=True)
                & (Q(leerling__achternaam__icontains=word) | Q(leerling__voornaam__icontains=word))
            )
        return qs

    def gelezen(self, qs, name, value):
        return qs.filter(gelezen_op__isnull=(value == "ongelezen"))
