"""Search, filters, facet counts and sorting for pupil lists (school, mbo and municipality alike).

The form is a plain GET form: it works without JavaScript and htmx only swaps the result.
`filter_leerlingen()` takes an already scoped queryset (a selector's), so a filter can only
narrow what the user may see. Every facet count is one grouped query on the set filtered by
all *other* filters, so the page costs a fixed number of queries whatever the row count.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django import forms
from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from aanmelding.models import Aanmelding
from aanmelding.selectors import leerlingen_zonder_aanmelding
from aanmelding.status import Status
from doorstroom.models import FormulierStatus
from voroc import policy

from .models import DiplomaResultaat, EldersSoort, Leerweg

ALLE = [("", "Alle")]

FORMULIER_CHOICES = [
    ("niet_gestart", "niet gestart"),
    (FormulierStatus.CONCEPT, "concept"),
    (FormulierStatus.DEFINITIEF, "definitief"),
]
AANMELDING_CHOICES = [("geen", "nog geen aanmelding"), *Status.choices]
JA_NEE = [("ja", "ja"), ("nee", "nee")]
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
SORT_CHOICES = [(k, v[0]) for k, v in SORTS.items()] + [(f"-{k}", v[0]) for k, v in SORTS.items()]

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


class LeerlingFilterForm(forms.Form):
    q = forms.CharField(label="Zoek op naam, leerlingnummer of klas", required=False, max_length=100)
    klas = forms.CharField(label="Klas", required=False, max_length=20, widget=forms.Select)
    leerweg = forms.ChoiceField(label="Leerweg", required=False, choices=ALLE + Leerweg.choices)
    mentor = forms.RegexField(label="Mentor", required=False, regex=r"^([0-9]{1,10}|geen)$", widget=forms.Select)
    formulier = forms.ChoiceField(label="Doorstroomformulier", required=False, choices=ALLE + FORMULIER_CHOICES)
    aanmelding = forms.ChoiceField(label="Aanmelding", required=False, choices=ALLE + AANMELDING_CHOICES)
    risico = forms.ChoiceField(label="Risicoleerling", required=False, choices=ALLE + JA_NEE)
    diploma = forms.ChoiceField(label="Diplomaresultaat", required=False, choices=ALLE + DiplomaResultaat.choices)
    elders = forms.ChoiceField(label="Elders", required=False, choices=ALLE + ELDERS_CHOICES)
    sort = forms.ChoiceField(label="Sorteren", required=False, choices=SORT_CHOICES, widget=forms.HiddenInput)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name, deel in DEEL.items():
            if user is not None and not policy.ziet_ergens(user, deel):
                del self.fields[name]

    def values(self) -> dict[str, str]:
        """The valid filter values; an invalid field is ignored (and shown as an error)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: data.get(name) or "" for name in self.fields if name not in self.errors}

    def set_counts(self, counts: dict[str, dict[str, int]], labels: dict[str, dict[str, str]]) -> None:
        """Put the facet counts in the option labels: "4A (23)"."""
        for name in FACETS:
            if name not in self.fields:
                continue
            field_ = self.fields[name]
            facet = counts.get(name, {})
            if name == "klas":
                known = {k: k for k in sorted(facet)}
            elif name == "mentor":
                known = labels.get("mentor", {})
                known = {k: known.get(k, k) for k in sorted(facet, key=lambda k: (k == "geen", str(known.get(k, k))))}
            else:
                known = {k: v for k, v in field_.choices if k}
            current = str(self.data.get(name, "") or "")
            if current and current not in known and name not in self.errors:
                known[current] = current
            options = [("", "Alle"), *((k, f"{v} ({facet.get(k, 0)})") for k, v in known.items())]
            field_.widget.choices = options


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


def _apply_one(qs: QuerySet, name: str, value: str, user) -> QuerySet:
    if not value:
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


def _grouped(qs: QuerySet, field_name: str) -> dict[str, int]:
    rows = qs.order_by().values(field_name).annotate(n=Count("pk"))
    return {("" if r[field_name] is None else str(r[field_name])): r["n"] for r in rows}


