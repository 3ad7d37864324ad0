"""The region's figures: counts per school, institution, municipality and leerweg, this year
against last year at the same date, "zonder bestemming" on each milestone date, and lead times.

Counts are read with the same selectors the municipality's overview and lists use
(`rmc.selectors.met_toestand`, `Toestand`, `MET_BESTEMMING`), over the pupils of one school year
(its cohort). A page reads them scoped by `policy.regio_cijfers_q` (only the regional monitor
counts anything); the daily snapshot (`services.momentopname_maken`, a system task without a
user) counts the whole installation. The exceptions, `gemeente_reeks` and `dag_vergelijking`,
read the snapshots of the user's own municipalities, schools or institutions
(`policy.organisaties(user, <the permission of that dimension>)`) for each role's figures over
time (dossier/cijfers.py). Every function costs a fixed number of
queries whatever the number of pupils; none returns a row about one pupil.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from statistics import median

from django.conf import settings
from django.db.models import Count, Max, OuterRef, Q, Subquery, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from aanmelding.models import Aanmelding, Intake
from aanmelding.status import Status
from leerlingen.models import EldersSoort, Leerling, Leerweg, Schooljaar
from rmc.models import Contactmoment, Melding, MeldingSoort
from rmc.selectors import MET_BESTEMMING, Toestand, met_toestand
from terugkoppeling.models import Terugkoppeling
from voroc import policy
from voroc.accounts.models import Organisatie

from .models import Categorie, Dimensie, Telling

# The pupil dimensions: the field of the pupil that keys each.
PUPIL_DIMENSIES = {Dimensie.SCHOOL: "school_id", Dimensie.GEMEENTE: "woongemeente_id", Dimensie.LEERWEG: "leerweg"}

# The milestone dates on which "zonder bestemming" is reported (Schooljaar fields, in order).
MIJLPALEN = (
    "formulieren_gereed",
    "risico_melden",
    "aanmelddeadline",
    "terugkoppeling_gereed",
    "diplomaresultaten",
    "juni_controle",
    "mbo_start",
)

# The application states an institution's table shows (a concept is not sent: nobody at the mbo sees it).
AANMELDING_STATUSSEN = [s for s in Status if s != Status.CONCEPT]


@dataclass(frozen=True)
class Cijfer:
    """One count: what a snapshot row holds, without the date and the year."""

    dimensie: str
    sleutel: str
    naam: str
    categorie: str
    waarde: str
    aantal: int
    onderdeel: str = ""
    onderdeel_naam: str = ""


def _cijfers(schooljaar: Schooljaar, leerling_q: Q, aanmelding_q: Q) -> list[Cijfer]:
    """Every count of one school year: two queries for the counts, one for the names."""
    pupils = met_toestand(Leerling.objects.filter(leerling_q, schooljaar=schooljaar))
    groepen = (
        pupils.order_by()
        .values("school_id", "woongemeente_id", "leerweg", "toestand", "elders__soort")
        .annotate(n=Count("pk"), risico_n=Count("pk", filter=Q(risico=True)))
    )
    tellers: dict[tuple, int] = defaultdict(int)
    for g in groepen:
        sleutels = [(Dimensie.REGIO, "", "")] + [(d, str(g[veld]), "") for d, veld in PUPIL_DIMENSIES.items()]
        # The school per leerweg: what a mentor compares with last year (a group is no snapshot key).
        sleutels.append((Dimensie.SCHOOL_LEERWEG, str(g["school_id"]), g["leerweg"]))
        for dimensie, sleutel, deel in sleutels:
            tellers[(dimensie, sleutel, deel, Categorie.TOTAAL, "")] += g["n"]
            tellers[(dimensie, sleutel, deel, Categorie.TOESTAND, g["toestand"])] += g["n"]
            tellers[(dimensie, sleutel, deel, Categorie.RISICO, "")] += g["risico_n"]
            if g["toestand"] not in MET_BESTEMMING:
                tellers[(dimensie, sleutel, deel, Categorie.ZONDER_BESTEMMING, "")] += g["n"]
            if g["toestand"] == Toestand.ELDERS and g["elders__soort"]:
                tellers[(dimensie, sleutel, deel, Categorie.BESTEMMING, g["elders__soort"])] += g["n"]
    aanmeldingen = (
        Aanmelding.objects.filter(aanmelding_q, leerling__schooljaar=schooljaar)
        .exclude(status=Status.CONCEPT)
        .order_by()
        .values("opleiding__instelling_id", "status")
        .annotate(n=Count("pk"))
    )
    for a in aanmeldingen:
        sleutel = str(a["opleiding__instelling_id"])
        tellers[(Dimensie.INSTELLING, sleutel, "", Categorie.AANMELDING_STATUS, a["status"])] += a["n"]
        tellers[(Dimensie.INSTELLING, sleutel, "", Categorie.TOTAAL, "")] += a["n"]
    org_ids = {int(k[1]) for k in tellers if k[0] in ORGANISATIE_DIMENSIES}
    namen = dict(Organisatie.objects.filter(pk__in=org_ids).values_list("pk", "naam")) if org_ids else {}
    leerwegen = dict(Leerweg.choices)

    def naam(dimensie, sleutel):
        if dimensie == Dimensie.REGIO:
            return "Regio"
        if dimensie == Dimensie.LEERWEG:
            return leerwegen.get(sleutel, sleutel)
        return namen.get(int(sleutel), "")

    return [
        Cijfer(d, s, naam(d, s), c, w, n, deel, leerwegen.get(deel, deel))
        for (d, s, deel, c, w), n in sorted(tellers.items())
    ]


ORGANISATIE_DIMENSIES = (Dimensie.SCHOOL, Dimensie.GEMEENTE, Dimensie.INSTELLING, Dimensie.SCHOOL_LEERWEG)


def cijfers_voor_momentopname(*, schooljaar: Schooljaar) -> list[Cijfer]:
    """Every count of the school year over the whole installation: for the daily snapshot only (a
    system task, no user; it holds counts, never a pupil), with the lead times as of today."""
    return (
        _cijfers(schooljaar, Q(), Q())
        + doorloop_cijfers(_doorlooptijden_opleidingen(schooljaar, Q()))
        + contact_cijfers(_eerste_contact_gemeenten(schooljaar, Q()))
    )


def regio_cijfers(*, user, schooljaar: Schooljaar) -> list[Cijfer]:
    """The counts of the school year that the user may see: all of the region for the regional
    monitor, nothing for anyone else."""
    return _cijfers(schooljaar, policy.regio_cijfers_q(user), policy.regio_cijfers_q(user, "leerling__"))


def zelfde_dag_vorig_jaar(datum: datetime.date) -> datetime.date:
    """The same day of the calendar a year earlier (29 February: the 28th)."""
    try:
        return datum.replace(year=datum.year - 1)
    except ValueError:
        return datum.replace(year=datum.year - 1, day=28)


def vorig_schooljaar(schooljaar: Schooljaar) -> Schooljaar | None:
    return Schooljaar.objects.filter(startjaar=schooljaar.startjaar - 1).first()


def momentopname_cijfers(
    *, user, schooljaar: Schooljaar | None, op: datetime.date
) -> tuple[datetime.date | None, list]:
    """The counts of the latest snapshot of `schooljaar` on or before `op`, for the monitor: (its
    date, the counts); (None, []) when there is none. Two queries."""
    if schooljaar is None or not policy.holds_any(user, "regio_monitoren"):
        return None, []
    rijen = Telling.objects.filter(schooljaar=schooljaar, datum__lte=op)
    datum = rijen.aggregate(d=Max("datum"))["d"]
    if datum is None:
        return None, []
    cijfers = [
        Cijfer(t.dimensie, t.sleutel, t.naam, t.categorie, t.waarde, t.aantal, t.onderdeel, t.onderdeel_naam)
        for t in rijen.filter(datum=datum).order_by()
    ]
    return datum, cijfers


def zonder_bestemming_reeks(*, user, schooljaren: list[Schooljaar]) -> dict[int, list[tuple[datetime.date, int]]]:
    """{school year id: [(date, region's count "zonder bestemming")] by date} from the snapshots; one query."""
    result: dict[int, list] = {sj.pk: [] for sj in schooljaren}
    if not schooljaren or not policy.holds_any(user, "regio_monitoren"):
        return result
    rijen = (
        Telling.objects.filter(
            schooljaar__in=schooljaren, dimensie=Dimensie.REGIO, categorie=Categorie.ZONDER_BESTEMMING
        )
        .order_by("datum")
        .values_list("schooljaar_id", "datum", "aantal")
    )
    for schooljaar_id, datum, aantal in rijen:
        result[schooljaar_id].append((datum, aantal))
    return result


def op_datum(reeks: list[tuple[datetime.date, int]], datum: datetime.date | None) -> int | None:
    """The value of the latest snapshot on or before `datum` (None: none, or a date still to come)."""
    if datum is None or datum > timezone.localdate():
        return None
    waarde = None
    for d, aantal in reeks:
        if d > datum:
            break
        waarde = aantal
    return waarde


# --- Lead times ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Doorloopstand:
    """A lead time as the report shows it: measured ones, their sum of days, the median, how many
    within the norm. What the snapshot keeps of a `Doorlooptijd` (the median in half days, so a
    median of 2.5 stays exact in a count), so last year's figure reads the same after the purge."""

    gemeten: int = 0
    som: int = 0
    mediaan: float | None = None
    binnen_norm: int = 0
    norm: int | None = None

    @property
    def gemiddeld(self) -> float | None:
        return round(self.som / self.gemeten, 1) if self.gemeten else None

    @property
    def aandeel_binnen_norm(self) -> int | None:
        """Percentage (whole) of the measured ones within the norm."""
        return round(100 * self.binnen_norm / self.gemeten) if self.gemeten else None

    @classmethod
    def uit_tellingen(cls, tellingen: dict, stap: str) -> Doorloopstand:
        """From a snapshot's counts {(categorie, waarde): n} of one group."""
        gemeten = tellingen.get((Categorie.DOORLOOP_GEMETEN, stap), 0)
        mediaan2 = tellingen.get((Categorie.DOORLOOP_MEDIAAN, stap))
        mediaan = None if not gemeten or mediaan2 is None else (mediaan2 // 2 if mediaan2 % 2 == 0 else mediaan2 / 2)
        return cls(
            gemeten,
            tellingen.get((Categorie.DOORLOOP_DAGEN, stap), 0),
            mediaan,
            tellingen.get((Categorie.DOORLOOP_BINNEN_NORM, stap), 0),
            tellingen.get((Categorie.DOORLOOP_NORM, stap)),
        )


@dataclass
class Doorlooptijd:
    """Days from one step to the next for a group (an institution's programme, a municipality)."""

    aantal: int = 0
    dagen: list[int] = field(default_factory=list)
    norm: int = 0

    @property
    def gemiddeld(self) -> float | None:
        return self.stand().gemiddeld

    @property
    def mediaan(self) -> float | None:
        return median(self.dagen) if self.dagen else None

    @property
    def binnen_norm(self) -> int:
        return sum(1 for d in self.dagen if d <= self.norm)

    @property
    def aandeel_binnen_norm(self) -> int | None:
        return self.stand().aandeel_binnen_norm

    def stand(self) -> Doorloopstand:
        return Doorloopstand(len(self.dagen), sum(self.dagen), self.mediaan, self.binnen_norm, self.norm)


STAPPEN = (("ontvangst", "ontvangst"), ("intake", "intake"), ("besluit", "plaatsingsbesluit"))
CONTACT = "eerste_contact"  # the step of a risk melding to the first contact (its norm's name too)


def normen() -> dict[str, int]:
    """The region's norms in days (`VOROC_RAPPORTAGE_NORMEN`)."""
    return dict(settings.VOROC_RAPPORTAGE_NORMEN)


@dataclass
class OpleidingDoorlooptijden:
    instelling: str
    opleiding: str
    aanmeldingen: int = 0
    stappen: dict[str, Doorlooptijd] = field(default_factory=dict)
    instelling_id: int | None = None
    opleiding_id: int | None = None


def _dagen(van, tot) -> int | None:
    if van is None or tot is None:
        return None
    van = timezone.localdate(van) if isinstance(van, datetime.datetime) else van
    tot = timezone.localdate(tot) if isinstance(tot, datetime.datetime) else tot
    return max((tot - van).days, 0)


def doorlooptijden_opleidingen(*, user, schooljaar: Schooljaar) -> list[OpleidingDoorlooptijden]:
    """Per institution and programme: days from the application to its receipt (the first move to
    "in behandeling"), to the intake held, to the placement decision, and the share within the
    norm. Applications of the school year's pupils that were sent. One query."""
    return _doorlooptijden_opleidingen(schooljaar, policy.regio_cijfers_q(user, "leerling__"))


def _doorlooptijden_opleidingen(schooljaar: Schooljaar, aanmelding_q: Q) -> list[OpleidingDoorlooptijden]:
    ontvangen = (
        Terugkoppeling.objects.filter(aanmelding_id=OuterRef("pk"), status=Status.IN_BEHANDELING)
        .order_by("tijdstip")
        .values("tijdstip")[:1]
    )
    intake = (
        Intake.objects.filter(aanmelding_id=OuterRef("pk"), gehad_op__isnull=False)
        .order_by("gehad_op")
        .values("gehad_op")[:1]
    )
    rijen = (
        Aanmelding.objects.filter(aanmelding_q, leerling__schooljaar=schooljaar, aangemeld_op__isnull=False)
        .order_by()
        .annotate(ontvangen_op=Subquery(ontvangen), intake_op=Subquery(intake))
        .values_list(
            "opleiding__instelling__naam",
            "opleiding__naam",
            "opleiding__instelling_id",
            "opleiding_id",
            "aangemeld_op",
            "ontvangen_op",
            "intake_op",
            "plaatsingsbesluit__besloten_op",
        )
    )
    norm = normen()
    groepen: dict[int, OpleidingDoorlooptijden] = {}
    for (
        instelling,
        opleiding,
        instelling_id,
        opleiding_id,
        aangemeld,
        ontvangen_op,
        intake_op,
        besluit_op,
    ) in rijen.iterator():
        groep = groepen.get(opleiding_id)
        if groep is None:
            groep = groepen[opleiding_id] = OpleidingDoorlooptijden(
                instelling,
                opleiding,
                stappen={s: Doorlooptijd(norm=norm[s]) for s, _ in STAPPEN},
                instelling_id=instelling_id,
                opleiding_id=opleiding_id,
            )
        groep.aanmeldingen += 1
        for stap, tot in (("ontvangst", ontvangen_op), ("intake", intake_op), ("besluit", besluit_op)):
            dagen = _dagen(aangemeld, tot)
            if dagen is not None:
                groep.stappen[stap].dagen.append(dagen)
    return sorted(groepen.values(), key=lambda g: (g.instelling, g.opleiding))


@dataclass
class GemeenteContact:
    gemeente: str
    meldingen: int = 0
    tijd: Doorlooptijd = field(default_factory=Doorlooptijd)
    gemeente_id: int | None = None


def eerste_contact_gemeenten(*, user, schooljaar: Schooljaar) -> list[GemeenteContact]:
    """Per municipality (the pupil's home municipality): risk meldingen of the school year's pupils
    and the days from the melding to the first contact moment on or after its day. One query."""
    return _eerste_contact_gemeenten(schooljaar, policy.regio_cijfers_q(user, "leerling__"))


def _eerste_contact_gemeenten(schooljaar: Schooljaar, melding_q: Q) -> list[GemeenteContact]:
    eerste = (
        Contactmoment.objects.filter(leerling_id=OuterRef("leerling_id"), datum__gte=OuterRef("dag"))
        .order_by("datum")
        .values("datum")[:1]
    )
    rijen = (
        Melding.objects.filter(melding_q, leerling__schooljaar=schooljaar, soort=MeldingSoort.RISICO)
        .order_by()
        .annotate(dag=TruncDate("aangemaakt"))
        .annotate(eerste_contact=Subquery(eerste))
        .values_list("leerling__woongemeente__naam", "leerling__woongemeente_id", "aangemaakt", "eerste_contact")
    )
    norm = normen()[CONTACT]
    groepen: dict[int, GemeenteContact] = {}
    for gemeente, gemeente_id, aangemaakt, contact in rijen.iterator():
        groep = groepen.setdefault(gemeente_id, GemeenteContact(gemeente, tijd=Doorlooptijd(norm=norm)))
        groep.gemeente_id = gemeente_id
        groep.meldingen += 1
        dagen = _dagen(aangemaakt, contact)
        if dagen is not None:
            groep.tijd.dagen.append(dagen)
    return sorted(groepen.values(), key=lambda g: g.gemeente)


def _stand_cijfers(dimensie, sleutel, naam, deel, deel_naam, aantal: int, standen) -> list[Cijfer]:
    """A group's lead times as snapshot counts: its size, and per step what `Doorloopstand` keeps."""
    result = [Cijfer(dimensie, sleutel, naam, Categorie.DOORLOOP_AANTAL, "", aantal, deel, deel_naam)]
    for stap, st in standen:
        waarden = [
            (Categorie.DOORLOOP_GEMETEN, st.gemeten),
            (Categorie.DOORLOOP_DAGEN, st.som),
            (Categorie.DOORLOOP_BINNEN_NORM, st.binnen_norm),
            (Categorie.DOORLOOP_NORM, st.norm),
        ]
        if st.mediaan is not None:
            waarden.append((Categorie.DOORLOOP_MEDIAAN, round(2 * st.mediaan)))
        result += [Cijfer(dimensie, sleutel, naam, c, stap, n, deel, deel_naam) for c, n in waarden]
    return result


def doorloop_cijfers(groepen: list[OpleidingDoorlooptijden]) -> list[Cijfer]:
    """The programmes' lead times as snapshot counts (dimension OPLEIDING: the institution, the programme)."""
    result = []
    for g in groepen:
        standen = [(stap, g.stappen[stap].stand()) for stap, _ in STAPPEN]
        result += _stand_cijfers(
            Dimensie.OPLEIDING,
            str(g.instelling_id),
            g.instelling,
            str(g.opleiding_id),
            g.opleiding,
            g.aanmeldingen,
            standen,
        )
    return result


def contact_cijfers(groepen: list[GemeenteContact]) -> list[Cijfer]:
    """The municipalities' days to the first contact as snapshot counts (dimension GEMEENTE)."""
    result = []
    for g in groepen:
        result += _stand_cijfers(
            Dimensie.GEMEENTE, str(g.gemeente_id), g.gemeente, "", "", g.meldingen, [(CONTACT, g.tijd.stand())]
        )
    return result


ELDERS_LABELS = dict(EldersSoort.choices)


def gemeente_reeks(*, user, schooljaren: list[Schooljaar]) -> dict[int, list[tuple[datetime.date, int, int]]]:
    """{school year id: [(date, "zonder bestemming", risk pupils)] by date} from the snapshots of
    the municipalities where the user works (`woongemeente_inzien`), summed over them; one query.
    Counts only: the consulent's own figures over time, this year against last."""
    result: dict[int, list] = {sj.pk: [] for sj in schooljaren}
    gemeenten = [str(pk) for pk in policy.organisaties(user, "woongemeente_inzien")]
    if not schooljaren or not gemeenten:
        return result
    rijen = (
        Telling.objects.filter(
            schooljaar__in=schooljaren,
            dimensie=Dimensie.GEMEENTE,
            sleutel__in=gemeenten,
            categorie__in=[Categorie.ZONDER_BESTEMMING, Categorie.RISICO],
        )
        .order_by("datum")
        .values("schooljaar_id", "datum")
        .annotate(
            zonder=Sum("aantal", filter=Q(categorie=Categorie.ZONDER_BESTEMMING)),
            risico=Sum("aantal", filter=Q(categorie=Categorie.RISICO)),
        )
    )
    for r in rijen:
        result[r["schooljaar_id"]].append((r["datum"], r["zonder"] or 0, r["risico"] or 0))
    return result


# Whose snapshots a user reads per dimension: the organisations where the user holds one of the
# permissions. A school's leerwegen also for the mentor: the group itself is no snapshot key (it is
# a set of pupils per mentor, new each year), so the mentor compares the school's leerwegen of the
# group, counts of the whole school that name no pupil.
EIGEN_DIMENSIE = {
    Dimensie.GEMEENTE: ("woongemeente_inzien",),
    Dimensie.SCHOOL: ("leerlingen_alle_inzien",),
    Dimensie.INSTELLING: ("aanmeldingen_behandelen",),
    Dimensie.OPLEIDING: ("aanmeldingen_behandelen",),
    Dimensie.SCHOOL_LEERWEG: ("leerlingen_alle_inzien", "leerlingen_mentorgroep_inzien"),
}


def _eigen_sleutels(user, dimensie: str) -> list[str]:
    return sorted({str(pk) for perm in EIGEN_DIMENSIE[dimensie] for pk in policy.organisaties(user, perm)})


@dataclass
class Dagstand:
    """The counts of one snapshot day, summed over the user's organisations: {(categorie, waarde): n}."""

    datum: datetime.date | None = None
    tellingen: dict = field(default_factory=dict)

    def aantal(self, categorie: str, waarde: str = "") -> int | None:
        """The count, 0 when the snapshot has none of it; None when there is no snapshot."""
        if self.datum is None:
            return None
        return self.tellingen.get((categorie, waarde), 0)


def dag_vergelijking(
    *, user, dimensie: str, schooljaar: Schooljaar, vorig: Schooljaar | None, vandaag: datetime.date
) -> tuple[Dagstand, Dagstand] | None:
    """(this year, last year at the same date): the latest snapshot of `schooljaar` on or before
    `vandaag` and of `vorig` on or before the same calendar day a year earlier, of the user's own
    schools, institutions or municipalities (`EIGEN_DIMENSIE`), summed over them; None when the
    user has no organisation of that dimension (the mentor: no school-wide figures). Two queries.
    Counts only."""
    nu, toen = Dagstand(), Dagstand()
    sleutels = _eigen_sleutels(user, dimensie)
    if not sleutels:
        return None
    eigen = Telling.objects.filter(dimensie=dimensie, sleutel__in=sleutels)
    dagen = _dagen_van(eigen, {schooljaar.pk: nu} | ({vorig.pk: toen} if vorig else {}), schooljaar, vorig, vandaag)
    if dagen is None:
        return nu, toen
    standen = {schooljaar.pk: nu} | ({vorig.pk: toen} if vorig is not None else {})
    for pk, categorie, waarde, n in (
        eigen.filter(dagen).order_by().values_list("schooljaar_id", "categorie", "waarde").annotate(n=Sum("aantal"))
    ):
        standen[pk].tellingen[(categorie, waarde)] = n
    return nu, toen


def _dagen_van(eigen, standen: dict, schooljaar: Schooljaar, vorig: Schooljaar | None, vandaag) -> Q | None:
    """The filter of the two snapshot days (this year's latest on or before `vandaag`, last year's
    on or before the same calendar day), setting each stand's `datum`; None when there is none. One
    query."""
    tot = Q(schooljaar=schooljaar, datum__lte=vandaag)
    if vorig is not None:
        tot |= Q(schooljaar=vorig, datum__lte=zelfde_dag_vorig_jaar(vandaag))
    datums = dict(eigen.filter(tot).order_by().values_list("schooljaar_id").annotate(d=Max("datum")))
    if not datums:
        return None
    dagen = Q()
    for pk, datum in datums.items():
        standen[pk].datum = datum
        dagen |= Q(schooljaar_id=pk, datum=datum)
    return dagen


@dataclass
class Deel:
    """One organisation or part of it in a snapshot day: its names and its counts {(categorie, waarde): n}."""

    naam: str
    onderdeel_naam: str
    tellingen: dict = field(default_factory=dict)


@dataclass
class Doorloopgroep:
    """A group's lead times, live or from a snapshot: the organisation, the programme ("" for a
    municipality), its applications or risk meldingen, and per step its `Doorloopstand`."""

    naam: str
    onderdeel_naam: str
    aantal: int
    standen: dict[str, Doorloopstand]

    @classmethod
    def uit_deel(cls, deel: Deel, stappen: list[str]) -> Doorloopgroep:
        return cls(
            deel.naam,
            deel.onderdeel_naam,
            deel.tellingen.get((Categorie.DOORLOOP_AANTAL, ""), 0),
            {stap: Doorloopstand.uit_tellingen(deel.tellingen, stap) for stap in stappen},
        )


DOORLOOP_CATEGORIEEN = [
    Categorie.DOORLOOP_AANTAL,
    Categorie.DOORLOOP_GEMETEN,
    Categorie.DOORLOOP_DAGEN,
    Categorie.DOORLOOP_MEDIAAN,
    Categorie.DOORLOOP_BINNEN_NORM,
    Categorie.DOORLOOP_NORM,
]


def opleiding_groepen(groepen: list[OpleidingDoorlooptijden]) -> dict[tuple[str, str], Doorloopgroep]:
    """Live lead times keyed as the snapshot keys them: (institution id, programme id)."""
    return {
        (str(g.instelling_id), str(g.opleiding_id)): Doorloopgroep(
            g.instelling, g.opleiding, g.aanmeldingen, {stap: g.stappen[stap].stand() for stap, _ in STAPPEN}
        )
        for g in groepen
    }


def gemeente_groepen(groepen: list[GemeenteContact]) -> dict[tuple[str, str], Doorloopgroep]:
    """Live days to the first contact keyed as the snapshot keys them: (municipality id, "")."""
    return {
        (str(g.gemeente_id), ""): Doorloopgroep(g.gemeente, "", g.meldingen, {CONTACT: g.tijd.stand()}) for g in groepen
    }


@dataclass
class Dagdelen:
    """The counts of one snapshot day per (organisation, part): {(sleutel, onderdeel): Deel}."""

    datum: datetime.date | None = None
    delen: dict = field(default_factory=dict)


def dag_vergelijking_delen(
    *,
    user,
    dimensie: str,
    categorieen: list[str],
    schooljaar: Schooljaar,
    vorig: Schooljaar | None,
    vandaag: datetime.date,
    onderdelen: list[str] | None = None,
) -> tuple[Dagdelen, Dagdelen] | None:
    """As `dag_vergelijking`, but per organisation and part (an institution's programme, a school's
    leerweg, a municipality) instead of summed, for `categorieen` (and `onderdelen` only, when
    given): lead times keep their median only per group. None when the user has no organisation of
    the dimension. Two queries. Counts only."""
    nu, toen = Dagdelen(), Dagdelen()
    sleutels = _eigen_sleutels(user, dimensie)
    if not sleutels:
        return None
    eigen = Telling.objects.filter(dimensie=dimensie, sleutel__in=sleutels, categorie__in=categorieen)
    if onderdelen is not None:
        eigen = eigen.filter(onderdeel__in=onderdelen)
    standen = {schooljaar.pk: nu} | ({vorig.pk: toen} if vorig is not None else {})
    dagen = _dagen_van(eigen, standen, schooljaar, vorig, vandaag)
    if dagen is None:
        return nu, toen
    for t in eigen.filter(dagen).order_by():
        deel = standen[t.schooljaar_id].delen.setdefault((t.sleutel, t.onderdeel), Deel(t.naam, t.onderdeel_naam))
        deel.tellingen[(t.categorie, t.waarde)] = t.aantal
    return nu, toen
