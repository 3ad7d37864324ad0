"""Notifications from recorded steps (terugkoppelingen): who hears of which step.

`notificaties_na_commit` receives the `terugkoppeling_vastgelegd` hook that
`terugkoppeling_record` sends; once the step's transaction
has committed, `notificaties_voor_terugkoppeling` decides the kind of notification and its
recipients from the event's kind and status, writes one row per recipient (the outbox) and
queues the immediate mails. Recipients come from the organisation grants in voroc.policy in
one query per event, whatever the number of users; a mentor hears only of own mentor pupils;
the author of the event is never notified of their own step.

A municipality is a team: it gets ONE row per event (`organisatie` = the municipality,
`team_recht` = the permission its members hold there, no user), which every member sees, reads
and handles for the whole team; the rows grow with events, not with events x staff
(docs/adr/0014-notificaties-per-team.md). Its mail is fanned out to the members when it is
sent (mail.py), each per their own preference.

Routing:
- soort aanmelding with a status (not concept): the school (users who register applications:
  decaan, and the pupil's own mentor) and the team of the home municipality
  (woongemeente_inzien). Status afgewezen, uitgeloot, wachtlijst, niet verschenen or ingetrokken
  is a "terugval" (also to the mbo when the school withdrew); a late application (aangemeld,
  op_tijd False) is "te laat"; the rest is a "terugkoppeling".
- soort melding recorded by a school or mbo (a new melding): the team of the municipality that
  handles meldingen (meldingen_behandelen). Status changes recorded by the municipality itself
  notify nobody.
- soort verhuizing: the team of the new home municipality.
- soort diploma on an application in state voorwaardelijk_geplaatst, for a pupil who failed (the
  event the `diploma_gezakt` hook writes per conditional application): the intakers of that
  institution, once per save.

A drop-back (terugval other than a withdrawal, and gezakt) is marked `afhandelen`: it stays in
"Af te handelen" until someone marks it handled.
"""

from __future__ import annotations

import logging
from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q

from aanmelding.status import Status
from voroc import policy

from .mail_tasks import notificatie_mail_verzenden
from .models import MailStatus, Notificatie, NotificatieSoort, Soort, Terugkoppeling
from .voorkeuren import MAIL_STATUS, mail_voorkeuren

logger = logging.getLogger(__name__)

TERUGVAL = (Status.AFGEWEZEN, Status.UITGELOOT, Status.WACHTLIJST, Status.NIET_VERSCHENEN, Status.INGETROKKEN)
# Drop-backs someone must act on ("Af te handelen"); a withdrawal is the school's own choice.
AFHANDELEN = (Status.AFGEWEZEN, Status.UITGELOOT, Status.WACHTLIJST, Status.NIET_VERSCHENEN)
# Steps nobody is notified of: a change to the pupil's own data (one per pupil in an import).
ZONDER_NOTIFICATIE = frozenset({Soort.LEERLING})


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


class Route(NamedTuple):
    """Who hears of an event: users (a filter on User, or None) and teams ((organisation, permission))."""

    soort: str
    ontvangers: Q | None
    teams: tuple[tuple[int, str], ...] = ()


def _team(organisatie_id: int | None, recht: str) -> tuple[tuple[int, str], ...]:
    return ((organisatie_id, recht),) if organisatie_id else ()


def routering(terugkoppeling: Terugkoppeling) -> Route | None:
    """The notification kind, its user recipients and its team inboxes for an event, or None."""
    leerling = terugkoppeling.leerling
    soort, status = terugkoppeling.soort, terugkoppeling.status
    if soort in ZONDER_NOTIFICATIE:
        return None
    if soort == Soort.AANMELDING and status and status != Status.CONCEPT:
        ontvangers = school_volgers_q(leerling, "aanmelden")
        teams = _team(leerling.woongemeente_id, "woongemeente_inzien")
        aanmelding = terugkoppeling.aanmelding
        if status in TERUGVAL:
            if status == Status.INGETROKKEN and aanmelding is not None:
                instelling = aanmelding.opleiding.instelling_id
                if terugkoppeling.organisatie_id != instelling:
                    ontvangers |= _perm_q("aanmeldingen_behandelen", [instelling])
            return Route(NotificatieSoort.TERUGVAL, ontvangers, teams)
        if status == Status.AANGEMELD and aanmelding is not None and aanmelding.op_tijd is False:
            return Route(NotificatieSoort.TE_LAAT, ontvangers, teams)
        return Route(NotificatieSoort.TERUGKOPPELING, ontvangers, teams)
    if soort == Soort.MELDING and terugkoppeling.organisatie_id not in (None, leerling.woongemeente_id):
        return Route(NotificatieSoort.MELDING, None, _team(leerling.woongemeente_id, "meldingen_behandelen"))
    if soort == Soort.VERHUIZING:
        return Route(NotificatieSoort.VERHUIZING, None, _team(leerling.woongemeente_id, "woongemeente_inzien"))
    if soort == Soort.DIPLOMA and _gezakt_bij_voorwaardelijke_plaatsing(terugkoppeling):
        instelling = terugkoppeling.aanmelding.opleiding.instelling_id
        return Route(NotificatieSoort.GEZAKT, _perm_q("aanmeldingen_behandelen", [instelling]))
    return None


def is_af_te_handelen(soort: str, status: str) -> bool:
    return soort == NotificatieSoort.GEZAKT or (soort == NotificatieSoort.TERUGVAL and status in AFHANDELEN)


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
    second call for the same event adds nothing (unique per user or team and event)."""
    route = routering(terugkoppeling)
    if route is None:
        return []
    auteur = terugkoppeling.auteur_id or 0
    velden = {
        "soort": route.soort,
        "status": terugkoppeling.status,
        "leerling_id": terugkoppeling.leerling_id,
        "terugkoppeling": terugkoppeling,
        "afhandelen": is_af_te_handelen(route.soort, terugkoppeling.status),
    }
    rows = []
    if route.ontvangers is not None:
        user_ids = list(
            get_user_model()
            .objects.filter(route.ontvangers, is_active=True)
            .exclude(pk=auteur)
            .exclude(notificaties__terugkoppeling_id=terugkoppeling.pk)
            .values_list("pk", flat=True)
            .distinct()
        )
        voorkeuren = mail_voorkeuren(user_ids)
        rows += [Notificatie(user_id=pk, mail_status=MAIL_STATUS[voorkeuren[pk]], **velden) for pk in user_ids]
    for organisatie_id, recht in route.teams:
        # A team without a member (other than the author) has no inbox to fill.
        al_gemeld = Notificatie.objects.filter(organisatie_id=organisatie_id, terugkoppeling=terugkoppeling).exists()
        if not al_gemeld and policy.users_with_perm(recht, [organisatie_id]).exclude(pk=auteur).exists():
            # The mail is fanned out to the members when it is sent (mail.py), each per preference.
            team = {"organisatie_id": organisatie_id, "team_recht": recht, "mail_status": MailStatus.WACHT}
            rows.append(Notificatie(**team, **velden))
    created = Notificatie.objects.bulk_create(rows) if rows else []
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