def facet_counts(base: QuerySet, values: dict[str, str], user) -> tuple[dict, dict]:
    """Per facet, {option value: number of pupils}; and labels for options not known in advance."""
    counts: dict[str, dict[str, int]] = {}
    labels: dict[str, dict[str, str]] = {"mentor": {"geen": "geen mentor"}}
    for name in FACETS:
        if name in DEEL and not policy.ziet_ergens(user, DEEL[name]):
            continue
        qs = zichtbaar(apply_filters(base, values, user, skip=name), name, user)
        if name in ("klas", "leerweg"):
            counts[name] = _grouped(qs, name)
        elif name == "diploma":
            counts[name] = _grouped(qs, "diploma_resultaat")
        elif name == "mentor":
            rows = qs.order_by().values("mentor_id", "mentor__naam").annotate(n=Count("pk"))
            counts[name] = {}
            for r in rows:
                key = "geen" if r["mentor_id"] is None else str(r["mentor_id"])
                counts[name][key] = r["n"]
                if r["mentor_id"] is not None:
                    labels["mentor"][key] = r["mentor__naam"]
        elif name == "formulier":
            counts[name] = qs.aggregate(
                niet_gestart=Count("pk", filter=Q(doorstroomformulier__isnull=True)),
                concept=Count("pk", filter=Q(doorstroomformulier__status=FormulierStatus.CONCEPT)),
                definitief=Count("pk", filter=Q(doorstroomformulier__status=FormulierStatus.DEFINITIEF)),
            )
        elif name == "risico":
            counts[name] = qs.aggregate(ja=Count("pk", filter=Q(risico=True)), nee=Count("pk", filter=Q(risico=False)))
        elif name == "elders":
            grouped = _grouped(qs, "elders__soort")
            geen = grouped.pop("", 0)
            counts[name] = {"ja": sum(grouped.values()), "nee": geen, **grouped}
        elif name == "aanmelding":
            per_status = (
                Aanmelding.objects.for_user(user)
                .filter(leerling__in=qs.values("pk"))
                .order_by()
                .values("status")
                .annotate(n=Count("leerling_id", distinct=True))
            )
            counts[name] = {r["status"]: r["n"] for r in per_status}
            counts[name]["geen"] = leerlingen_zonder_aanmelding(qs, user=user).count()
    return counts, labels


def order(qs: QuerySet, sort: str, user=None) -> QuerySet:
    key = sort.lstrip("-")
    if key not in SORTS or (key in DEEL and user is not None and not policy.ziet_altijd(user, DEEL[key])):
        return qs
    fields = SORTS[key][1]
    if sort.startswith("-"):
        fields = tuple(f"-{f}" for f in fields)
    return qs.order_by(*fields)


@dataclass
class Filtered:
    form: LeerlingFilterForm
    queryset: QuerySet
    values: dict[str, str]
    counts: dict = field(default_factory=dict)
    actief: bool = False  # any filter or search set

    def kolommen(self) -> list[dict]:
        """Sortable column headers: key, label, next sort value and aria-sort."""
        current = self.values.get("sort") or "naam"
        result = []
        for key, (label, _fields) in SORTS.items():
            ascending = current == key
            descending = current == f"-{key}"
            result.append(
                {
                    "key": key,
                    "label": label,
                    "next": f"-{key}" if ascending else key,
                    "aria": "ascending" if ascending else "descending" if descending else "none",
                }
            )
        return result


def filter_leerlingen(base: QuerySet, data, user, *, with_counts: bool = True) -> Filtered:
    """Apply the GET filters in `data` to the scoped queryset `base`."""
    form = LeerlingFilterForm(data, user=user)
    values = form.values()
    qs = order(apply_filters(base, values, user), values.get("sort", ""), user)
    counts = {}
    if with_counts:
        counts, labels = facet_counts(base, values, user)
        form.set_counts(counts, labels)
    actief = any(v for k, v in values.items() if k != "sort")
    return Filtered(form=form, queryset=qs, values=values, counts=counts, actief=actief)
