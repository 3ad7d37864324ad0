"""Reads of applications and programmes, scoped to what the user may see (voroc.policy).

Every list here costs a fixed number of queries whatever its row count.
"""

from __future__ import annotations

import datetime

from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from doorstroom.models import Doorstroomformulier, FormulierStatus
from leerlingen.models import Schooljaar
from leerlingen.selectors import van_schooljaar
from terugkoppeling.models import Terugkoppeling
from voroc import policy
from voroc.accounts.models import Locatie, Organisatie

from .models import Aanmelding, Opleiding
from .status import OVERGANGEN, Feedbackmoment, Status

# States in which the mbo still owes the pupil a decision ("waiting for feedback").
WACHT_OP_BESLUIT = (
    Status.AANGEMELD,
    Status.IN_BEHANDELING,
    Status.INTAKE_GEPLAND,
    Status.INTAKE_GEHAD,
    Status.WACHTLIJST,
)


# States an application does not leave: the mbo's work on it is done (gestart, niet verschenen,
# afgewezen, uitgeloot, ingetrokken, doorverwezen).
EINDSTATUSSEN = tuple(s for s in Status if s not in OVERGANGEN)


def aanmeldingen_van_jaar(qs: QuerySet[Aanmelding], schooljaar: Schooljaar | None) -> QuerySet[Aanmelding]:
    """The applications of a school year: the year of an application is its pupil's. The active
    year keeps the earlier years' applications that are not in a final state (the mbo still has
    work on them); an inactive year chosen on purpose shows just that year."""
    return van_schooljaar(qs, schooljaar, lopend=~Q(status__in=EINDSTATUSSEN))


def heeft_levende_aanmelding(*, user=None) -> Exists:
    """A filter on pupils: has a sent application that still holds one of their places.

    The one definition of "zonder (levende) aanmelding" (negate it): a concept, withdrawn,
    referred, rejected, lotted-out or no-show application does not count. The start page, the
    pupil list's filter and facet, and the deadline reminders all use it, so their numbers agree.
    With `user`, only applications the user may see count (an mbo sees its own)."""
    aanmeldingen = Aanmelding.objects.all() if user is None else Aanmelding.objects.for_user(user)
    return Exists(aanmeldingen.levend().filter(leerling=OuterRef("pk")))


def levende_aanmeldingen(*, leerling, user) -> list[Aanmelding]:
    """The pupil's live applications the user may see (the Elders page asks to withdraw them)."""
    return list(
        Aanmelding.objects.for_user(user)
        .levend()
        .filter(leerling=leerling)
        .select_related("opleiding__instelling")
        .order_by("keuze")
    )


def leerlingen_zonder_aanmelding(leerlingen: QuerySet, *, user=None) -> QuerySet:
    """The pupils of `leerlingen` without a live application (see `heeft_levende_aanmelding`)."""
    return leerlingen.exclude(heeft_levende_aanmelding(user=user))


SORTERINGEN = {
    "aangemeld": ("aangemeld_op", "pk"),
    "-aangemeld": ("-aangemeld_op", "-pk"),
    "naam": ("leerling__achternaam", "leerling__voornaam", "pk"),
    "-naam": ("-leerling__achternaam", "-leerling__voornaam", "-pk"),
    "opleiding": ("opleiding__naam", "opleiding__niveau", "pk"),
    "-opleiding": ("-opleiding__naam", "-opleiding__niveau", "-pk"),
    "status": ("status", "pk"),
    "-status": ("-status", "-pk"),
    "terugkoppeling": (F("laatste_terugkoppeling").asc(nulls_first=True), "pk"),
    "-terugkoppeling": (F("laatste_terugkoppeling").desc(nulls_last=True), "-pk"),
}


def mbo_instellingen(*, user, perm: str = "aanmeldingen_behandelen") -> QuerySet[Organisatie]:
    """The institutions where the user holds `perm`."""
    return Organisatie.objects.instellingen().filter(policy.bij_organisatie_q(user, perm))


def mbo_aanmeldingen(*, user) -> QuerySet[Aanmelding]:
    """Sent applications to the user's own institution(s): the mbo's whole scope, nothing else."""
    return Aanmelding.objects.for_user(user).filter(policy.aanmelding_mbo_q(user))


def _laatste_terugkoppeling():
    return Subquery(
        Terugkoppeling.objects.filter(aanmelding=OuterRef("pk"), moment__isnull=False)
        .order_by("-tijdstip", "-pk")
        .values("tijdstip")[:1]
    )


