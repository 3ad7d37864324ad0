"""Reads for the municipality (and the 'mijn meldingen' list of schools and mbo), always scoped
through `for_user` and built to cost a fixed number of queries whatever the row count."""

import datetime
from dataclasses import dataclass, field

from django.db import models
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    IntegerField,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from aanmelding.models import Aanmelding
from aanmelding.status import Status
from leerlingen.models import DiplomaResultaat, Elders, EldersSoort, Leerling, Schooljaar, overgang_lopend_q
from leerlingen.selectors import van_schooljaar
from voroc import policy
from voroc.accounts.models import Organisatie

from .models import Contactmoment, Melding, MeldingGebeurtenis, MeldingStatus, Traject, Verhuizing


class Toestand(models.TextChoices):
    """Where a pupil stands, one state per pupil, in this order of precedence."""

    GEPLAATST = "geplaatst", "geplaatst"
    VOORWAARDELIJK = "voorwaardelijk", "voorwaardelijk geplaatst"
    ELDERS = "elders", "Elders"
    AANGEMELD = "aangemeld", "aangemeld, wacht op besluit"
    AFGEWEZEN = "afgewezen", "afgewezen, uitgeloot of op een wachtlijst"
    GEEN_AANMELDING = "geen_aanmelding", "nog geen aanmelding"


GEPLAATST_STATUSSEN = (Status.GEPLAATST, Status.INGESCHREVEN, Status.GESTART)
LOPEND_STATUSSEN = (Status.AANGEMELD, Status.IN_BEHANDELING, Status.INTAKE_GEPLAND, Status.INTAKE_GEHAD)
NEGATIEF_STATUSSEN = (Status.AFGEWEZEN, Status.UITGELOOT, Status.WACHTLIJST, Status.NIET_VERSCHENEN)
MET_BESTEMMING = (Toestand.GEPLAATST, Toestand.VOORWAARDELIJK, Toestand.ELDERS)


# Rank of an application's status for the state; the lowest rank of a pupil's applications wins.
# Elders sits between 2 and 4 in the precedence, so it is not a rank of an application.
RANG = {
    Toestand.GEPLAATST: (1, GEPLAATST_STATUSSEN),
    Toestand.VOORWAARDELIJK: (2, (Status.VOORWAARDELIJK_GEPLAATST,)),
    Toestand.AANGEMELD: (4, LOPEND_STATUSSEN),
    Toestand.AFGEWEZEN: (5, NEGATIEF_STATUSSEN),
}


def _rang(pad: str = "") -> Min:
    """The lowest rank among the applications aggregated (`pad` leads from the row to them);
    NULL when none ranks (no application, or only concepts and withdrawn ones)."""
    return Min(
        Case(
            *(When(**{f"{pad}status__in": statussen}, then=Value(n)) for n, statussen in RANG.values()),
            output_field=IntegerField(),
        )
    )


def _toestand(rang: str, elders) -> Case:
    """The state from the rank annotation named `rang` and the condition `elders`."""

    def is_(toestand):
        return Q(**{rang: RANG[toestand][0]})

    return Case(
        When(is_(Toestand.GEPLAATST), then=Value(Toestand.GEPLAATST.value)),
        When(is_(Toestand.VOORWAARDELIJK), then=Value(Toestand.VOORWAARDELIJK.value)),
        When(elders, then=Value(Toestand.ELDERS.value)),
        When(is_(Toestand.AANGEMELD), then=Value(Toestand.AANGEMELD.value)),
        When(is_(Toestand.AFGEWEZEN), then=Value(Toestand.AFGEWEZEN.value)),
        default=Value(Toestand.GEEN_AANMELDING.value),
        output_field=CharField(),
    )


def met_toestand(qs: QuerySet[Leerling]) -> QuerySet[Leerling]:
    """Annotate each pupil with its `toestand`: one subquery per pupil that aggregates the
    pupil's applications (the lowest rank, through the index on the pupil) and names
    the state. PostgreSQL runs it only for the rows it returns, so a page of 50 in name order
    costs 50 small lookups, not the whole municipality. (It replaces an EXISTS per state, which
    PostgreSQL ran as hashed sub-plans over every application in the country.)"""
    elders = Exists(Elders.objects.filter(leerling_id=OuterRef("leerling_id")))
    per_leerling = (
        Aanmelding.objects.filter(leerling_id=OuterRef("pk"))
        .order_by()
        .values("leerling_id")
        .annotate(rang=_rang())
        .annotate(t=_toestand("rang", elders))
        .values("t")
    )
    zonder_aanmelding = Case(
        When(elders__isnull=False, then=Value(Toestand.ELDERS.value)),
        default=Value(Toestand.GEEN_AANMELDING.value),
        output_field=CharField(),
    )
    return qs.annotate(toestand=Coalesce(Subquery(per_leerling, output_field=CharField()), zonder_aanmelding))


