"""Deadline reminders of the active school year (the milestones: docs/domain.md, "The year").

Each rule names a milestone, the pupils or applications that still need work, who does that
work (a permission at the school, the home municipality or the mbo institution), and when the
reminder goes out: `VOROC_HERINNERING_DAGEN_VOORAF[code]` days before the milestone date
(negative: after it). A day the run missed is caught up for `VOROC_HERINNERING_INHAALDAGEN`
days. Only users who still have work get one.

Exactly once: the run inserts a `Herinnering` row per (user, school year, milestone) with its
own run id (`INSERT ... ON CONFLICT DO NOTHING` against the unique constraint), reads back the
rows that carry its run id, and only for those writes the notification and queues the mail.
A second run, a retry or a concurrent run inserts nothing and sends nothing.

Cost: a fixed number of queries per milestone (one aggregate grouped by organisation, one to
three for the permission holders, the inserts), never a query per pupil.
"""

from __future__ import annotations

import datetime
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, QuerySet

from aanmelding.models import Aanmelding
from aanmelding.selectors import leerlingen_zonder_aanmelding
from aanmelding.status import POSITIEF, Status
from leerlingen.models import DiplomaResultaat, Leerling, Leerweg, Schooljaar
from voroc import policy

from .models import Herinnering, MailStatus, Mijlpaal, Notificatie, NotificatieSoort
from .notificaties import mail_queue
from .voorkeuren import MAIL_STATUS, mail_voorkeuren

SCHOOL, GEMEENTE, MBO = "school", "gemeente", "mbo"


def _zonder_aanmelding(sj: Schooljaar) -> QuerySet[Leerling]:
    """Pupils without a sent, live application and without an Elders destination."""
    return leerlingen_zonder_aanmelding(Leerling.objects.filter(schooljaar=sj, elders__isnull=True))


def _formulier_open(sj):
    return Leerling.objects.filter(schooljaar=sj, elders__isnull=True).exclude(doorstroomformulier__status="definitief")


def _risico_te_melden(sj):
    return _zonder_aanmelding(sj).filter(risico=False)


def _feedback_onvolledig(sj):
    """Sent applications still open to feedback that lack one of the three feedback moments."""
    from .models import Terugkoppeling

    def heeft(moment):
        return Exists(Terugkoppeling.objects.filter(aanmelding_id=OuterRef("pk"), moment=moment))

    return (
        Aanmelding.objects.filter(leerling__schooljaar=sj)
        .exclude(status__in=(Status.CONCEPT, Status.INGETROKKEN, Status.DOORVERWEZEN))
        .filter(~heeft(1) | ~heeft(2) | ~heeft(3))
    )


def _diploma_onbekend(sj):
    return Leerling.objects.filter(schooljaar=sj, diploma_resultaat=DiplomaResultaat.ONBEKEND).exclude(
        leerweg=Leerweg.PRO
    )


def _zonder_plaatsing(sj):
    geplaatst = Aanmelding.objects.filter(leerling__schooljaar=sj, status__in=POSITIEF).values("leerling_id")
    return Leerling.objects.filter(schooljaar=sj, elders__isnull=True).exclude(pk__in=geplaatst)


def _warme_overdracht_te_plannen(sj):
    """Placed pupils whose form asks for a warm handover that nobody has planned yet."""
    return Aanmelding.objects.filter(
        leerling__schooljaar=sj,
        status__in=POSITIEF,
        leerling__doorstroomformulier__warme_overdracht=True,
        warme_overdracht__isnull=True,
    )


def _ingeschreven(sj):
    return Aanmelding.objects.filter(leerling__schooljaar=sj, status=Status.INGESCHREVEN)


def _school(werk: Callable[[Schooljaar], QuerySet[Leerling]]) -> Callable[[Schooljaar], QuerySet[Leerling]]:
    """The school's share of the work: pupils who left the school are off its lists (the
    municipality's rules keep them: it follows the pupil)."""
    return lambda sj: werk(sj).aanwezig()