def werklijst(
    *,
    user,
    opleiding: Opleiding | None = None,
    locatie: Locatie | None = None,
    niveau: int | None = None,
    status: str = "",
    nieuw: bool = False,
    te_laat: bool = False,
    formulier: str = "",
    wacht_dagen: int | None = None,
    zoek: str = "",
    sortering: str = "-aangemeld",
    now: datetime.datetime | None = None,
) -> QuerySet[Aanmelding]:
    """The intake worklist with its filters; select_related so that a page is a fixed number of queries."""
    qs = werklijst_filteren(
        werklijst_scope(user=user),
        opleiding=opleiding,
        locatie=locatie,
        niveau=niveau,
        status=status,
        nieuw=nieuw,
        te_laat=te_laat,
        formulier=formulier,
        wacht_dagen=wacht_dagen,
        zoek=zoek,
        now=now,
    )
    return qs.order_by(*SORTERINGEN.get(sortering, SORTERINGEN["-aangemeld"]))


def werklijst_scope(*, user, schooljaar: Schooljaar | None = None) -> QuerySet[Aanmelding]:
    """The worklist before filters: the institution's applications of the school year (see
    `aanmeldingen_van_jaar`; without a year: all) with their last feedback."""
    return aanmeldingen_van_jaar(mbo_aanmeldingen(user=user), schooljaar).annotate(
        laatste_terugkoppeling=_laatste_terugkoppeling()
    )


def werklijst_filteren(
    qs: QuerySet[Aanmelding],
    *,
    opleiding: Opleiding | None = None,
    locatie: Locatie | None = None,
    niveau: int | None = None,
    status: str = "",
    nieuw: bool = False,
    te_laat: bool = False,
    formulier: str = "",
    wacht_dagen: int | None = None,
    zoek: str = "",
    now: datetime.datetime | None = None,
) -> QuerySet[Aanmelding]:
    """The worklist's filters on `werklijst_scope`; the list's FilterSet (aanmelding/filters_mbo.py)
    validates the query string and calls this, so page, export and selector filter alike."""
    if opleiding is not None:
        qs = qs.filter(opleiding=opleiding)
    if locatie is not None:
        qs = qs.filter(opleiding__locatie=locatie)
    if niveau:
        qs = qs.filter(opleiding__niveau=niveau)
    if nieuw:
        qs = qs.filter(status=Status.AANGEMELD)
    elif status:
        qs = qs.filter(status=status)
    if te_laat:
        qs = qs.filter(op_tijd=False)
    definitief = Exists(
        Doorstroomformulier.objects.filter(leerling_id=OuterRef("leerling_id"), status=FormulierStatus.DEFINITIEF)
    )
    if formulier == "definitief":
        qs = qs.filter(definitief)
    elif formulier == "niet_definitief":
        qs = qs.exclude(definitief)
    if wacht_dagen is not None:
        grens = (now or timezone.now()) - datetime.timedelta(days=wacht_dagen)
        qs = (
            qs.filter(status__in=WACHT_OP_BESLUIT)
            .alias(sinds=Coalesce(_laatste_terugkoppeling(), F("aangemeld_op")))
            .filter(sinds__lt=grens)
        )
    zoek = zoek.strip()
    if zoek:
        qs = qs.filter(Q(leerling__achternaam__icontains=zoek) | Q(leerling__voornaam__icontains=zoek))
    return qs.select_related(
        "leerling__school",
        "leerling__schooljaar",
        "leerling__doorstroomformulier",
        "opleiding__locatie",
        "opleiding__instelling",
    )


def aanmelding_mbo_get(*, user, pk: int, for_update: bool = False) -> Aanmelding:
    """One application to the user's own institution, or 404."""
    return get_object_or_404(
        mbo_aanmeldingen(user=user).select_related(
            "leerling__school",
            "leerling__schooljaar",
            "leerling__woongemeente",
            "opleiding__locatie",
            "opleiding__instelling",
            "plaatsingsbesluit",
        ),
        pk=pk,
    )


def aanmeldingen_mbo_by_pks(*, user, pks: list[int]) -> list[Aanmelding]:
    """The selected applications that are in scope; the caller compares the count."""
    return list(mbo_aanmeldingen(user=user).filter(pk__in=pks).select_related("leerling", "opleiding"))


def aanmeldingen_van_jaar_pks(*, user, pks: list[int], schooljaar: Schooljaar | None) -> set[int]:
    """Which of the selected applications are on the worklist of `schooljaar` (a bulk step works
    on the year the page shows)."""
    qs = aanmeldingen_van_jaar(mbo_aanmeldingen(user=user).filter(pk__in=pks), schooljaar)
    return set(qs.values_list("pk", flat=True))


def andere_aanmeldingen(*, user, aanmelding: Aanmelding) -> QuerySet[Aanmelding]:
    """The pupil's other applications at the user's own institution(s)."""
    return (
        mbo_aanmeldingen(user=user)
        .filter(leerling_id=aanmelding.leerling_id)
        .exclude(pk=aanmelding.pk)
        .select_related("opleiding__locatie")
        .order_by("keuze", "pk")
    )


