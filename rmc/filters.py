"""The municipality's lists and "mijn meldingen" (voroc/lists.py).

For the overview and the meldingen inbox the FilterSet only validates the query string; the
filtering itself stays in the selector (`overzicht_filteren`, `meldingen_filteren`), which the
facet counts share, so the counts and the rows never disagree.
"""

import django_filters
from django import forms
from django.db.models import Q

from leerlingen.models import DiplomaResultaat, EldersSoort, Leerling, Leerweg
from voroc import policy
from voroc.lists import Kolom, LijstFilterSet, Sortering

from . import selectors
from .models import Melding, MeldingSoort, MeldingStatus, Verhuizing

NAAM = ("achternaam", "voornaam")


def _zoek_leerling(qs, value, prefix="leerling__"):
    for word in value.split()[:5]:
        qs = qs.filter(Q(**{f"{prefix}achternaam__icontains": word}) | Q(**{f"{prefix}voornaam__icontains": word}))
    return qs


def _niets(qs, name, value):
    """Filters applied by the selector in `filter_queryset`, not one by one."""
    return qs


class OverzichtFilterSet(LijstFilterSet):
    q = django_filters.CharFilter(label="Zoek op naam of leerlingnummer", method=_niets, max_length=100)
    toestand = django_filters.ChoiceFilter(label="Stand van zaken", choices=selectors.Toestand.choices, method=_niets)
    school = django_filters.ModelChoiceFilter(label="School", queryset=None, method=_niets)
    leerweg = django_filters.ChoiceFilter(label="Leerweg", choices=Leerweg.choices, method=_niets)
    elders = django_filters.ChoiceFilter(label="Elders", choices=EldersSoort.choices, method=_niets)
    diploma = django_filters.ChoiceFilter(label="Diplomaresultaat", choices=DiplomaResultaat.choices, method=_niets)
    risico = django_filters.BooleanFilter(
        label="alleen risicoleerlingen",
        method=_niets,
        widget=forms.CheckboxInput(attrs={"value": "1"}),
    )

    sorteringen = {
        "naam": Sortering("Naam", NAAM),
        "school": Sortering("School", ("school__naam", "klas", *NAAM)),
        "leerweg": Sortering("Leerweg", ("leerweg", *NAAM)),
        "toestand": Sortering("Stand van zaken", ("toestand", *NAAM)),
        "diploma": Sortering("Diploma", ("diploma_resultaat", *NAAM)),
    }
    standaard_sort = "naam"
    kolommen = (
        Kolom("Naam", "naam"),
        Kolom("Persoonsnummer"),
        Kolom("School", "school"),
        Kolom("Leerweg", "leerweg"),
        Kolom("Stand van zaken", "toestand"),
        Kolom("Aanmeldingen"),
        Kolom("Diploma", "diploma"),
        Kolom("Begeleiding"),
    )

    class Meta:
        model = Leerling
        fields = ()

    def __init__(self, *args, scholen=None, zonder_bestemming=False, **kwargs):
        self.zonder_bestemming = zonder_bestemming
        super().__init__(*args, **kwargs)
        self.filters["school"].queryset = scholen if scholen is not None else self.queryset.none()

    def overzicht_filters(self) -> selectors.OverzichtFilters:
        """The valid values as the selector's filters (an invalid value is left out)."""
        data = self.waarden()
        school = data.get("school")
        return selectors.OverzichtFilters(
            zoek=(data.get("q") or "").strip(),
            toestand=data.get("toestand") or "",
            school=school.pk if school else None,
            leerweg=data.get("leerweg") or "",
            elders=data.get("elders") or "",
            diploma=data.get("diploma") or "",
            risico=bool(data.get("risico")),
            zonder_bestemming=self.zonder_bestemming,
        )

    def filter_queryset(self, queryset):
        queryset = selectors.overzicht_filteren(queryset, filters=self.overzicht_filters())
        return super().filter_queryset(queryset)


# Short labels in the filter; the rows say it in full ("niet verschenen op het mbo").
SOORTEN = [(MeldingSoort.RISICO, "risicoleerling"), (MeldingSoort.NIET_VERSCHENEN, "niet verschenen")]
MELDING_STATUS = [*MeldingStatus.choices, ("alle", "alle")]
BEHANDELAAR = [("mij", "ik"), ("niemand", "nog niemand")]