@dataclass(frozen=True)
class Regel:
    mijlpaal: str
    datum: Callable[[Schooljaar], datetime.date]
    werk: Callable[[Schooljaar], QuerySet]  # Leerling or Aanmelding rows that still need work
    kant: str  # SCHOOL (by school), GEMEENTE (by home municipality) or MBO (by institution)
    perm: str  # who does the work there
    mentoren: bool = False  # school side: mentors too, for their own pupils

    def verstuurdag(self, sj: Schooljaar) -> datetime.date | None:
        """None when the school year leaves the milestone out (an optional date left empty)."""
        datum = self.datum(sj)
        if datum is None:
            return None
        return datum - datetime.timedelta(days=settings.VOROC_HERINNERING_DAGEN_VOORAF[self.mijlpaal])

    def is_aan_de_beurt(self, sj: Schooljaar, vandaag: datetime.date) -> bool:
        dag = self.verstuurdag(sj)
        if dag is None:
            return False
        return dag <= vandaag <= dag + datetime.timedelta(days=settings.VOROC_HERINNERING_INHAALDAGEN)

    def werk_voor(self, user, sj: Schooljaar) -> QuerySet:
        """The work rows this user may see (for the list on the reminder's page)."""
        qs = self.werk(sj)
        if qs.model is Aanmelding:
            return qs.filter(policy.aanmelding_q(user)).select_related("leerling", "opleiding__instelling")
        return qs.filter(policy.leerling_q(user)).select_related("school", "woongemeente", "mentor")


M = Mijlpaal
REGELS: tuple[Regel, ...] = (
    Regel(
        M.FORMULIEREN_GEREED,
        lambda sj: sj.formulieren_gereed,
        _school(_formulier_open),
        SCHOOL,
        "leerlingen_bewerken",
        True,
    ),
    Regel(M.RISICO_MELDEN, lambda sj: sj.risico_melden, _school(_risico_te_melden), SCHOOL, "risico_melden", True),
    Regel(M.AANMELDDEADLINE, lambda sj: sj.aanmelddeadline, _school(_zonder_aanmelding), SCHOOL, "aanmelden"),
    Regel(
        M.AANMELDDEADLINE_GEMEENTE, lambda sj: sj.aanmelddeadline, _zonder_aanmelding, GEMEENTE, "woongemeente_inzien"
    ),
    Regel(
        M.TERUGKOPPELING_GEREED,
        lambda sj: sj.terugkoppeling_gereed,
        _feedback_onvolledig,
        MBO,
        "aanmeldingen_behandelen",
    ),
    Regel(
        M.DIPLOMARESULTATEN,
        lambda sj: sj.diplomaresultaten,
        _school(_diploma_onbekend),
        SCHOOL,
        "leerlingen_bewerken",
        True,
    ),
    Regel(M.JUNI_CONTROLE, lambda sj: sj.juni_controle, _school(_zonder_plaatsing), SCHOOL, "aanmelden"),
    Regel(M.JUNI_CONTROLE_GEMEENTE, lambda sj: sj.juni_controle, _zonder_plaatsing, GEMEENTE, "woongemeente_inzien"),
    Regel(
        M.WARME_OVERDRACHT,
        lambda sj: sj.warme_overdracht_start,
        _warme_overdracht_te_plannen,
        MBO,
        "aanmeldingen_behandelen",
    ),
    Regel(M.NOSHOW_MELDEN, lambda sj: sj.noshow_melden, _ingeschreven, MBO, "aanmeldingen_behandelen"),
)
REGEL = {r.mijlpaal: r for r in REGELS}


