"""Reads of pupils, always scoped to what the user may see (voroc.policy)."""

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from aanmelding.models import Aanmelding
from rmc.models import Melding
from terugkoppeling.models import Terugkoppeling

from .models import Leerling, Schooljaar


def schooljaar_actief() -> Schooljaar | None:
    return Schooljaar.objects.actief()


def leerling_list(*, user, schooljaar: Schooljaar | None, zoek: str = "") -> QuerySet[Leerling]:
    """Pupils in scope for the list page, with what the list shows, in a fixed number of queries."""
    qs = Leerling.objects.for_user(user)
    if schooljaar is not None:
        qs = qs.filter(schooljaar=schooljaar)
    zoek = zoek.strip()
    if zoek:
        qs = qs.filter(
            Q(achternaam__icontains=zoek) | Q(voornaam__icontains=zoek) | Q(leerlingnummer=zoek) | Q(klas__iexact=zoek)
        )
    return qs.select_related("school", "woongemeente", "mentor", "doorstroomformulier", "elders").prefetch_related(
        Prefetch(
            "aanmeldingen",
            queryset=Aanmelding.objects.for_user(user).select_related("opleiding__instelling").order_by("keuze", "pk"),
            to_attr="zichtbare_aanmeldingen",
        )
    )


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
