"""The mbo's lists (voroc/lists.py): the worklist, the feedback deadline, the no-shows and the
programmes. The worklist's FilterSet validates the query string; the filtering itself is the
selector's (`werklijst_filteren`), which the export and the selector's own callers share."""

import django_filters
from django import forms
from django.db.models import F, Q

from voroc.accounts.models import Locatie
from voroc.lists import Kolom, LijstFilterSet, Sortering

from . import selectors
from .models import Aanmelding, Leerweg, Opleiding
from .status import Status

NAAM = ("leerling__achternaam", "leerling__voornaam")
NIVEAUS = [(str(n), str(n)) for n in range(1, 5)]
OPLEIDING = ("opleiding__naam", "opleiding__niveau")


def _niets(qs, name, value):
    """Applied together by the selector in `filter_queryset`."""
    return qs


def _zoek_leerling(qs, value):
    for word in value.split()[:5]:
        qs = qs.filter(Q(leerling__achternaam__icontains=word) | Q(leerling__voornaam__icontains=word))
    return qs


class _MetOpleiding(LijstFilterSet):
    """A list whose programme filter (declared after the search) offers the programmes of the
    user's own institutions."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["opleiding"].queryset = selectors.werklijst_opleidingen(user=self.user)


class WerklijstFilterSet(LijstFilterSet):
    zoek = django_filters.CharFilter(label="Zoek op naam", method=_niets, max_length=100)
    opleiding = django_filters.ModelChoiceFilter(label="Opleiding", queryset=Opleiding.objects.none(), method=_niets)
    locatie = django_filters.ModelChoiceFilter(label="Locatie", queryset=Locatie.objects.none(), method=_niets)
    niveau = django_filters.ChoiceFilter(label="Niveau", choices=NIVEAUS, method=_niets)
    status = django_filters.ChoiceFilter(
        label="Status",
        choices=[("nieuw", "nieuw (aangemeld)")] + [(s.value, s.label) for s in Status if s != Status.CONCEPT],
        method=_niets,
    )
    te_laat = django_filters.BooleanFilter(
        label="Alleen na de aanmelddeadline", method=_niets, widget=forms.CheckboxInput(attrs={"value": "on"})
    )
    formulier = django_filters.ChoiceFilter(
        label="Doorstroomformulier",
        choices=[("definitief", "definitief"), ("niet_definitief", "niet definitief")],
        method=_niets,
    )
    wacht_dagen = django_filters.NumberFilter(
        label="Wacht langer dan (dagen) op terugkoppeling", min_value=0, max_value=365, method=_niets
    )

    sorteringen = {
        "naam": Sortering("Leerling", NAAM),
        "opleiding": Sortering("Opleiding", OPLEIDING),
        "aangemeld": Sortering("Aangemeld", ("aangemeld_op",)),
        "status": Sortering("Status", ("status",)),
        "terugkoppeling": Sortering("Laatste terugkoppeling", (F("laatste_terugkoppeling").asc(nulls_first=True),)),
    }
    standaard_sort = "-aangemeld"
    kolommen = (
        Kolom("Leerling", "naam"),
        Kolom("School"),
        Kolom("Opleiding", "opleiding"),
        Kolom("Locatie"),
        Kolom("Aangemeld", "aangemeld"),
        Kolom("Formulier"),
        Kolom("Status", "status"),
        Kolom("Code"),
        Kolom("Laatste terugkoppeling", "terugkoppeling"),
    )

    class Meta:
        model = Aanmelding
        fields = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["opleiding"].queryset = selectors.werklijst_opleidingen(user=self.user)
        self.filters["locatie"].queryset = selectors.werklijst_locaties(user=self.user)

    def selector_kwargs(self) -> dict:
        d = self.waarden()
        status = d.get("status") or ""
        return {
            "zoek": d.get("zoek") or "",
            "opleiding": d.get("opleiding"),
            "locatie": d.get("locatie"),
            "niveau": int(d["niveau"]) if d.get("niveau") else None,
            "status": "" if status == "nieuw" else status,
            "nieuw": status == "nieuw",
            "te_laat": bool(d.get("te_laat")),
            "formulier": d.get("formulier") or "",
            "wacht_dagen": int(d["wacht_dagen"]) if d.get("wacht_dagen") is not None else None,
        }

    def filter_queryset(self, queryset):
        queryset = selectors.werklijst_filteren(queryset, **self.selector_kwargs())
        return super().filter_queryset(queryset)


ONTBREEKT = [("1", "1. na aanmelding"), ("2", "2. voor de intake"), ("3", "3. na het besluit")]


class AchterstandFilterSet(_MetOpleiding):
    """Applications that still lack a feedback moment."""

    zoek = django_filters.CharFilter(label="Zoek op naam", method="filter_zoek", max_length=100)
    opleiding = django_filters.ModelChoiceFilter(label="Opleiding", queryset=Opleiding.objects.none())
    ontbreekt = django_filters.ChoiceFilter(
        label="Terugkoppeling ontbreekt", choices=ONTBREEKT, method="filter_ontbreekt"
    )

    sorteringen = {
        "naam": Sortering("Leerling", NAAM),
        "opleiding": Sortering("Opleiding", OPLEIDING),
        "aangemeld": Sortering("Aangemeld", ("aangemeld_op",)),
        "status": Sortering("Status", ("status", "aangemeld_op")),
    }
    standaard_sort = "aangemeld"
    kolommen = (
        Kolom("Leerling", "naam"),
        Kolom("Opleiding", "opleiding"),
        Kolom("Aangemeld", "aangemeld"),
        Kolom("Status", "status"),
        Kolom("1. na aanmelding"),
        Kolom("2. voor de intake"),
        Kolom("3. na het besluit"),
    )

    class Meta:
        model = Aanmelding
        fields = ()

    def filter_zoek(self, qs, name, value):
        return _zoek_leerling(qs, value)

    def filter_ontbreekt(self, qs, name, value):
        return qs.filter(**{f"had_{value}": False})


class NoshowFilterSet(_MetOpleiding):
    zoek = django_filters.CharFilter(label="Zoek op naam", method="filter_zoek", max_length=100)
    opleiding = django_filters.ModelChoiceFilter(label="Opleiding", queryset=Opleiding.objects.none())

    sorteringen = {
        "naam": Sortering("Leerling", NAAM),
        "opleiding": Sortering("Opleiding", OPLEIDING),
        "start": Sortering("Start", ("opleiding__startdatum", *NAAM)),
    }
    standaard_sort = "start"
    kolommen = (
        Kolom("Leerling", "naam"),
        Kolom("Opleiding", "opleiding"),
        Kolom("Start", "start"),
        Kolom("Melden uiterlijk"),
        Kolom("Vastleggen"),
    )

    class Meta:
        model = Aanmelding
        fields = ()

    def filter_zoek(self, qs, name, value):
        return _zoek_leerling(qs, value)


class OpleidingFilterSet(LijstFilterSet):
    zoek = django_filters.CharFilter(label="Zoek op naam of crebo", method="filter_zoek", max_length=100)
    niveau = django_filters.ChoiceFilter(label="Niveau", choices=NIVEAUS)
    leerweg = django_filters.ChoiceFilter(label="Leerweg", choices=Leerweg.choices)
    actief = django_filters.ChoiceFilter(
        label="Status", choices=[("ja", "open"), ("nee", "gesloten")], method="filter_actief"
    )

    sorteringen = {
        "crebo": Sortering("Crebo", ("crebo", "naam")),
        "naam": Sortering("Naam", ("naam", "niveau")),
        "niveau": Sortering("Niveau", ("niveau", "naam")),
        "start": Sortering("Start", ("startdatum", "naam")),
        "aanmeldingen": Sortering("Geldige aanmeldingen", ("aantal_geldig", "naam")),
        "status": Sortering("Status", ("-actief", "naam", "niveau")),
    }
    standaard_sort = "status"
    kolommen = (
        Kolom("Crebo", "crebo"),
        Kolom("Naam", "naam"),
        Kolom("Niveau", "niveau"),
        Kolom("Leerweg"),
        Kolom("Locatie"),
        Kolom("Start", "start"),
        Kolom("Capaciteit"),
        Kolom("Geldige aanmeldingen", "aanmeldingen"),
        Kolom("Status", "status"),
        Kolom("Acties"),
    )

    class Meta:
        model = Opleiding
        fields = ()

    def filter_zoek(self, qs, name, value):
        value = value.strip()
        return qs.filter(Q(naam__icontains=value) | Q(crebo=value)) if value else qs

    def filter_actief(self, qs, name, value):
        return qs.filter(actief=(value == "ja"))