def met_toestand_gegroepeerd(qs: QuerySet[Leerling]) -> QuerySet[Leerling]:
    """The same state for counting every pupil at once: one MIN over the joined applications in
    a GROUP BY on the pupil (one pass over the applications instead of a lookup per pupil)."""
    return qs.annotate(toestand_rang=_rang("aanmeldingen__")).annotate(
        toestand=_toestand("toestand_rang", Q(elders__isnull=False))
    )


@dataclass
class OverzichtFilters:
    zoek: str = ""
    toestand: str = ""
    school: int | None = None
    leerweg: str = ""
    elders: str = ""
    diploma: str = ""
    risico: bool = False
    zonder_bestemming: bool = False


def gemeente_leerlingen(*, user, schooljaar: Schooljaar | None) -> QuerySet[Leerling]:
    """Every pupil living in one of the user's municipalities in the school year (scoped by for_user)."""
    qs = Leerling.objects.for_user(user).filter(policy.leerling_gemeente_q(user))
    if schooljaar is None:
        return qs.none()
    return qs.werkvoorraad(schooljaar, gemeente=True)


def _apply_filters(qs: QuerySet[Leerling], f: OverzichtFilters, *, with_toestand: bool = True) -> QuerySet[Leerling]:
    if f.zoek:
        qs = qs.filter(Q(achternaam__icontains=f.zoek) | Q(voornaam__icontains=f.zoek) | Q(leerlingnummer=f.zoek))
    if f.school:
        qs = qs.filter(school_id=f.school)
    if f.leerweg:
        qs = qs.filter(leerweg=f.leerweg)
    if f.elders:
        qs = qs.filter(elders__soort=f.elders)
    if f.diploma:
        qs = qs.filter(diploma_resultaat=f.diploma)
    if f.risico:
        qs = qs.filter(risico=True)
    if f.zonder_bestemming:
        qs = qs.exclude(toestand__in=MET_BESTEMMING)
    if with_toestand and f.toestand:
        qs = qs.filter(toestand=f.toestand)
    return qs


def overzicht_rows(*, user, schooljaar, filters: OverzichtFilters) -> QuerySet[Leerling]:
    return overzicht_filteren(met_toestand(gemeente_leerlingen(user=user, schooljaar=schooljaar)), filters=filters)


def overzicht_filteren(qs: QuerySet[Leerling], *, filters: OverzichtFilters) -> QuerySet[Leerling]:
    """The overview's filters on pupils already scoped and annotated (`met_toestand`); the list's
    FilterSet (rmc/filters.py) validates the query string and calls this."""
    qs = _apply_filters(qs, filters)
    qs = qs.order_by("achternaam", "voornaam", "pk")  # the (schooljaar, woongemeente, name) index
    return qs.select_related("school", "elders").prefetch_related(
        Prefetch(
            "aanmeldingen",
            queryset=Aanmelding.objects.exclude(status=Status.CONCEPT)
            .select_related("opleiding__instelling")
            .order_by("keuze", "pk"),
            to_attr="verzonden_aanmeldingen",
        )
    )


@dataclass
class OverzichtTellingen:
    totaal: int = 0
    per_toestand: dict = field(default_factory=dict)
    zonder_bestemming: int = 0
    risico: int = 0
    geen_diploma: int = 0
    elders_per_soort: list = field(default_factory=list)

    def toestanden(self):
        """(value, label, count) for every state, in order of precedence."""
        return [(t.value, t.label, self.per_toestand.get(t.value, 0)) for t in Toestand]


