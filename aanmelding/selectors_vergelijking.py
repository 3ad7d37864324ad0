"""Reads of the reconciliation with the national statuses (aanmelding/services_vergelijking.py),
scoped by voroc.policy: an upload of the user's own organisation, differences of pupils in scope."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from .models import Statusvergelijking, Vergelijkingsregel


def vergelijking_laatste(*, organisatie_ids) -> Statusvergelijking | None:
    """The latest upload of one of the organisations (ids the caller took from the policy)."""
    return (
        Statusvergelijking.objects.filter(organisatie_id__in=organisatie_ids)
        .select_related("organisatie", "geupload_door")
        .order_by("-geupload_op", "-pk")
        .first()
    )


def vergelijkingsregels(*, user, vergelijking: Statusvergelijking | None) -> QuerySet[Vergelijkingsregel]:
    """The differences of one upload the user may see, with what a row of the worklist shows."""
    if vergelijking is None:
        return Vergelijkingsregel.objects.none()
    return (
        Vergelijkingsregel.objects.for_user(user)
        .filter(vergelijking=vergelijking)
        .select_related("leerling__school", "aanmelding__opleiding__instelling")
    )


def vergelijkingsregel_get(*, user, pk: int) -> Vergelijkingsregel:
    """One difference in scope, or 404."""
    return get_object_or_404(Vergelijkingsregel.objects.for_user(user).select_related("leerling"), pk=pk)