class MeldingFilterSet(LijstFilterSet):
    """The municipality's inbox. Without a status it shows what is not closed yet."""

    q = django_filters.CharFilter(label="Zoek op naam van de leerling", method=_niets, max_length=100)
    status = django_filters.ChoiceFilter(
        label="Status", choices=MELDING_STATUS, method=_niets, empty_label="nog niet afgesloten"
    )
    soort = django_filters.ChoiceFilter(label="Soort", choices=SOORTEN, method=_niets)
    behandelaar = django_filters.ChoiceFilter(
        label="Behandelaar", choices=BEHANDELAAR, method=_niets, empty_label="iedereen"
    )

    sorteringen = {
        "ontvangen": Sortering("Ontvangen", ("aangemaakt",)),
        "soort": Sortering("Soort", ("soort", "-aangemaakt")),
        "leerling": Sortering("Leerling", ("leerling__achternaam", "leerling__voornaam")),
        "status": Sortering("Status", ("status", "-aangemaakt")),
    }
    standaard_sort = "-ontvangen"
    kolommen = (
        Kolom("Ontvangen", "ontvangen"),
        Kolom("Soort", "soort"),
        Kolom("Leerling", "leerling"),
        Kolom("Gemeld door"),
        Kolom("Reden"),
        Kolom("Status", "status"),
        Kolom("Behandelaar"),
    )

    class Meta:
        model = Melding
        fields = ()

    def melding_filters(self) -> selectors.MeldingFilters:
        data = self.waarden()
        return selectors.MeldingFilters(
            status=data.get("status") or "",
            soort=data.get("soort") or "",
            behandelaar=data.get("behandelaar") or "",
            zoek=(data.get("q") or "").strip(),
        )

    def filter_queryset(self, queryset):
        queryset = selectors.meldingen_filteren(queryset, user=self.user, filters=self.melding_filters())
        return super().filter_queryset(queryset)


class MijnMeldingFilterSet(LijstFilterSet):
    """The meldingen of the user's own school or institution."""

    q = django_filters.CharFilter(label="Zoek op naam van de leerling", method="zoek", max_length=100)
    status = django_filters.ChoiceFilter(label="Status", choices=MeldingStatus.choices)
    soort = django_filters.ChoiceFilter(label="Soort", choices=SOORTEN)

    sorteringen = {
        "gemeld": Sortering("Gemeld op", ("aangemaakt",)),
        "soort": Sortering("Soort", ("soort", "-aangemaakt")),
        "leerling": Sortering("Leerling", ("leerling__achternaam", "leerling__voornaam")),
        "status": Sortering("Status", ("status", "-aangemaakt")),
        "bijgewerkt": Sortering("Bijgewerkt", ("gewijzigd",)),
    }
    standaard_sort = "-gemeld"
    kolommen = (
        Kolom("Gemeld op", "gemeld"),
        Kolom("Soort", "soort"),
        Kolom("Leerling", "leerling"),
        Kolom("Reden"),
        Kolom("Gemeld door"),
        Kolom("Status", "status"),
        Kolom("Bijgewerkt", "bijgewerkt"),
    )

    class Meta:
        model = Melding
        fields = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The kind names risk meldingen: offered only to who sees the risk part of some pupil
        # (an mbo only ever made no-show meldingen and is not told what else exists).
        if self.user is not None and not policy.ziet_ergens(self.user, policy.Deel.RISICO):
            del self.filters["soort"]

    def zoek(self, qs, name, value):
        return _zoek_leerling(qs, value)


RICHTING = [("naar", "naar uw gemeente"), ("van", "uit uw gemeente vertrokken")]


class VerhuizingFilterSet(LijstFilterSet):
    q = django_filters.CharFilter(label="Zoek op naam van de leerling", method="zoek", max_length=100)
    richting = django_filters.ChoiceFilter(label="Richting", choices=RICHTING, method="filter_richting")

    sorteringen = {
        "datum": Sortering("Datum", ("datum",)),
        "leerling": Sortering("Leerling", ("leerling__achternaam", "leerling__voornaam")),
        "van": Sortering("Van", ("van_gemeente__naam", "-datum")),
        "naar": Sortering("Naar", ("naar_gemeente__naam", "-datum")),
    }
    standaard_sort = "-datum"
    kolommen = (
        Kolom("Datum", "datum"),
        Kolom("Leerling", "leerling"),
        Kolom("Van", "van"),
        Kolom("Naar", "naar"),
        Kolom("Vastgelegd door"),
    )

    class Meta:
        model = Verhuizing
        fields = ()

    def zoek(self, qs, name, value):
        return _zoek_leerling(qs, value)

    def filter_richting(self, qs, name, value):
        # The selector marks the moves whose pupil lives in the user's municipality now.
        return qs.filter(dossier_zichtbaar=(value == "naar"))