def _werk_per_user(regel: Regel, sj: Schooljaar) -> dict[int, tuple[int, int | None]]:
    """{user id: (amount of work, organisation id or None when several)} in a fixed number of queries."""
    qs = regel.werk(sj).order_by()
    per_user: dict[int, list] = defaultdict(lambda: [0, set()])

    def add(user_id, n, org_id):
        per_user[user_id][0] += n
        per_user[user_id][1].add(org_id)

    if regel.kant == SCHOOL:
        per_school: dict[int, int] = defaultdict(int)
        per_mentor: dict[tuple[int, int], int] = {}
        for school_id, mentor_id, n in qs.values_list("school_id", "mentor_id").annotate(n=Count("pk", distinct=True)):
            per_school[school_id] += n
            if mentor_id:
                per_mentor[(school_id, mentor_id)] = n
        scholen = list(per_school)
        doeners = policy.perm_holders(regel.perm, scholen)
        alle = policy.perm_holders("leerlingen_alle_inzien", scholen)
        groep = policy.perm_holders("leerlingen_mentorgroep_inzien", scholen) if regel.mentoren else {}
        for school_id, users in doeners.items():
            for user_id in users:
                if user_id in alle.get(school_id, ()):
                    add(user_id, per_school[school_id], school_id)
                elif user_id in groep.get(school_id, ()) and per_mentor.get((school_id, user_id)):
                    add(user_id, per_mentor[(school_id, user_id)], school_id)
    else:
        veld = "woongemeente_id" if regel.kant == GEMEENTE else "opleiding__instelling_id"
        per_org = dict(qs.values_list(veld).annotate(n=Count("pk", distinct=True)))
        for org_id, users in policy.perm_holders(regel.perm, list(per_org)).items():
            for user_id in users:
                add(user_id, per_org[org_id], org_id)
    return {u: (n, next(iter(orgs)) if len(orgs) == 1 else None) for u, (n, orgs) in per_user.items() if n}


@dataclass(frozen=True)
class Verstuurd:
    mijlpaal: str
    email: str
    aantal: int


@transaction.atomic
def herinnering_versturen(*, regel: Regel, schooljaar: Schooljaar) -> list[Verstuurd]:
    """Send one milestone's reminders to everyone who still has work and has not had it yet."""
    werk = _werk_per_user(regel, schooljaar)
    if not werk:
        return []
    run = uuid.uuid4()
    Herinnering.objects.bulk_create(
        [
            Herinnering(
                user_id=u, schooljaar=schooljaar, mijlpaal=regel.mijlpaal, organisatie_id=org, aantal=n, run=run
            )
            for u, (n, org) in sorted(werk.items())
        ],
        ignore_conflicts=True,
        batch_size=500,
    )
    nieuw = list(
        Herinnering.objects.filter(run=run, schooljaar=schooljaar, mijlpaal=regel.mijlpaal).select_related("user")
    )
    voorkeuren = mail_voorkeuren([h.user_id for h in nieuw])
    notificaties = Notificatie.objects.bulk_create(
        [
            Notificatie(
                user_id=h.user_id,
                soort=NotificatieSoort.HERINNERING,
                herinnering=h,
                aantal=h.aantal,
                mail_status=MAIL_STATUS[voorkeuren[h.user_id]],
            )
            for h in nieuw
        ],
        batch_size=500,
    )
    mail_queue([n for n in notificaties if n.mail_status == MailStatus.WACHT])
    return [Verstuurd(regel.mijlpaal, h.user.email, h.aantal) for h in nieuw]


def herinneringen_versturen(*, vandaag: datetime.date) -> list[Verstuurd]:
    """Every milestone of the active school year whose reminder is due on `vandaag`."""
    schooljaar = Schooljaar.objects.actief()
    if schooljaar is None:
        return []
    verstuurd: list[Verstuurd] = []
    for regel in REGELS:
        if regel.is_aan_de_beurt(schooljaar, vandaag):
            verstuurd += herinnering_versturen(regel=regel, schooljaar=schooljaar)
    return verstuurd


__all__ = ["REGEL", "REGELS", "Verstuurd", "herinneringen_versturen"]
