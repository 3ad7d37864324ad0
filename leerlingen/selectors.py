"""Reads of pupils, always scoped to what the user may see (voroc.policy)."""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from .models import Leerling, Schooljaar


def schooljaar_actief() -> Schooljaar | None:
    return Schooljaar.objects.actief()


def schooljaar_gekozen(query) -> Schooljaar | None:
    """The school year a list shows: `?schooljaar=<beginjaar>` when that year exists, else the
    active one. An unknown or malformed value falls back silently (a hand-edited address)."""
    waarde = str(query.get("schooljaar", ""))[:4]
    if waarde.isdigit():
        gekozen = Schooljaar.objects.filter(startjaar=int(waarde)).first()
        if gekozen is not None:
            return gekozen
    return schooljaar_actief()


def schooljaren() -> list[Schooljaar]:
    """Every school year, newest first, for the year choice of the lists (a handful of rows)."""
    return list(Schooljaar.objects.order_by("-startjaar"))


def van_schooljaar(qs: QuerySet, schooljaar: Schooljaar | None, *, lopend: Q, pad: str = "leerling__") -> QuerySet:
    """The rows of a list of things that belong to a pupil (applications, meldingen, moves) for a
    school year, by the pupil's year (`pad` leads from the row to the pupil). The active year keeps
    the earlier years' rows that are still open work (`lopend`, a filter on the row), as
    `LeerlingQuerySet.werkvoorraad` keeps the pupils; an inactive year chosen on purpose shows just
    that year. Without any school year nothing is filtered."""
    if schooljaar is None:
        return qs
    dit_jaar = Q(**{f"{pad}schooljaar": schooljaar})
    if not schooljaar.actief:
        return qs.filter(dit_jaar)
    eerder = Q(**{f"{pad}schooljaar__startjaar__lt": schooljaar.startjaar})
    return qs.filter(dit_jaar | eerder & lopend)


def leerling_scope(*, user, schooljaar: Schooljaar | None) -> QuerySet[Leerling]:
    """Every pupil in the user's scope for the school year (the active year: with the earlier
    years' pupils whose transfer is still open, `LeerlingQuerySet.werkvoorraad`); the base of
    lists, filters and exports."""
    qs = Leerling.objects.for_user(user)
    if schooljaar is not None:
        qs = qs.werkvoorraad(schooljaar)
    return qs


def leerling_get(*, user, pk: int) -> Leerling:
    """One pupil in scope, or 404: a pupil outside the user's scope does not exist for them."""
    return get_object_or_404(
        Leerling.objects.for_user(user).select_related(
            "schooljaar", "school", "woongemeente", "mentor", "doorstroomformulier", "elders"
        ),
        pk=pk,
    )


def scholen_met_perm(*, user, perms: tuple[str, ...]) -> frozenset[int]:
    """Ids of the schools where the user holds every one of `perms`."""
    from voroc import policy

    return policy.organisaties(user, *perms)


def bewerkbare_leerlingen(*, user, schooljaar: Schooljaar | None) -> QuerySet[Leerling]:
    """Pupils in scope at schools where the user may edit pupil data (decaan: all, mentor: own group),
    less those who left the school: the school's working lists (June check, mentors, results)."""
    return (
        leerling_scope(user=user, schooljaar=schooljaar)
        .filter(school_id__in=scholen_met_perm(user=user, perms=("leerlingen_bewerken",)))
        .aanwezig()
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
