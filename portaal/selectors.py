"""Reads of the portal: a portal account's own pupil(s), through `policy.eigen_leerling_q` only.

Staff selectors (aanmelding/selectors.py, terugkoppeling/selectors.py) filter with staff scopes,
which never include a portal account; these read the same rows through the portal's one scope,
each in a fixed number of queries.
"""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from aanmelding.models import Aanmelding, Intake
from leerlingen.models import Leerling
from terugkoppeling.models import Terugkoppeling
from voroc import audit, policy

from .models import Activatiecode


def eigen_leerlingen(*, user) -> QuerySet[Leerling]:
    return Leerling.objects.filter(policy.eigen_leerling_q(user)).select_related("school", "doorstroomformulier")


def eigen_leerling_get(*, user, pk: int) -> Leerling:
    """One of the account's own pupils; any other pupil is not found (404)."""
    return get_object_or_404(eigen_leerlingen(user=user), pk=pk)


def aanmeldingen(*, user, leerling) -> list[Aanmelding]:
    """The pupil's applications with programme, institution, intakes, decision and the documents
    received: three queries whatever their number."""
    return list(
        Aanmelding.objects.filter(policy.eigen_leerling_q(user, "leerling__"), leerling=leerling)
        .exclude(status="concept")
        .select_related("opleiding__instelling", "opleiding__locatie", "plaatsingsbesluit")
        .prefetch_related(
            Prefetch("intakes", queryset=Intake.objects.order_by("-datum", "-tijd")),
            "documenten",
        )
        .order_by("keuze", "pk")
    )


def terugkoppelingen(*, user, leerling, zicht) -> list[Terugkoppeling]:
    """The timeline rows of the pupil that its visibility shows a portal account (feedback on
    applications, form, diploma ...), newest first; one query."""
    rows = (
        Terugkoppeling.objects.filter(policy.eigen_leerling_q(user, "leerling__"), leerling=leerling)
        .select_related("organisatie", "aanmelding__opleiding")
        .order_by("-tijdstip", "-pk")[:200]
    )
    return [row for row in rows if zicht.toont_terugkoppeling(row)]


def wie_zag(*, leerling):
    """Who opened the file: the read log with organisation and role, newest first, without the
    portal accounts' own reads (the pupil knows those) and without the user (no staff names)."""
    return (
        audit.wie_zag(leerling)
        .filter(user__portaal=False)
        .select_related(None)
        .select_related("organisatie", "rol")
        .only("tijdstip", "actie", "organisatie__naam", "organisatie__soort", "rol__naam")
        .order_by("-tijdstip", "-pk")
    )


def open_code(*, leerling, relatie: str):
    """The pupil's newest unused, unrevoked code of a relation (the school's pupil page says it)."""
    return (
        Activatiecode.objects.filter(
            leerling=leerling, relatie=relatie, gebruikt_op__isnull=True, ingetrokken_op__isnull=True
        )
        .order_by("-aangemaakt_op")
        .first()
    )
