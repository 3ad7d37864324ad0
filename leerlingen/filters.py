"""Search, filters, facet counts and sorting for the school's pupil list (voroc/lists.py).

The form is a plain GET form: it works without JavaScript and htmx only swaps the result.
`LeerlingFilterSet` starts from an already scoped queryset (a selector's), so a filter can only
narrow what the user may see. Every facet counts the set filtered by all *other* filters; the
facets without a value of their own share their queries (`facet_counts`), so the page costs a
fixed number of queries whatever the row count.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.core.validators import RegexValidator
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet

from aanmelding.models import Aanmelding
from aanmelding.selectors import heeft_levende_aanmelding, leerlingen_zonder_aanmelding
from aanmelding.status import Status
from doorstroom.models import FormulierStatus
from voroc import policy
from voroc.lists import SORT, Kolom, LijstFilterSet, Sortering

from .models import DiplomaResultaat, EldersSoort, Leerling, Leerweg

ALLE = [("", "Alle")]

FORMULIER_CHOICES = [
    ("niet_gestart", "niet gestart"),
    (FormulierStatus.CONCEPT, "concept"),
    (FormulierStatus.DEFINITIEF, "definitief"),
]
AANMELDING_CHOICES = [("geen", "nog geen aanmelding"), *Status.choices]
JA_NEE = [("ja", "ja"), ("nee", "nee")]
VERTROKKEN_CHOICES = [("ja", "alleen vertrokken leerlingen"), ("alle", "ook vertrokken leerlingen")]
ELDERS_CHOICES = [("ja", "met Elders-bestemming"), ("nee", "zonder Elders-bestemming"), *EldersSoort.choices]

# sort key -> (column label, ordering)
SORTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "naam": ("Naam", ("achternaam", "voornaam", "pk")),
    "leerlingnummer": ("Leerlingnummer", ("leerlingnummer", "pk")),
    "school": ("School", ("school__naam", "achternaam", "pk")),
    "klas": ("Klas", ("klas", "achternaam", "voornaam", "pk")),
    "leerweg": ("Leerweg", ("leerweg", "achternaam", "voornaam", "pk")),
    "mentor": ("Mentor", ("mentor__naam", "achternaam", "voornaam", "pk")),
    "woongemeente": ("Woongemeente", ("woongemeente__naam", "achternaam", "voornaam", "pk")),
    "formulier": ("Formulier", ("doorstroomformulier__status", "achternaam", "voornaam", "pk")),
    "diploma": ("Diploma", ("diploma_resultaat", "achternaam", "voornaam", "pk")),
}

FACETS = ("klas", "leerweg", "mentor", "formulier", "aanmelding", "risico", "diploma", "elders")

# Filters and sort keys on a part of the file: offered only to users who see that part of some
# pupil, and applied only to pupils of whom they see it (voroc.policy's visibility table).
DEEL = {
    "formulier": policy.Deel.FORMULIER,
    "aanmelding": policy.Deel.AANMELDINGEN,
    "risico": policy.Deel.RISICO,
    "diploma": policy.Deel.DIPLOMA,
    "elders": policy.Deel.ELDERS,
}


def _aanmeldingen(user):
    return Aanmelding.objects.for_user(user).filter(leerling=OuterRef("pk"))


def _zoek(qs: QuerySet, zoek: str) -> QuerySet:
    for word in zoek.split()[:5]:
        qs = qs.filter(
            Q(achternaam__icontains=word)
            | Q(voornaam__icontains=word)
            | Q(tussenvoegsel__iexact=word)
            | Q(leerlingnummer=word)
            | Q(klas__iexact=word)
        )
    return qs


def zichtbaar(qs: QuerySet, name: str, user) -> QuerySet:
    """Only pupils of whom the user sees the part the filter `name` is about."""
    deel = DEEL.get(name)
    if deel is None or policy.ziet_altijd(user, deel):
        return qs
    return qs.filter(policy.deel_q(user, deel))


def vertrokken_toepassen(qs: QuerySet, value: str, user) -> QuerySet:
    """The pupil list's base: pupils who left the school (`Leerling.vertrokken_op`) are off the
    list by default at the schools the user works for, and shown with the filter "vertrokken".
    The municipality (and an mbo) keeps seeing them: it follows the pupil, not the school."""
    if value == "alle":
        return qs
    vertrokken = Q(vertrokken_op__isnull=False) & Q(
        school_id__in=policy.organisaties(user, "leerlingen_alle_inzien")
        | policy.organisaties(user, "leerlingen_mentorgroep_inzien")
    )
    return qs.filter(vertrokken) if value == "ja" else qs.exclude(vertrokken)


def _apply_one(qs: QuerySet, name: str, value: str, user) -> QuerySet:
    if not value or name == "vertrokken":  # vertrokken: on the base, `vertrokken_toepassen`
        return qs
    qs = zichtbaar(qs, name, user)
    if name == "q":
        return _zoek(qs, value)
    if name in ("klas", "leerweg"):
        return qs.filter(**{name: value})
    if name == "mentor":
        return qs.filter(mentor__isnull=True) if value == "geen" else qs.filter(mentor_id=int(value))
    if name == "formulier":
        if value == "niet_gestart":
            return qs.filter(doorstroomformulier__isnull=True)
        return qs.filter(doorstroomformulier__status=value)
    if name == "aanmelding":
        if value == "geen":
            return leerlingen_zonder_aanmelding(qs, user=user)
        return qs.filter(Exists(_aanmeldingen(user).filter(status=value)))
    if name == "risico":
        return qs.filter(risico=(value == "ja"))
    if name == "diploma":
        return qs.filter(diploma_resultaat=value)
    if name == "elders":
        if value == "ja":
            return qs.filter(elders__isnull=False)
        if value == "nee":
            return qs.filter(elders__isnull=True)
        return qs.filter(elders__soort=value)
    return qs


def apply_filters(qs: QuerySet, values: dict[str, str], user, *, skip: str | None = None) -> QuerySet:
    for name, value in values.items():
        if name != skip and name != "sort":
            qs = _apply_one(qs, name, value, user)
    return qs


def _opties(name: str, user) -> dict[str, Q]:
    """The options of a facet whose values are known in advance, each as a filter on pupils."""
    if name == "leerweg":
        return {k: Q(leerweg=k) for k in Leerweg.values}
    if name == "diploma":
        return {k: Q(diploma_resultaat=k) for k in DiplomaResultaat.values}
    if name == "formulier":
        return {
            "niet_gestart": Q(doorstroomformulier__isnull=True),
            **{k: Q(doorstroomformulier__status=k) for k in (FormulierStatus.CONCEPT, FormulierStatus.DEFINITIEF)},
        }
    if name == "risico":
        return {"ja": Q(risico=True), "nee": Q(risico=False)}
    if name == "elders":
        return {"ja": Q(elders__isnull=False), "nee": Q(elders__isnull=True)} | {
            k: Q(elders__soort=k) for k in EldersSoort.values
        }
    if name == "aanmelding":  # per status: a grouped query on the applications (`_per_status`)
        return {"geen": ~Q(heeft_levende_aanmelding(user=user))}
    return {}


# Options that are counted even when no pupil has them (the others show "(0)" all the same).
ALTIJD = {"formulier", "risico", "elders:ja", "elders:nee", "aanmelding"}


def _zicht_q(name: str, user) -> Q:
    """`zichtbaar` as a filter: only pupils of whom the user sees the part facet `name` is about."""
    deel = DEEL.get(name)
    return Q() if deel is None or policy.ziet_altijd(user, deel) else policy.deel_q(user, deel)


def _per_status(qs: QuerySet, user) -> dict[str, int]:
    per_status = (
        Aanmelding.objects.for_user(user)
        .filter(leerling__in=qs.values("pk"))
        .order_by()
        .values("status")
        .annotate(n=Count("leerling_id", distinct=True))
    )
    return {r["status"]: r["n"] for r in per_status}


def _klas_mentor(qs: QuerySet, counts: dict, labels: dict, names) -> None:
    """The open-ended facets (class, mentor): one grouped query for both, summed per facet."""
    for name in names:
        counts[name] = {}
    rows = qs.order_by().values("klas", "mentor_id", "mentor__naam").annotate(n=Count("pk"))
    for r in rows:
        if "klas" in names:
            key = "" if r["klas"] is None else str(r["klas"])
            counts["klas"][key] = counts["klas"].get(key, 0) + r["n"]
        if "mentor" in names:
            key = "geen" if r["mentor_id"] is None else str(r["mentor_id"])
            counts["mentor"][key] = counts["mentor"].get(key, 0) + r["n"]
            if r["mentor_id"] is not None:
                labels["mentor"][key] = r["mentor__naam"]


def facet_counts(base: QuerySet, values: dict[str, str], user, *, only=FACETS) -> tuple[dict, dict]:
    """Per facet, {option value: number of pupils}; and labels for options not known in advance.

    Each facet counts the set filtered by all *other* filters. The facets without a value of their
    own all count the same set (every filter applied), so they share queries: one aggregate with a
    FILTER clause per option (the part's visibility in the clause), one grouped query for class and
    mentor together, one for the application statuses. A facet the user filters on has its own
    query on the set without that filter. Every facet once scanned the pupils on its own (bench/RESULTS.md).
    `only`: the facets to count (the start page's tiles need four)."""
    counts: dict[str, dict[str, int]] = {}
    labels: dict[str, dict[str, str]] = {"mentor": {"geen": "geen mentor"}}
    names = [n for n in FACETS if n in only and (n not in DEEL or policy.ziet_ergens(user, DEEL[n]))]
    samen = [n for n in names if not values.get(n)]
    alle = apply_filters(base, values, user)
    opties = {
        f"{name}:{key}": Count("pk", filter=q & _zicht_q(name, user))
        for name in samen
        for key, q in _opties(name, user).items()
    }
    if opties:
        for label, n in alle.order_by().aggregate(**opties).items():
            name, key = label.split(":", 1)
            if n or name in ALTIJD or label in ALTIJD:
                counts.setdefault(name, {})[key] = n
    if open_ended := [n for n in ("klas", "mentor") if n in samen]:
        _klas_mentor(alle, counts, labels, open_ended)
    if "aanmelding" in samen:
        counts["aanmelding"] = _per_status(zichtbaar(alle, "aanmelding", user), user) | counts.get("aanmelding", {})
    for name in names:
        if name in samen:
            counts.setdefault(name, {})
            continue
        qs = zichtbaar(apply_filters(base, values, user, skip=name), name, user)
        if name in ("klas", "mentor"):
            _klas_mentor(qs, counts, labels, [name])
        elif name == "aanmelding":
            counts[name] = _per_status(qs, user)
            counts[name]["geen"] = leerlingen_zonder_aanmelding(qs, user=user).count()
        else:
            aggregate = qs.order_by().aggregate(**{k: Count("pk", filter=q) for k, q in _opties(name, user).items()})
            counts[name] = {k: n for k, n in aggregate.items() if n or name in ALTIJD or f"{name}:{k}" in ALTIJD}
    return counts, labels


def _met_telling(field_, name: str, facet: dict, labels: dict, current: str, fout: bool) -> None:
    """Put the facet counts in the option labels: "4A (23)"."""
    if name == "klas":
        known = {k: k for k in sorted(facet)}
    elif name == "mentor":
        known = labels.get("mentor", {})
        known = {k: known.get(k, k) for k in sorted(facet, key=lambda k: (k == "geen", str(known.get(k, k))))}
    else:
        known = {k: v for k, v in field_.choices if k}
    if current and current not in known and not fout:
        known[current] = current
    field_.widget.choices = [("", ALLE[0][1]), *((k, f"{v} ({facet.get(k, 0)})") for k, v in known.items())]


class LeerlingFilterSet(LijstFilterSet):
    q = django_filters.CharFilter(label="Zoek op naam, leerlingnummer of klas", method="toepassen", max_length=100)
    klas = django_filters.CharFilter(label="Klas", method="toepassen", max_length=20, widget=forms.Select)
    leerweg = django_filters.ChoiceFilter(label="Leerweg", choices=Leerweg.choices, method="toepassen")
    mentor = django_filters.CharFilter(
        label="Mentor",
        method="toepassen",
        widget=forms.Select,
        validators=[RegexValidator(r"^([0-9]{1,10}|geen)$", "Selecteer een geldige keuze.")],
    )
    formulier = django_filters.ChoiceFilter(label="Doorstroomformulier", choices=FORMULIER_CHOICES, method="toepassen")
    aanmelding = django_filters.ChoiceFilter(label="Aanmelding", choices=AANMELDING_CHOICES, method="toepassen")
    risico = django_filters.ChoiceFilter(label="Risicoleerling", choices=JA_NEE, method="toepassen")
    diploma = django_filters.ChoiceFilter(
        label="Diplomaresultaat", choices=DiplomaResultaat.choices, method="toepassen"
    )
    elders = django_filters.ChoiceFilter(label="Elders", choices=ELDERS_CHOICES, method="toepassen")
    vertrokken = django_filters.ChoiceFilter(
        label="Vertrokken van school",
        choices=VERTROKKEN_CHOICES,
        empty_label="zonder vertrokken leerlingen",
        method="toepassen",
    )

    sorteringen = {key: Sortering(label, velden) for key, (label, velden) in SORTS.items()}
    standaard_sort = "naam"
    kolommen = (
        *(Kolom(label, key) for key, (label, _v) in SORTS.items() if key not in ("formulier", "diploma")),
        Kolom("Formulier", "formulier"),
        Kolom("Aanmeldingen"),
        Kolom("Diploma", "diploma"),
    )

    class Meta:
        model = Leerling
        fields = ()

    def __init__(self, *args, **kwargs):
        user = kwargs.get("user") or getattr(kwargs.get("request"), "user", None)
        # A sort on a part of the file only for users who see that part of every pupil listed.
        self.sorteringen = {
            key: s
            for key, s in type(self).sorteringen.items()
            if key not in DEEL or user is None or policy.ziet_altijd(user, DEEL[key])
        }
        super().__init__(*args, **kwargs)
        # A filter on a part of the file only for users who see that part of some pupil.
        for name, deel in DEEL.items():
            if user is not None and not policy.ziet_ergens(user, deel):
                del self.filters[name]

    def toepassen(self, qs, name, value):
        return _apply_one(qs, name, value, self.user)

    def values(self) -> dict[str, str]:
        """The valid filter values as strings (an invalid one is left out and shown as an error)."""
        data = self.waarden()
        return {name: data.get(name) or "" for name in self.filters if name not in self.form.errors}

    def facetten(self) -> dict:
        """Count every facet and show the counts in the form's options."""
        values = {k: v for k, v in self.values().items() if k != SORT}
        counts, labels = facet_counts(self.queryset, values, self.user)
        for name in FACETS:
            if name in self.form.fields:
                current = str(self.data.get(name, "") or "") if self.is_bound else ""
                _met_telling(
                    self.form.fields[name], name, counts.get(name, {}), labels, current, name in self.form.errors
                )
        return counts


class JuniFilterSet(LijstFilterSet):
    """The June check: pupils without a positive placement or an Elders destination."""

    q = django_filters.CharFilter(label="Zoek op naam, leerlingnummer of klas", method="zoek", max_length=100)
    klas = django_filters.CharFilter(label="Klas", max_length=20)
    diploma = django_filters.ChoiceFilter(label="Diplomaresultaat", choices=DiplomaResultaat.choices)

    sorteringen = {
        "naam": Sortering("Leerling", ("achternaam", "voornaam")),
        "klas": Sortering("Klas", ("klas", "achternaam", "voornaam")),
        "diploma": Sortering("Diploma", ("diploma_resultaat", "achternaam", "voornaam")),
    }
    standaard_sort = "klas"
    kolommen = (
        Kolom("Leerling", "naam"),
        Kolom("Klas", "klas"),
        Kolom("Aanmeldingen"),
        Kolom("Diploma", "diploma"),
        Kolom("Actie"),
    )

    class Meta:
        model = Leerling
        fields = ()

    def zoek(self, qs, name, value):
        return _zoek(qs, value)


MENTOR_KEUZES = [("geen", "zonder mentor"), ("met", "met mentor")]


class MentorFilterSet(LijstFilterSet):
    """Assigning mentors: the pupils the user may edit, narrowed to a class or to those without a
    mentor; the class choices are the classes of the list (one query)."""

    q = django_filters.CharFilter(label="Zoek op naam, leerlingnummer of klas", method="zoek", max_length=100)
    klas = django_filters.ChoiceFilter(label="Klas", choices=[])
    mentor = django_filters.ChoiceFilter(label="Mentor", choices=MENTOR_KEUZES, method="filter_mentor")

    sorteringen = {
        "naam": Sortering("Leerling", ("achternaam", "voornaam")),
        "klas": Sortering("Klas", ("klas", "achternaam", "voornaam")),
        "mentor": Sortering("Mentor nu", (F("mentor__naam").asc(nulls_first=True), "achternaam", "voornaam")),
    }
    standaard_sort = "klas"
    kolommen = (Kolom("Leerling", "naam"), Kolom("Klas", "klas"), Kolom("Mentor nu", "mentor"))

    class Meta:
        model = Leerling
        fields = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        klassen = self.queryset.order_by("klas").values_list("klas", flat=True).distinct()[:200]
        self.filters["klas"].extra["choices"] = [(k, k) for k in klassen if k]

    def zoek(self, qs, name, value):
        return _zoek(qs, value)

    def filter_mentor(self, qs, name, value):
        return qs.filter(mentor__isnull=(value == "geen"))