def overzicht_tellingen(*, user, schooljaar, filters: OverzichtFilters) -> OverzichtTellingen:
    """Counts per state, flag and Elders kind with every filter except the state itself, in one
    query (one aggregate with a filter per count over the pupils with their state)."""
    base = _apply_filters(
        met_toestand_gegroepeerd(gemeente_leerlingen(user=user, schooljaar=schooljaar)), filters, with_toestand=False
    )
    counts = {f"t_{t.value}": Count("pk", filter=Q(toestand=t.value)) for t in Toestand}
    # One destination per pupil: a placed pupil with an Elders destination as well counts as placed
    # only, so the Elders kinds add up to the Elders state.
    counts |= {
        f"e_{s.value}": Count("pk", filter=Q(elders__soort=s.value, toestand=Toestand.ELDERS)) for s in EldersSoort
    }
    row = base.order_by().aggregate(
        risico=Count("pk", filter=Q(risico=True)),
        geen_diploma=Count("pk", filter=Q(diploma_resultaat=DiplomaResultaat.GEZAKT)),
        **counts,
    )
    per_toestand = {t.value: row[f"t_{t.value}"] for t in Toestand if row[f"t_{t.value}"]}
    totaal = sum(per_toestand.values())
    return OverzichtTellingen(
        totaal=totaal,
        per_toestand=per_toestand,
        zonder_bestemming=totaal - sum(per_toestand.get(t.value, 0) for t in MET_BESTEMMING),
        risico=row["risico"] or 0,
        geen_diploma=row["geen_diploma"] or 0,
        elders_per_soort=[(s.value, s.label, row[f"e_{s.value}"]) for s in EldersSoort if row[f"e_{s.value}"]],
    )


def overzicht_scholen(*, user, schooljaar) -> QuerySet[Organisatie]:
    """Schools attended by pupils of the municipality (for the school filter)."""
    ids = gemeente_leerlingen(user=user, schooljaar=schooljaar).values("school_id")
    return Organisatie.objects.filter(pk__in=ids).order_by("naam")


def gemeente_leerling_get(*, user, pk: int) -> Leerling:
    """A pupil living in one of the user's municipalities, or 404 (guidance pages)."""
    return get_object_or_404(
        Leerling.objects.for_user(user)
        .filter(policy.leerling_gemeente_q(user))
        .select_related("schooljaar", "school", "woongemeente", "elders"),
        pk=pk,
    )


def leerling_voor_melding_get(*, user, pk: int) -> Leerling:
    """A pupil in the user's scope, for the school's risk melding form."""
    return get_object_or_404(Leerling.objects.for_user(user).select_related("school", "woongemeente"), pk=pk)


# --- Meldingen --------------------------------------------------------------------------------


@dataclass
class MeldingFilters:
    status: str = ""  # "" = not closed (the working inbox) | "alle" | a MeldingStatus
    soort: str = ""
    behandelaar: str = ""  # "" | "mij" | "niemand"
    zoek: str = ""


def meldingen_van_jaar(qs: QuerySet[Melding], schooljaar: Schooljaar | None) -> QuerySet[Melding]:
    """The meldingen of a school year: a melding belongs to its pupil's year. The active year keeps
    the earlier years' meldingen that are not closed yet; an inactive year chosen on purpose shows
    just that year."""
    return van_schooljaar(qs, schooljaar, lopend=~Q(status=MeldingStatus.AFGESLOTEN))


def meldingen_inbox(*, user, filters: MeldingFilters, schooljaar: Schooljaar | None = None) -> QuerySet[Melding]:
    """Meldingen about pupils living in the user's municipalities (not the ones the user made), of
    the school year (`meldingen_van_jaar`; without a year: all)."""
    qs = meldingen_van_jaar(Melding.objects.for_user(user).filter(policy.melding_inbox_q(user)), schooljaar)
    return meldingen_filteren(qs, user=user, filters=filters)


def meldingen_filteren(qs: QuerySet[Melding], *, user, filters: MeldingFilters) -> QuerySet[Melding]:
    """The inbox's filters on meldingen already scoped; the list's FilterSet validates the query
    string and calls this."""
    if filters.status == "":
        qs = qs.exclude(status=MeldingStatus.AFGESLOTEN)
    elif filters.status != "alle":
        qs = qs.filter(status=filters.status)
    if filters.soort:
        qs = qs.filter(soort=filters.soort)
    if filters.behandelaar == "mij":
        qs = qs.filter(behandelaar=user)
    elif filters.behandelaar == "niemand":
        qs = qs.filter(behandelaar__isnull=True)
    for word in filters.zoek.split()[:5]:
        qs = qs.filter(Q(leerling__achternaam__icontains=word) | Q(leerling__voornaam__icontains=word))
    return qs.select_related("leerling__school", "melder_organisatie", "behandelaar")


