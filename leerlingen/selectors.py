"""Reads of pupils, always scoped to what the user may see (voroc.policy)."""

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from aanmelding.models import Aanmelding
from rmc.models import Melding
from terugkoppeling.models import Terugkoppeling

from .models import Leerling, Schooljaar


def schooljaar_actief() -> Schooljaar | None:
    return Schooljaar.objects.actief()


def leerling_scope(*, user, schooljaar: Schooljaar | None) -> QuerySet[Leerling]:
    """Every pupil in the user's scope for the school year; the base of lists, filters and exports."""
    qs = Leerling.objects.for_user(user)
    if schooljaar is not None:
        qs = qs.filter(schooljaar=schooljaar)
    return qs


def with_list_data(qs: QuerySet[Leerling], *, user) -> QuerySet[Leerling]:
    """What a pupil list shows, in a fixed number of queries (the applications the user may see)."""
    return qs.select_related("school", "woongemeente", "mentor", "doorstroomformulier", "elders").prefetch_related(
        Prefetch(
            "aanmeldingen",
            queryset=Aanmelding.objects.for_user(user).select_related("opleiding__instelling").order_by("keuze", "pk"),
            to_attr="zichtbare_aanmeldingen",
        )
    )


def leerling_list(*, user, schooljaar: Schooljaar | None, zoek: str = "") -> QuerySet[Leerling]:
    """Pupils in scope for the list page, with what the list shows, in a fixed number of queries."""
    qs = leerling_scope(user=user, schooljaar=schooljaar)
    zoek = zoek.strip()
    if zoek:
        qs = qs.filter(
            Q(achternaam__icontains=zoek) | Q(voornaam__icontains=zoek) | Q(leerlingnummer=zoek) | Q(klas__iexact=zoek)
        )
    return with_list_data(qs, user=user)


def leerling_get(*, user, pk: int) -> Leerling:
    """One pupil in scope, or 404: a pupil outside the user's scope does not exist for them."""
    return get_object_or_404(
        Leerling.objects.for_user(user).select_related(
            "schooljaar", "school", "woongemeente", "mentor", "doorstroomformulier", "elders"
        ),
        pk=pk,
    )


def leerling_aanmeldingen(*, user, leerling: Leerling) -> QuerySet[Aanmelding]:
    return (
        Aanmelding.objects.for_user(user)
        .filter(leerling=leerling)
        .select_related("opleiding__instelling", "opleiding__locatie", "plaatsingsbesluit")
        .order_by("keuze", "pk")
    )


def leerling_tijdlijn(*, user, leerling: Leerling) -> QuerySet[Terugkoppeling]:
    return (
        Terugkoppeling.objects.for_user(user)
        .filter(leerling=leerling)
        .select_related("auteur", "organisatie", "aanmelding__opleiding")
    )


def leerling_meldingen(*, user, leerling: Leerling) -> QuerySet[Melding]:
    return Melding.objects.for_user(user).filter(leerling=leerling).select_related("melder_organisatie", "behandelaar")


def scholen_met_perm(*, user, perms: tuple[str, ...]) -> frozenset[int]:
    """Ids of the schools where the user holds every one of `perms`."""
    from voroc import policy

    return policy.organisaties(user, *perms)


def bewerkbare_leerlingen(*, user, schooljaar: Schooljaar | None) -> QuerySet[Leerling]:
    """Pupils in scope at schools where the user may edit pupil data (decaan: all, mentor: own group)."""
    return leerling_scope(user=user, schooljaar=schooljaar).filter(
        school_id__in=scholen_met_perm(user=user, perms=("leerlingen_bewerken",))
    )


def diploma_klassen(*, user, schooljaar: Schooljaar | None) -> list[dict]:
    """Per (school, class) the number of pupils and how many results are still unknown."""
    from django.db.models import Count

    rows = (
        bewerkbare_leerlingen(user=user, schooljaar=schooljaar)
        .order_by()
        .values("school_id", "school__naam", "klas")
        .annotate(n=Count("pk"), onbekend=Count("pk", filter=Q(diploma_resultaat="onbekend")))
        .order_by("school__naam", "klas")
    )
    return list(rows)


def juni_controle_open(*, user, schooljaar: Schooljaar | None) -> QuerySet[Leerling]:
    """Pupils of the year without a positive placement and without an Elders destination."""
    from django.db.models import Exists, OuterRef

    from aanmelding.status import POSITIEF

    positief = Aanmelding.objects.filter(leerling=OuterRef("pk"), status__in=POSITIEF)
    return bewerkbare_leerlingen(user=user, schooljaar=schooljaar).exclude(Exists(positief)).filter(elders__isnull=True)


def juni_controle_gezakt_voorwaardelijk(*, user, schooljaar: Schooljaar | None) -> QuerySet[Leerling]:
    """Failed pupils whose only positive placement is conditional: not open by the rule, but worth a look."""
    from django.db.models import Exists, OuterRef

    from aanmelding.status import POSITIEF, Status

    onvoorwaardelijk = Aanmelding.objects.filter(
        leerling=OuterRef("pk"), status__in=[s for s in POSITIEF if s != Status.VOORWAARDELIJK_GEPLAATST]
    )
    voorwaardelijk = Aanmelding.objects.filter(leerling=OuterRef("pk"), status=Status.VOORWAARDELIJK_GEPLAATST)
    return (
        bewerkbare_leerlingen(user=user, schooljaar=schooljaar)
        .filter(diploma_resultaat="gezakt", elders__isnull=True)
        .filter(Exists(voorwaardelijk))
        .exclude(Exists(onvoorwaardelijk))
    )
