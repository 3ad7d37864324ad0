"""Reads of notifications: a user sees only their own and their team's, and a pupil's name only
while the pupil is still in the user's scope (a move or a lost membership hides it again)."""

from django.db.models import Exists, OuterRef, QuerySet
from django.shortcuts import get_object_or_404

from leerlingen.models import Leerling

from .models import Notificatie, Terugkoppeling
from .voorkeuren import mail_voorkeur

__all__ = [
    "herinnering_werk",
    "mail_voorkeur",
    "notificatie_get",
    "notificatie_list",
    "notificatie_terugkoppeling",
    "notificaties_af_te_handelen",
]


def notificatie_list(*, user, alleen_ongelezen: bool = False) -> QuerySet[Notificatie]:
    """The user's (and team's) notifications, newest first, in a fixed number of queries."""
    qs = (
        Notificatie.objects.for_user(user)
        .select_related("herinnering__schooljaar", "leerling", "organisatie", "afgehandeld_door")
        .annotate(leerling_zichtbaar=Exists(Leerling.objects.for_user(user).filter(pk=OuterRef("leerling_id"))))
    )
    return qs.ongelezen() if alleen_ongelezen else qs


def notificaties_af_te_handelen(*, user, limiet: int = 20) -> tuple[list[Notificatie], int]:
    """The open drop-backs ("Af te handelen"), oldest first: the first `limiet` and how many. Two queries."""
    qs = notificatie_list(user=user).open_terugval().order_by("aangemaakt", "pk")
    return list(qs[:limiet]), qs.count()


def notificatie_get(*, user, pk: int) -> Notificatie:
    """One of the user's own or team's notifications, or 404 (another's does not exist for them)."""
    return get_object_or_404(notificatie_list(user=user), pk=pk)


def notificatie_terugkoppeling(*, user, notificatie: Notificatie) -> Terugkoppeling | None:
    """The event behind a notification, if the user may (still) see it."""
    if not notificatie.terugkoppeling_id:
        return None
    return (
        Terugkoppeling.objects.for_user(user)
        .select_related("auteur", "organisatie", "aanmelding__opleiding")
        .filter(pk=notificatie.terugkoppeling_id)
        .first()
    )


def herinnering_werk(*, user, notificatie: Notificatie, limiet: int = 200):
    """For a reminder: the rows that still need work, as far as the user may see them (live)."""
    if not notificatie.herinnering_id:
        return None, 0
    from .herinneringen import REGEL

    regel = REGEL[notificatie.herinnering.mijlpaal]
    qs = regel.werk_voor(user, notificatie.herinnering.schooljaar)
    return list(qs[:limiet]), qs.count()