def meldingen_tellingen(*, user, schooljaar: Schooljaar | None = None) -> dict:
    qs = meldingen_van_jaar(Melding.objects.for_user(user).filter(policy.melding_inbox_q(user)), schooljaar)
    return qs.aggregate(
        open=Count("pk", filter=Q(status=MeldingStatus.OPEN)),
        in_behandeling=Count("pk", filter=Q(status=MeldingStatus.IN_BEHANDELING)),
        afgesloten=Count("pk", filter=Q(status=MeldingStatus.AFGESLOTEN)),
        mij=Count("pk", filter=Q(behandelaar=user) & ~Q(status=MeldingStatus.AFGESLOTEN)),
        niemand=Count("pk", filter=Q(behandelaar__isnull=True) & ~Q(status=MeldingStatus.AFGESLOTEN)),
    )


def melding_get(*, user, pk: int) -> Melding:
    """A melding the user handles (municipality of the pupil), or 404."""
    return get_object_or_404(
        Melding.objects.for_user(user)
        .filter(policy.melding_inbox_q(user))
        .select_related(
            "leerling__school",
            "leerling__woongemeente",
            "melder_organisatie",
            "melder",
            "behandelaar",
            "aanmelding__opleiding__instelling",
        ),
        pk=pk,
    )


def melding_gebeurtenissen(*, user, melding: Melding) -> QuerySet[MeldingGebeurtenis]:
    return MeldingGebeurtenis.objects.for_user(user).filter(melding=melding).select_related("auteur")


def mijn_meldingen(*, user, schooljaar: Schooljaar | None = None) -> QuerySet[Melding]:
    """Meldingen made by the user's own school(s) or institution(s): the state, never the notes;
    of the school year (`meldingen_van_jaar`; without a year: all)."""
    return meldingen_van_jaar(
        Melding.objects.for_user(user).filter(policy.melding_eigen_q(user)), schooljaar
    ).select_related("leerling", "melder_organisatie", "melder", "aanmelding__opleiding")


# --- Guidance and moves -----------------------------------------------------------------------


def leerling_trajecten(*, user, leerling) -> QuerySet[Traject]:
    return (
        Traject.objects.for_user(user)
        .filter(leerling=leerling)
        .select_related("begeleider", "gemeente")
        .prefetch_related(
            Prefetch(
                "contactmomenten",
                queryset=Contactmoment.objects.select_related("auteur").order_by("-datum", "-pk"),
            )
        )
    )


def verhuizingen(*, user, schooljaar: Schooljaar | None = None) -> QuerySet[Verhuizing]:
    """Moves into and out of the user's municipalities (the note only, not the file), of the
    school year of the pupil: the active year keeps the moves of earlier years' pupils whose
    transfer the municipality still follows (`overgang_lopend_q`); without a year: all."""
    lopend = Q(leerling__in=Leerling.objects.filter(overgang_lopend_q(gemeente=True)).values("pk"))
    return (
        van_schooljaar(Verhuizing.objects.for_user(user), schooljaar, lopend=lopend)
        .annotate(
            # Only the municipality where the pupil lives now may open the file.
            dossier_zichtbaar=Case(
                When(policy.leerling_gemeente_q(user, "leerling__"), then=Value(True)),
                default=Value(False),
                output_field=models.BooleanField(),
            )
        )
        .select_related("leerling", "van_gemeente", "naar_gemeente", "vastgelegd_door")
    )


def leerling_verhuizingen(*, user, leerling) -> QuerySet[Verhuizing]:
    return verhuizingen(user=user).filter(leerling=leerling)


def traject_get(*, user, pk: int) -> Traject:
    return get_object_or_404(Traject.objects.for_user(user).select_related("leerling"), pk=pk)


def vervolgafspraken(*, user, tot: datetime.date, limit: int = 20) -> list[Contactmoment]:
    """The next steps due up to `tot` in open trajectories: the latest contact moment of each
    trajectory with a follow-up date (a later contact moment replaces the follow-up)."""
    later = Contactmoment.objects.filter(traject_id=OuterRef("traject_id")).filter(
        Q(datum__gt=OuterRef("datum")) | Q(datum=OuterRef("datum"), pk__gt=OuterRef("pk"))
    )
    return list(
        Contactmoment.objects.for_user(user)
        .filter(traject__afgesloten_op__isnull=True, vervolgdatum__isnull=False, vervolgdatum__lte=tot)
        .exclude(Exists(later))
        .select_related("leerling", "auteur")
        .order_by("vervolgdatum", "pk")[:limit]
    )


def leerling_meldingen(*, user, leerling) -> QuerySet[Melding]:
    return Melding.objects.for_user(user).filter(leerling=leerling).select_related("melder_organisatie", "behandelaar")
