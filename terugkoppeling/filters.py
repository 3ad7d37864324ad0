"""The notification centre's list: read or unread, kind, the pupil's name, a period, open
drop-backs; sort by date or kind."""

import datetime

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone

from voroc.forms import Form
from voroc.lists import Kolom, LijstFilterSet, Sortering

from .models import Notificatie, NotificatieSoort

GELEZEN_CHOICES = [("ongelezen", "alleen ongelezen"), ("gelezen", "alleen gelezen")]
AFHANDELING_CHOICES = [("open", "af te handelen"), ("afgehandeld", "afgehandeld")]
# A date as the browser's date field sends it, or as a Dutch user types it.
DATUM_FORMATEN = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d-%m-%y"]
DATUM_FOUT = "Vul een geldige datum in, bijvoorbeeld 3-12-2026."


class DatumFilter(django_filters.DateFilter):
    field_class = forms.DateField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("input_formats", DATUM_FORMATEN)
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
        kwargs.setdefault("error_messages", {"invalid": DATUM_FOUT})
        super().__init__(*args, **kwargs)


class NotificatieFilterForm(Form):
    """The list's filter form: a period that ends before it starts is refused on its end date."""

    def clean(self):
        data = super().clean()
        van, tot = data.get("van"), data.get("tot")
        if van and tot and tot < van:
            self.add_error("tot", "De datum ‘tot en met’ ligt vóór de datum ‘vanaf’.")
        return data


def _begin_van(dag: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(dag, datetime.time.min))


class NotificatieFilterSet(LijstFilterSet):
    q = django_filters.CharFilter(label="Zoek op naam van de leerling", method="zoek", max_length=100)
    # `filter=ongelezen` is the parameter the page's button and older bookmarks use.
    filter = django_filters.ChoiceFilter(label="Gelezen", choices=GELEZEN_CHOICES, method="gelezen")
    soort = django_filters.ChoiceFilter(label="Soort", choices=NotificatieSoort.choices)
    afhandeling = django_filters.ChoiceFilter(label="Terugval", choices=AFHANDELING_CHOICES, method="afgehandeld")
    van = DatumFilter(label="Vanaf (datum)", method="vanaf")
    tot = DatumFilter(label="Tot en met (datum)", method="tot_en_met")

    sorteringen = {
        "aangemaakt": Sortering("Wanneer", ("aangemaakt",)),
        "soort": Sortering("Notificatie", ("soort", "-aangemaakt")),
    }
    standaard_sort = "-aangemaakt"
    kolommen = (Kolom("Wanneer", "aangemaakt"), Kolom("Notificatie", "soort"), Kolom("Leerling"), Kolom("Status"))

    class Meta:
        model = Notificatie
        fields = ()
        form = NotificatieFilterForm

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

    def afgehandeld(self, qs, name, value):
        if value == "open":
            return qs.open_terugval()
        return qs.filter(afhandelen=True, afgehandeld_op__isnull=False)

    def vanaf(self, qs, name, value):
        return qs.filter(aangemaakt__gte=_begin_van(value))

    def tot_en_met(self, qs, name, value):
        if value >= datetime.date.max:
            return qs
        return qs.filter(aangemaakt__lt=_begin_van(value + datetime.timedelta(days=1)))