def doorverwijs_opleidingen(*, user, aanmelding: Aanmelding) -> QuerySet[Opleiding]:
    """Open programmes of the application's institution (if the user handles its applications)."""
    return (
        Opleiding.objects.open()
        .filter(policy.bij_organisatie_q(user, "aanmeldingen_behandelen", "instelling_id"))
        .filter(instelling_id=aanmelding.opleiding.instelling_id)
        .exclude(pk=aanmelding.opleiding_id)
        .select_related("locatie")
    )


def formulier_voor_mbo(*, user, leerling) -> Doorstroomformulier | None:
    """The pupil's doorstroomformulier as the mbo may see it (only once final), or None."""
    return Doorstroomformulier.objects.for_user(user).filter(leerling=leerling).first()


def terugkoppeling_achterstand(*, user, schooljaar: Schooljaar | None = None) -> QuerySet[Aanmelding]:
    """Open applications of the own institution(s) that have not yet had every feedback moment,
    of the school year (`aanmeldingen_van_jaar`; without a year: all).

    Moment 2 (before the intake) is moot once a decision was taken without an intake, so an
    application is overdue when it lacks moment 1 or moment 3.
    """

    def had(moment: int):
        return Exists(Terugkoppeling.objects.filter(aanmelding=OuterRef("pk"), moment=moment))

    return (
        aanmeldingen_van_jaar(mbo_aanmeldingen(user=user), schooljaar)
        .exclude(status__in=(Status.INGETROKKEN, Status.DOORVERWEZEN))
        .annotate(
            had_1=had(Feedbackmoment.NA_AANMELDING),
            had_2=had(Feedbackmoment.VOOR_INTAKE),
            had_3=had(Feedbackmoment.NA_PLAATSINGSBESLUIT),
        )
        .filter(Q(had_1=False) | Q(had_3=False))
        .select_related("leerling__school", "leerling__schooljaar", "opleiding__locatie")
        .order_by("aangemeld_op", "pk")
    )


def noshow_lijst(
    *, user, today: datetime.date | None = None, schooljaar: Schooljaar | None = None
) -> QuerySet[Aanmelding]:
    """Enrolled pupils whose programme has started and whose start is not yet confirmed, of the
    school year (`aanmeldingen_van_jaar`; an earlier year's enrolment is open work, so it stays)."""
    today = today or timezone.localdate()
    return (
        aanmeldingen_van_jaar(mbo_aanmeldingen(user=user), schooljaar)
        .filter(status=Status.INGESCHREVEN, opleiding__startdatum__lte=today)
        .select_related("leerling__school", "leerling__schooljaar", "opleiding__locatie")
        .order_by("opleiding__startdatum", "leerling__achternaam", "pk")
    )


def noshow_nog_niet_gestart(*, user, today: datetime.date | None = None, schooljaar: Schooljaar | None = None) -> int:
    today = today or timezone.localdate()
    qs = aanmeldingen_van_jaar(mbo_aanmeldingen(user=user), schooljaar)
    return qs.filter(status=Status.INGESCHREVEN, opleiding__startdatum__gt=today).count()


def schooljaar_actief() -> Schooljaar | None:
    return Schooljaar.objects.actief()


# --- programmes -----------------------------------------------------------------------------


def beheerbare_opleidingen(*, user) -> QuerySet[Opleiding]:
    """Programmes of the institutions whose programmes the user maintains."""
    return Opleiding.objects.filter(policy.bij_organisatie_q(user, "opleidingen_beheren", "instelling_id"))


def opleiding_list(*, user) -> QuerySet[Opleiding]:
    """The programmes the user maintains, with all applications ever and the live ones (holding a place)."""
    from django.db.models import Count

    from .status import VERVALLEN

    return (
        beheerbare_opleidingen(user=user)
        .select_related("instelling", "locatie")
        .annotate(
            aantal_aanmeldingen=Count("aanmeldingen"),
            aantal_geldig=Count("aanmeldingen", filter=~Q(aanmeldingen__status__in=VERVALLEN)),
        )
        .order_by("-actief", "naam", "niveau", "pk")
    )


def opleiding_get(*, user, pk: int) -> Opleiding:
    return get_object_or_404(beheerbare_opleidingen(user=user).select_related("instelling", "locatie"), pk=pk)


def werklijst_opleidingen(*, user) -> QuerySet[Opleiding]:
    """Programmes of the institutions whose applications the user handles (filter choices)."""
    return Opleiding.objects.filter(
        policy.bij_organisatie_q(user, "aanmeldingen_behandelen", "instelling_id")
    ).order_by("naam", "niveau", "pk")


def werklijst_locaties(*, user) -> QuerySet[Locatie]:
    return Locatie.objects.filter(policy.bij_organisatie_q(user, "aanmeldingen_behandelen", "instelling_id"))


def locaties_voor_beheer(*, user) -> QuerySet[Locatie]:
    return Locatie.objects.filter(policy.bij_organisatie_q(user, "opleidingen_beheren", "instelling_id"))
