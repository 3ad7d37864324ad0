"""Notifications from recorded steps (terugkoppelingen): who hears of which step.

`notificaties_na_commit` receives the `terugkoppeling_vastgelegd` hook that
`terugkoppeling_record` sends; once the step's transaction
has committed, `notificaties_voor_terugkoppeling` decides the kind of notification and its
recipients from the event's kind and status, writes one row per recipient (the outbox) and
queues the immediate mails. Recipients come from the organisation grants in voroc.policy in
one query per event, whatever the number of users; a mentor hears only of own mentor pupils;
the author of the event is never notified of their own step.

Routing:
- soort aanmelding with a status (not concept): the school (users who register applications:
  decaan, and the pupil's own mentor) and the consulenten of the home municipality. Status
  afgewezen, uitgeloot, wachtlijst or ingetrokken is a "terugval" (also to the mbo when the
  school withdrew); a late application (aangemeld, op_tijd False) is "te laat"; the rest is a
  "terugkoppeling".
- soort melding recorded by a school or mbo (a new melding): the municipality's consulenten
  who handle meldingen. Status changes recorded by the municipality itself notify nobody.
- soort verhuizing: the consulenten of the new home municipality.
- soort diploma on an application in state voorwaardelijk_geplaatst, for a pupil who failed (the
  event the `diploma_gezakt` hook writes per conditional application): the intakers of that
  institution, once per save.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q

from aanmelding.status import Status
from voroc import policy

from .mail_tasks import notificatie_mail_verzenden
from .models import MailStatus, MailVoorkeur, Notificatie, NotificatieSoort, Soort, Terugkoppeling

logger = logging.getLogger(__name__)

TERUGVAL = (Status.AFGEWEZEN, Status.UITGELOOT, Status.WACHTLIJST, Status.INGETROKKEN)
# Steps nobody is notified of: a change to the pupil's own data (one per pupil in an import).
ZONDER_NOTIFICATIE = frozenset({Soort.LEERLING})


def mail_status_voor(user) -> str:
    """The mail status a new notification gets from the user's preference (or the default)."""
    voorkeur = getattr(user, "notificatievoorkeur", None)
    keuze = voorkeur.mail if voorkeur is not None else settings.VOROC_NOTIFICATIE_MAIL_STANDAARD
    return {
        MailVoorkeur.DIRECT: MailStatus.WACHT,
        MailVoorkeur.DAGELIJKS: MailStatus.DIGEST,
        MailVoorkeur.GEEN: MailStatus.GEEN,
    }[keuze]


def school_volgers_q(leerling, perm: str) -> Q:
    """Users at the pupil's school holding `perm`, mentors only for their own mentor pupils."""
    school = [leerling.school_id]
    alle = policy.users_with_perm("leerlingen_alle_inzien", school).values("pk")
    q = Q(pk__in=alle)
    if leerling.mentor_id:
        mentor = policy.users_with_perm("leerlingen_mentorgroep_inzien", school).filter(pk=leerling.mentor_id)
        q |= Q(pk__in=mentor.values("pk"))
    return Q(pk__in=policy.users_with_perm(perm, school).values("pk")) & q


def _perm_q(perm: str, organisatie_ids) -> Q:
    return Q(pk__in=policy.users_with_perm(perm, organisatie_ids).values("pk"))


