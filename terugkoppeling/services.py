"""Appending events to a pupil's timeline. Other apps call `gebeurtenis_record`."""

from django.db import transaction

from .models import Soort, Terugkoppeling


@transaction.atomic
def gebeurtenis_record(
    *,
    leerling,
    soort: str,
    bericht: str,
    user,
    organisatie=None,
    aanmelding=None,
    van_status: str = "",
    status: str = "",
    moment: int | None = None,
) -> Terugkoppeling:
    return Terugkoppeling.objects.create(
        leerling=leerling,
        aanmelding=aanmelding,
        soort=soort,
        van_status=van_status,
        status=status,
        moment=moment,
        bericht=bericht,
        auteur=user if getattr(user, "is_authenticated", False) else None,
        organisatie=organisatie,
    )


__all__ = ["Soort", "gebeurtenis_record"]
