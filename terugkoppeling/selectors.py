"""Reads of the record: a pupil's terugkoppelingen as far as the user may see them (voroc.policy)."""

from django.db.models import QuerySet

from .models import Terugkoppeling


def terugkoppeling_list(*, user, leerling) -> QuerySet[Terugkoppeling]:
    return (
        Terugkoppeling.objects.for_user(user)
        .filter(leerling=leerling)
        .select_related("auteur", "organisatie", "aanmelding__opleiding")
    )
