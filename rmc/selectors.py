"""Reads for the municipality (and the 'mijn meldingen' list of schools and mbo), always scoped
through `for_user` and built to cost a fixed number of queries whatever the row count."""

import datetime
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Case, CharField, Count, Exists, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404

from aanmelding.models import Aanmelding
from aanmelding.status import Status
from leerlingen.models import DiplomaResultaat, EldersSoort, Leerling, Leerweg, Schooljaar
from voroc import policy
from voroc.accounts.models import Organisatie
from voroc.validators import parse_id

from .models import Contactmoment, Melding, MeldingGebeurtenis, MeldingSoort, MeldingStatus, Traject, Verhuizing


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


def _heeft(statussen) -> Exists:
    return Exists(Aanmelding.objects.filter(leerling_id=OuterRef("pk"), status__in=statussen))


def met_toestand(qs: QuerySet[Leerling]) -> QuerySet[Leerling]:
    """Annotate each pupil with its `toestand` (computed in the database, one expression)."""
    return qs.annotate(
        toestand=Case(
            When(_heeft(GEPLAATST_STATUSSEN), then=Value(Toestand.GEPLAATST.value)),
            When(_heeft((Status.VOORWAARDELIJK_GEPLAATST,)), then=Value(Toestand.VOORWAARDELIJK.value)),
            When(elders__isnull=False, then=Value(Toestand.ELDERS.value)),
            When(_heeft(LOPEND_STATUSSEN), then=Value(Toestand.AANGEMELD.value)),
            When(_heeft(NEGATIEF_STATUSSEN), then=Value(Toestand.AFGEWEZEN.value)),
            default=Value(Toestand.GEEN_AANMELDING.value),
            output_field=CharField(),
        )
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

    @classmethod
    def from_querydict(cls, data, *, zonder_bestemming: bool = False) -> "OverzichtFilters":
        """Unknown or malformed values are ignored (a filter never errors)."""
        school = data.get("school", "")
        return cls(
            zoek=data.get("q", "").strip()[:100],
            toestand=data.get("toestand", "") if data.get("toestand", "") in Toestand.values else "",
            school=parse_id(school),
            leerweg=data.get("leerweg", "") if data.get("leerweg", "") in Leerweg.values else "",
            elders=data.get("elders", "") if data.get("elders", "") in EldersSoort.values else "",
            diploma=data.get("diploma", "") if data.get("diploma", "") in DiplomaResultaat.values else "",
            risico=data.get("risico") == "1",
            zonder_bestemming=zonder_bestemming or data.get("zonder_bestemming") == "1",
        )

    def querystring(self, **override) -> str:
        from django.utils.http import urlencode

        values = {
            "q": self.zoek,
            "toestand": self.toestand,
            "school": self.school or "",
            "leerweg": self.leerweg,
            "elders": self.elders,
            "diploma": self.diploma,
            "risico": "1" if self.risico else "",
            "zonder_bestemming": "1" if self.zonder_bestemming else "",
        }
        values.update(override)
        return urlencode({k: v for k, v in values.items() if v not in ("", None)})


def gemeente_leerlingen(*, user, schooljaar: Schooljaar | None) -> QuerySet[Leerling]:
    """Every pupil living in one of the user's municipalities in the school year (scoped by for_user)."""
    qs = Leerling.objects.for_user(user).filter(policy.leerling_gemeente_q(user))
    if schooljaar is None:
        return qs.none()
    return qs.filter(schooljaar=schooljaar)


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
    qs = _apply_filters(met_toestand(gemeente_leerlingen(user=user, schooljaar=schooljaar)), filters)
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
    """Counts per state with every filter except the state itself (three queries)."""
    base = _apply_filters(
        met_toestand(gemeente_leerlingen(user=user, schooljaar=schooljaar)), filters, with_toestand=False
    )
    per_toestand = {row["toestand"]: row["n"] for row in base.order_by().values("toestand").annotate(n=Count("pk"))}
    flags = base.aggregate(
        risico=Count("pk", filter=Q(risico=True)),
        geen_diploma=Count("pk", filter=Q(diploma_resultaat=DiplomaResultaat.GEZAKT)),
    )
    # One destination per pupil: a placed pupil with an Elders destination as well counts as placed
    # only, so the Elders kinds add up to the Elders state.
    elders = dict(base.filter(toestand=Toestand.ELDERS).order_by().values_list("elders__soort").annotate(n=Count("pk")))
    totaal = sum(per_toestand.values())
    return OverzichtTellingen(
        totaal=totaal,
        per_toestand=per_toestand,
        zonder_bestemming=totaal - sum(per_toestand.get(t.value, 0) for t in MET_BESTEMMING),
        risico=flags["risico"] or 0,
        geen_diploma=flags["geen_diploma"] or 0,
        elders_per_soort=[(s.value, s.label, elders[s.value]) for s in EldersSoort if elders.get(s.value)],
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

    @classmethod
    def from_querydict(cls, data) -> "MeldingFilters":
        status = data.get("status", "")
        return cls(
            status=status if status in (*MeldingStatus.values, "alle") else "",
            soort=data.get("soort", "") if data.get("soort", "") in MeldingSoort.values else "",
            behandelaar=data.get("behandelaar", "") if data.get("behandelaar", "") in ("mij", "niemand") else "",
        )


def meldingen_inbox(*, user, filters: MeldingFilters) -> QuerySet[Melding]:
    """Meldingen about pupils living in the user's municipalities (not the ones the user made)."""
    qs = Melding.objects.for_user(user).filter(policy.melding_inbox_q(user))
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
    return qs.select_related("leerling__school", "melder_organisatie", "behandelaar")


def meldingen_tellingen(*, user) -> dict:
    qs = Melding.objects.for_user(user).filter(policy.melding_inbox_q(user))
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


def mijn_meldingen(*, user) -> QuerySet[Melding]:
    """Meldingen made by the user's own school(s) or institution(s): the state, never the notes."""
    return (
        Melding.objects.for_user(user)
        .filter(policy.melding_eigen_q(user))
        .select_related("leerling", "melder_organisatie", "melder", "aanmelding__opleiding")
    )


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


def verhuizingen(*, user) -> QuerySet[Verhuizing]:
    """Moves into and out of the user's municipalities (the note only, not the file)."""
    return (
        Verhuizing.objects.for_user(user)
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