def routering(terugkoppeling: Terugkoppeling) -> tuple[str, Q] | None:
    """(notification kind, recipients as a filter on User) for an event, or None."""
    leerling = terugkoppeling.leerling
    soort, status = terugkoppeling.soort, terugkoppeling.status
    if soort in ZONDER_NOTIFICATIE:
        return None
    if soort == Soort.AANMELDING and status and status != Status.CONCEPT:
        ontvangers = school_volgers_q(leerling, "aanmelden") | _perm_q(
            "woongemeente_inzien", [leerling.woongemeente_id]
        )
        aanmelding = terugkoppeling.aanmelding
        if status in TERUGVAL:
            if status == Status.INGETROKKEN and aanmelding is not None:
                instelling = aanmelding.opleiding.instelling_id
                if terugkoppeling.organisatie_id != instelling:
                    ontvangers |= _perm_q("aanmeldingen_behandelen", [instelling])
            return NotificatieSoort.TERUGVAL, ontvangers
        if status == Status.AANGEMELD and aanmelding is not None and aanmelding.op_tijd is False:
            return NotificatieSoort.TE_LAAT, ontvangers
        return NotificatieSoort.TERUGKOPPELING, ontvangers
    if soort == Soort.MELDING and terugkoppeling.organisatie_id not in (None, leerling.woongemeente_id):
        return NotificatieSoort.MELDING, _perm_q("meldingen_behandelen", [leerling.woongemeente_id])
    if soort == Soort.VERHUIZING:
        return NotificatieSoort.VERHUIZING, _perm_q("woongemeente_inzien", [leerling.woongemeente_id])
    if soort == Soort.DIPLOMA and _gezakt_bij_voorwaardelijke_plaatsing(terugkoppeling):
        instelling = terugkoppeling.aanmelding.opleiding.instelling_id
        return NotificatieSoort.GEZAKT, _perm_q("aanmeldingen_behandelen", [instelling])
    return None


def _gezakt_bij_voorwaardelijke_plaatsing(terugkoppeling: Terugkoppeling) -> bool:
    """A fail reaches the mbo through the event written on the conditional application
    (aanmelding.receivers); the school's own "Diplomaresultaat" event, which has no
    application, notifies nobody, so that one save makes one notification per application."""
    from leerlingen.models import DiplomaResultaat

    aanmelding = terugkoppeling.aanmelding
    return (
        aanmelding is not None
        and aanmelding.status == Status.VOORWAARDELIJK_GEPLAATST
        and getattr(terugkoppeling.leerling, "diploma_resultaat", None) == DiplomaResultaat.GEZAKT
    )


@transaction.atomic
def notificaties_voor_terugkoppeling(*, terugkoppeling: Terugkoppeling) -> list[Notificatie]:
    """Write the notifications of one event and queue the immediate mails. Idempotent: a
    second call for the same event adds nothing (unique per user and event)."""
    route = routering(terugkoppeling)
    if route is None:
        return []
    soort, ontvangers = route
    users = (
        get_user_model()
        .objects.filter(ontvangers, is_active=True)
        .exclude(pk=terugkoppeling.auteur_id or 0)
        .exclude(notificaties__terugkoppeling_id=terugkoppeling.pk)
        .select_related("notificatievoorkeur")
        .distinct()
    )
    rows = [
        Notificatie(
            user=user,
            soort=soort,
            status=terugkoppeling.status,
            leerling_id=terugkoppeling.leerling_id,
            terugkoppeling=terugkoppeling,
            mail_status=mail_status_voor(user),
        )
        for user in users
    ]
    created = Notificatie.objects.bulk_create(rows)
    mail_queue([n for n in created if n.mail_status == MailStatus.WACHT])
    return created


def mail_queue(notificaties) -> None:
    """Queue the immediate mails after commit; a broker that is down leaves them in the outbox."""
    for notificatie in notificaties:
        notificatie_mail_verzenden.delay_on_commit(notificatie.pk)


def notificaties_na_commit(*, terugkoppeling: Terugkoppeling, **kwargs) -> None:
    """Receiver of the `terugkoppeling_vastgelegd` hook (connected in apps.py): notify once the step
    has committed. A failure here is logged and never undoes or breaks the step the user took."""
    if terugkoppeling.soort in ZONDER_NOTIFICATIE:
        return  # nothing to route: spare an import of 5,000 pupils 5,000 empty transactions
    transaction.on_commit(lambda: notificaties_voor_terugkoppeling(terugkoppeling=terugkoppeling), robust=True)
