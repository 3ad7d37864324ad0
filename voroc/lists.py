"""Every list page the same way: a django-filter FilterSet on a scoped queryset, one sort
parameter, one page size, and the header data the table include renders.

A list's FilterSet subclasses `LijstFilterSet`. Its queryset is always the list's selector
(`for_user(user)` or a selector built on it), so a filter can only narrow what the user may see.
Sorting is one GET parameter, `sort`, whose value is a key of the FilterSet's `sorteringen`
(`-key` for descending); an unknown key is ignored and the list keeps its default order, so a
hand-edited address never gives an error page. Bad filter values are ignored the same way.

`lijst()` is what a view calls: it filters, sorts and pages, and returns what the templates
`includes/tabel.html` and `includes/paginering.html` need.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import django_filters
from django import forms
from django.core.paginator import Page, Paginator
from django.db.models import OrderBy, QuerySet

PAGE_SIZE = 50
SORT = "sort"

ALLE = "Alle"
STREEPJES = django_filters.conf.settings.EMPTY_CHOICE_LABEL
ZOEKVELDEN = ("q", "zoek")  # the free-text search of a list: an input of type "search"


@dataclass(frozen=True)
class Sortering:
    """One sortable column: its header text and the fields it orders by (a primary-key
    tiebreak is added, so paging never shows a row twice). A field is a name ("-naam" for
    descending) or an expression such as `F("x").asc(nulls_first=True)`."""

    label: str
    velden: tuple[str | OrderBy, ...]


def _omgekeerd(veld):
    if isinstance(veld, OrderBy):
        veld = veld.copy()
        veld.reverse_ordering()
        return veld
    return veld[1:] if veld.startswith("-") else f"-{veld}"


@dataclass(frozen=True)
class Kolom:
    """One column header: sortable when `sort` names a key of the FilterSet's `sorteringen`."""

    label: str
    sort: str | None = None


class SortFilter(django_filters.ChoiceFilter):
    """The whitelist: only the FilterSet's own keys, ascending or descending."""

    def __init__(self, *args, sorteringen: dict[str, Sortering], **kwargs):
        self.sorteringen = sorteringen
        choices = [(key, s.label) for key, s in sorteringen.items()]
        choices += [(f"-{key}", f"{s.label} (aflopend)") for key, s in sorteringen.items()]
        kwargs.setdefault("label", "Sorteren")
        kwargs.setdefault("empty_label", "standaard")
        super().__init__(*args, choices=choices, **kwargs)

    def ordering(self, value: str) -> tuple[str, ...]:
        sortering = self.sorteringen[value.lstrip("-")]
        velden = (*sortering.velden, "pk")
        if value.startswith("-"):
            return tuple(_omgekeerd(v) for v in velden)
        return velden

    def filter(self, qs, value):
        return qs.order_by(*self.ordering(value)) if value else qs


