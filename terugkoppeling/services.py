"""Recording a step in a pupil's file: every step is a Terugkoppeling appended to the file, never a
rewrite. Every domain app calls `terugkoppeling_record`; this module sits below them all and
imports none of them.

What follows a recorded step (notifications, mail) is not called from here: the step is
announced with the `terugkoppeling_vastgelegd` hook, to which terugkoppeling.notificaties is
connected (TerugkoppelingConfig.ready). Receivers run inside the step's transaction, so they
defer their own work to after the commit.
"""

from django.db import transaction
from django.dispatch import Signal

from .models import Soort, Terugkoppeling

# Sent inside the transaction, after a Terugkoppeling row is written. kwargs: terugkoppeling.
terugkoppeling_vastgelegd = Signal()


@transaction.atomic
def terugkoppeling_record(
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
    terugkoppeling = Terugkoppeling.objects.create(
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
    terugkoppeling_vastgelegd.send(sender=Terugkoppeling, terugkoppeling=terugkoppeling)
    return terugkoppeling


@transaction.atomic
def terugkoppelingen_record_in_bulk(*, events: list[dict], user, organisatie=None) -> list[Terugkoppeling]:
    """Append many steps at once, as `terugkoppeling_record` does one by one: the rows in one
    INSERT per 1,000, their audit entries in bulk, and the hook sent for each. `events` are dicts of
    `terugkoppeling_record`'s other keyword arguments (leerling, soort, bericht, ...)."""
    from voroc.audit import log_changes_in_bulk

    auteur = user if getattr(user, "is_authenticated", False) else None
    rows = [Terugkoppeling(auteur=auteur, organisatie=organisatie, **event) for event in events]
    Terugkoppeling.objects.bulk_create(rows, batch_size=1000)
    log_changes_in_bulk(created=rows, actor=auteur)
    for terugkoppeling in rows:
        terugkoppeling_vastgelegd.send(sender=Terugkoppeling, terugkoppeling=terugkoppeling)
    return rows


__all__ = ["Soort", "terugkoppeling_record", "terugkoppelingen_record_in_bulk", "terugkoppeling_vastgelegd"]
