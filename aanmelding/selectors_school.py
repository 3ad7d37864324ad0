"""Reads for the school side of applications, scoped through `for_user` (voroc.policy)."""

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from leerlingen import selectors as leerling_selectors
from leerlingen.models import Elders, Leerling, Schooljaar
from voroc import policy
from voroc.accounts.models import Organisatie

from .models import Aanmelding, ExterneAanmelding, Opleiding, WarmeOverdracht
from .status import POSITIEF, Status


def leerling_voor_aanmelden(*, user, pk: int) -> Leerling:
    """A pupil in scope whose school lets this user apply on their behalf; otherwise 404."""
    leerling = get_object_or_404(
        Leerling.objects.for_user(user).select_related("school", "schooljaar", "mentor"), pk=pk
    )
    if not policy.has_perm(user, "aanmelden", leerling.school_id):
        raise Http404
    return leerling


def opleiding_zoeken(
    *, q: str = "", niveau: int | None = None, instelling_id: int | None = None, plaats: str = "", leerweg: str = ""
) -> QuerySet[Opleiding]:
    """Open programmes (a public catalogue) by name or crebo, level, institution, location."""
    qs = Opleiding.objects.open()
    q = q.strip()
    if q:
        qs = qs.filter(Q(naam__icontains=q) | Q(crebo=q))
    if niveau:
        qs = qs.filter(niveau=niveau)
    if instelling_id:
        qs = qs.filter(instelling_id=instelling_id)
    plaats = plaats.strip()
    if plaats:
        qs = qs.filter(Q(locatie__plaats__icontains=plaats) | Q(locatie__naam__icontains=plaats))
    if leerweg:
        qs = qs.filter(leerweg=leerweg)
    return qs.select_related("instelling", "locatie").order_by("naam", "niveau", "instelling__naam", "pk")


def instellingen_met_opleidingen() -> QuerySet[Organisatie]:
    return (
        Organisatie.objects.filter(soort="mbo_instelling", actief=True, opleidingen__actief=True)
        .distinct()
        .order_by("naam")
    )


def opleiding_get(*, pk: int) -> Opleiding:
    """Any programme (the catalogue is public); a closed one is refused by the service with its message."""
    return get_object_or_404(Opleiding.objects.select_related("instelling", "locatie"), pk=pk)


def aanmeldingen_van(*, user, leerling: Leerling) -> QuerySet[Aanmelding]:
    return (
        Aanmelding.objects.for_user(user)
        .filter(leerling=leerling)
        .select_related("opleiding__instelling", "opleiding__locatie")
        .order_by("keuze", "pk")
    )


def aanmelding_school_get(*, user, pk: int) -> Aanmelding:
    """An application of a pupil whose school lets this user apply; otherwise 404."""
    aanmelding = get_object_or_404(
        Aanmelding.objects.for_user(user).select_related(
            "leerling__school", "opleiding__instelling", "opleiding__locatie"
        ),
        pk=pk,
    )
    if not policy.has_perm(user, "aanmelden", aanmelding.leerling.school_id):
        raise Http404
    return aanmelding


def warme_overdracht_van(*, aanmelding: Aanmelding) -> WarmeOverdracht | None:
    """The warm handover of an application already in the user's scope, if planned."""
    return WarmeOverdracht.objects.filter(aanmelding=aanmelding).select_related("gepland_door").first()


def externe_aanmeldingen_van(*, user, leerling: Leerling) -> QuerySet[ExterneAanmelding]:
    return ExterneAanmelding.objects.for_user(user).filter(leerling=leerling).select_related("vastgelegd_door")


def externe_aanmelding_get(*, user, pk: int) -> ExterneAanmelding:
    externe = get_object_or_404(ExterneAanmelding.objects.for_user(user).select_related("leerling__school"), pk=pk)
    if not policy.has_perm(user, "aanmelden", externe.leerling.school_id):
        raise Http404
    return externe


# --- The school's pupil pages: what they show of the applications -----------------------


def with_list_data(qs: QuerySet[Leerling], *, user) -> QuerySet[Leerling]:
    """What a pupil list shows, in a fixed number of queries (the applications the user may see)."""
    return qs.select_related("school", "woongemeente", "mentor", "doorstroomformulier", "elders").prefetch_related(
        Prefetch(
            "aanmeldingen",
            queryset=Aanmelding.objects.for_user(user).select_related("opleiding__instelling").order_by("keuze", "pk"),
            to_attr="zichtbare_aanmeldingen",
        )
    )


def leerling_aanmeldingen(*, user, leerling: Leerling) -> QuerySet[Aanmelding]:
    return (
        Aanmelding.objects.for_user(user)
        .filter(leerling=leerling)
        .select_related("opleiding__instelling", "opleiding__locatie", "plaatsingsbesluit", "warme_overdracht")
        .prefetch_related("documenten")
        .order_by("keuze", "pk")
    )


# "Without an Elders destination" as NOT EXISTS: the LEFT JOIN ... IS NULL that `elders__isnull`
# writes is estimated at one row, and PostgreSQL then joined every mentor and municipality by
# nested loops over the school's pupils (400 ms for 1,700 pupils; bench/RESULTS.md, section 8).
_elders = Elders.objects.filter(leerling=OuterRef("pk"))


def juni_controle_open(*, user, schooljaar: Schooljaar | None) -> QuerySet[Leerling]:
    """Pupils of the year without a positive placement and without an Elders destination."""
    positief = Aanmelding.objects.filter(leerling=OuterRef("pk"), status__in=POSITIEF)
    return (
        leerling_selectors.bewerkbare_leerlingen(user=user, schooljaar=schooljaar)
        .exclude(Exists(positief))
        .exclude(Exists(_elders))
    )


def juni_controle_gezakt_voorwaardelijk(*, user, schooljaar: Schooljaar | None) -> QuerySet[Leerling]:
    """Failed pupils whose only positive placement is conditional: not open by the rule, but worth a look."""
    onvoorwaardelijk = Aanmelding.objects.filter(
        leerling=OuterRef("pk"), status__in=[s for s in POSITIEF if s != Status.VOORWAARDELIJK_GEPLAATST]
    )
    voorwaardelijk = Aanmelding.objects.filter(leerling=OuterRef("pk"), status=Status.VOORWAARDELIJK_GEPLAATST)
    return (
        leerling_selectors.bewerkbare_leerlingen(user=user, schooljaar=schooljaar)
        .filter(diploma_resultaat="gezakt")
        .exclude(Exists(_elders))
        .filter(Exists(voorwaardelijk))
        .exclude(Exists(onvoorwaardelijk))
    )