class LijstFilterSet(django_filters.FilterSet):
    """Base of every list's FilterSet.

    A subclass sets `sorteringen` (key -> Sortering), `standaard_sort` (a key, maybe with "-")
    and `kolommen` (the table's headers in order). The `sort` filter is added from them.
    """

    sorteringen: dict[str, Sortering] = {}
    standaard_sort: str = ""
    kolommen: tuple[Kolom, ...] = ()

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None, user=None):
        self.user = user if user is not None else getattr(request, "user", None)
        super().__init__(data, queryset, request=request, prefix=prefix)
        for filter_ in self.filters.values():
            # "Alle" instead of django-filter's dashes, unless the filter names its own. Set on
            # the filter: a form field's choices are fixed when the field is made.
            kiest = isinstance(filter_, django_filters.ChoiceFilter | django_filters.ModelChoiceFilter)
            if kiest and filter_.extra.get("empty_label", STREEPJES) == STREEPJES:
                filter_.extra["empty_label"] = ALLE
            if isinstance(filter_, django_filters.CharFilter) and filter_.field_name in ZOEKVELDEN:
                filter_.extra.setdefault("widget", forms.TextInput(attrs={"type": "search"}))
        if self.sorteringen:
            self.filters[SORT] = SortFilter(field_name=SORT, sorteringen=self.sorteringen)
            self.filters[SORT].model = self.queryset.model
            self.filters[SORT].parent = self

    def waarden(self) -> dict:
        """The valid filter values (an invalid one is left out, never an error page)."""
        if not self.is_bound:
            return {}
        self.errors  # noqa: B018 - validates the form
        return self.form.cleaned_data

    def huidige_sort(self) -> str:
        """The sort in force: the requested one when it is on the whitelist, else the default."""
        self.errors  # noqa: B018 - validates the form
        value = self.form.cleaned_data.get(SORT) if self.is_bound else ""
        return value or self.standaard_sort

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if self.sorteringen and not self.form.cleaned_data.get(SORT) and self.standaard_sort:
            queryset = self.filters[SORT].filter(queryset, self.standaard_sort)
        return queryset

    @property
    def qs(self):
        if not hasattr(self, "_qs"):
            qs = self.queryset.all()
            self.errors  # noqa: B018 - unbound forms are valid-less; filter_queryset reads cleaned_data
            qs = self.filter_queryset(qs) if self.is_bound else self._unbound(qs)
            self._qs = qs
        return self._qs

    def _unbound(self, qs: QuerySet) -> QuerySet:
        if self.sorteringen and self.standaard_sort:
            return self.filters[SORT].filter(qs, self.standaard_sort)
        return qs

    def actief(self) -> bool:
        """Whether any filter other than the sort is set (the page offers "Filters wissen")."""
        if not self.is_bound:
            return False
        self.errors  # noqa: B018
        return any(v not in (None, "", [], False) for k, v in self.form.cleaned_data.items() if k != SORT)

    def koppen(self) -> list[dict]:
        """The headers of the table include: label, sort key, the value a click sets, aria-sort."""
        huidig = self.huidige_sort()
        koppen = []
        for kolom in self.kolommen:
            sortable = kolom.sort in self.sorteringen
            kop = {"label": kolom.label, "key": kolom.sort if sortable else None, "next": "", "aria": ""}
            if sortable:
                if huidig == kolom.sort:
                    kop.update(next=f"-{kolom.sort}", aria="ascending")
                elif huidig == f"-{kolom.sort}":
                    kop.update(next=kolom.sort, aria="descending")
                else:
                    kop["next"] = kolom.sort
            koppen.append(kop)
        return koppen


@dataclass
class Lijst:
    filterset: LijstFilterSet
    page: Page
    koppen: list[dict] = field(default_factory=list)

    @property
    def form(self):
        return self.filterset.form

    @property
    def actief(self) -> bool:
        return self.filterset.actief()

    @property
    def sort(self) -> str:
        """The requested sort when it is on the whitelist (the filter form keeps it)."""
        fs = self.filterset
        if not fs.is_bound:
            return ""
        fs.errors  # noqa: B018 - validates the form
        return fs.form.cleaned_data.get(SORT) or ""

    @property
    def aantal(self) -> int:
        return self.page.paginator.count


def lijst(
    request,
    filterset_class: type[LijstFilterSet],
    queryset: QuerySet,
    *,
    per_page: int | None = None,
    rijen=None,
    **extra,
) -> Lijst:
    """Filter, sort and page `queryset` (already scoped to the user) by the request's GET.
    `rijen` may add what the rows show (annotations, prefetches) to the filtered queryset;
    `extra` goes to the FilterSet (choices that depend on the user, for instance)."""
    filterset = filterset_class(request.GET, queryset=queryset, request=request, **extra)
    qs = rijen(filterset.qs) if rijen else filterset.qs
    page = Paginator(qs, per_page or PAGE_SIZE).get_page(request.GET.get("page"))
    return Lijst(filterset=filterset, page=page, koppen=filterset.koppen())


def gefilterd(request, filterset_class: type[LijstFilterSet], queryset: QuerySet, **extra) -> QuerySet:
    """The same filter and sort without paging: what an export of the list writes."""
    return filterset_class(request.GET, queryset=queryset, request=request, **extra).qs
