"""The "Cijfers" page: each role's figures as charts with their number tables.

Every number is counted with the FilterSet and scoped selector of the list it links to, with the
query string of its link (as the start page's tiles in `dossier.dashboard`), or grouped in one
query that applies the same filters; so the number is the rows behind the link, and
tests/dossier/test_cijfers.py follows every link to check it. A fixed number of queries whatever
the rows. The page shows counts and the names of classes, leerwegen and programmes, never a pupil,
so no read is logged. The lists are those of the active school year (no `schooljaar` in a link).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from aanmelding.models import Aanmelding, Opleiding
from aanmelding.selectors import leerlingen_zonder_aanmelding
from aanmelding.status import Feedbackmoment, Status
from leerlingen.models import Leerweg, Schooljaar
from rapportage import grafieken
from rapportage import selectors as rapportage
from rapportage.models import Categorie, Dimensie
from rmc.selectors import Toestand
from terugkoppeling.models import Terugkoppeling
from voroc import policy

from .dashboard import _tegel


@dataclass(frozen=True)
class Cel:
    """One number of a table, with the list behind it ("" when there is none for the role)."""

    waarde: int | str | None
    url: str = ""


@dataclass
class Blok:
    """One table with its chart. The first cell of a row names it; the others are `Cel`s."""

    code: str
    titel: str
    koppen: list[str]
    rijen: list[list] = field(default_factory=list)
    toelichting: str = ""
    grafiek: grafieken.Staafdiagram | None = None


def _url(url_name: str, params: dict) -> str:
    return reverse(url_name) + (f"?{urlencode(params)}" if params else "")


def _waarden(rijen, kolom: int) -> list:
    return [r[kolom].waarde for r in rijen]


def _links(rijen, kolom: int) -> list[str]:
    return [r[kolom].url for r in rijen]


def _datum(d) -> str:
    return f"{d:%d-%m-%Y}" if d else "geen momentopname"


def _vergelijking(user, code, titel, kop, dimensie, rijen, schooljaar, vandaag, toelichting) -> Blok | None:
    """This year against last year at the same date, from the daily snapshots of the user's own
    schools or institutions (`rapportage.selectors.dag_vergelijking`): per row (label, categorie,
    waarde) the count of this year's latest snapshot, last year's on or before the same calendar
    day, and the difference; a row that is 0 (or has no snapshot) both years is left out, but the
    first, the total.
    None when the user has no organisation of the dimension."""
    vorig = rapportage.vorig_schooljaar(schooljaar)
    standen = rapportage.dag_vergelijking(
        user=user, dimensie=dimensie, schooljaar=schooljaar, vorig=vorig, vandaag=vandaag
    )
    if standen is None:
        return None
    nu, toen = standen
    dag_vorig = rapportage.zelfde_dag_vorig_jaar(vandaag)
    blok = Blok(
        code,
        titel,
        [
            kop,
            f"Dit jaar ({_datum(nu.datum)})",
            f"Vorig jaar ({_datum(toen.datum)})",
            "Verschil",
        ],
        toelichting=f"{toelichting} Uit de dagelijkse momentopnamen: dit jaar de laatste op of vóór vandaag, vorig "
        f"jaar de laatste op of vóór dezelfde dag van de kalender ({dag_vorig:%d-%m-%Y}). Leeg: geen momentopname.",
    )
    for i, (label, categorie, waarde) in enumerate(rijen):
        a, b = nu.aantal(categorie, waarde), toen.aantal(categorie, waarde)
        if i and not a and not b:
            continue
        blok.rijen.append([label, Cel(a), Cel(b), Cel(a - b if a is not None and b is not None else None)])
    blok.grafiek = grafieken.staafdiagram(
        f"grafiek-{code}",
        titel,
        [r[0] for r in blok.rijen],
        [("Dit jaar", _waarden(blok.rijen, 1)), ("Vorig jaar", _waarden(blok.rijen, 2))],
    )
    return blok


# Rows of the school's comparison: (label, categorie, waarde) of the school dimension's snapshot.
SCHOOL_VERGELIJKING = [
    ("leerlingen", Categorie.TOTAAL, ""),
    *((t.label, Categorie.TOESTAND, t.value) for t in Toestand),
    ("zonder bestemming", Categorie.ZONDER_BESTEMMING, ""),
    ("risicoleerlingen", Categorie.RISICO, ""),
]
# And of the institution's: its applications (sent ones) per status.
MBO_VERGELIJKING = [
    ("aanmeldingen", Categorie.TOTAAL, ""),
    *((s.label, Categorie.AANMELDING_STATUS, s.value) for s in rapportage.AANMELDING_STATUSSEN),
]


def _leerweg_vergelijking(user, schooljaar, vandaag, leerwegen: list[str], mentor: bool) -> Blok | None:
    """The school per leerweg of the user's list, this year against last year at the same date
    (the snapshots of the school's leerwegen, summed over the user's schools). For the mentor the
    group's own comparison: a group is a set of pupils per mentor, new each year, and the snapshot
    keeps no figures per mentor or class, so the honest comparison is the school's leerwegen of the
    group."""
    if not leerwegen:
        return None
    vorig = rapportage.vorig_schooljaar(schooljaar)
    standen = rapportage.dag_vergelijking_delen(
        user=user,
        dimensie=Dimensie.SCHOOL_LEERWEG,
        categorieen=[c for _, c, _ in SCHOOL_VERGELIJKING],
        schooljaar=schooljaar,
        vorig=vorig,
        vandaag=vandaag,
        onderdelen=leerwegen,
    )
    if standen is None:
        return None
    nu, toen = (_per_onderdeel(d) for d in standen)
    labels = dict(Leerweg.choices)
    dag_vorig = rapportage.zelfde_dag_vorig_jaar(vandaag)
    wie = (
        "Uw mentorgroep zelf is niet met vorig jaar te vergelijken: een groep is ieder jaar een andere set "
        "leerlingen, en VOROC bewaart geen cijfers per mentor of klas. Daarom hier de hele school in de "
        "leerweg(en) van uw groep."
        if mentor
        else "De leerlingen van uw school per leerweg."
    )
    blok = Blok(
        "vergelijking-leerweg",
        "Uw school per leerweg dit jaar en vorig jaar op dezelfde dag",
        [
            "Leerweg",
            "Stand van zaken",
            f"Dit jaar ({_datum(standen[0].datum)})",
            f"Vorig jaar ({_datum(standen[1].datum)})",
            "Verschil",
        ],
        toelichting=f"{wie} Uit de dagelijkse momentopnamen: dit jaar de laatste op of vóór vandaag, vorig jaar de "
        f"laatste op of vóór dezelfde dag van de kalender ({dag_vorig:%d-%m-%Y}). Leeg: geen momentopname.",
    )
    for leerweg in sorted(leerwegen):
        for i, (label, categorie, waarde) in enumerate(SCHOOL_VERGELIJKING):
            a = None if standen[0].datum is None else nu.get(leerweg, {}).get((categorie, waarde), 0)
            b = None if standen[1].datum is None else toen.get(leerweg, {}).get((categorie, waarde), 0)
            if i and not a and not b:
                continue
            verschil = a - b if a is not None and b is not None else None
            blok.rijen.append([labels.get(leerweg, leerweg), Cel(label), Cel(a), Cel(b), Cel(verschil)])
    blok.grafiek = grafieken.staafdiagram(
        "grafiek-vergelijking-leerweg",
        blok.titel,
        [f"{r[0]}: {r[1].waarde}" for r in blok.rijen],
        [("Dit jaar", _waarden(blok.rijen, 2)), ("Vorig jaar", _waarden(blok.rijen, 3))],
    )
    return blok


def _per_onderdeel(dag) -> dict[str, dict]:
    """{onderdeel: {(categorie, waarde): n}} summed over the user's organisations."""
    result: dict[str, dict] = defaultdict(lambda: defaultdict(int))
    for (_sleutel, onderdeel), deel in dag.delen.items():
        for k, n in deel.tellingen.items():
            result[onderdeel][k] += n
    return result


def _stand_cellen(st) -> list[Cel]:
    """Measured, mean, median, % within the norm, the norm; empty without a snapshot."""
    if st is None:
        return [Cel(None)] * 5
    return [
        Cel(st.gemeten),
        Cel(_heel(st.gemiddeld)),
        Cel(_heel(st.mediaan)),
        Cel(st.aandeel_binnen_norm),
        Cel(st.norm),
    ]


def _heel(waarde):
    return int(waarde) if isinstance(waarde, float) and waarde.is_integer() else waarde


def _doorloop_koppen(nu, toen, wat: str) -> list[str]:
    koppen = []
    for jaar, dag in (("dit jaar", nu.datum), ("vorig jaar", toen.datum)):
        koppen += [
            f"{wat} {jaar} ({_datum(dag)})",
            f"Gemiddeld {jaar} (dagen)",
            f"Mediaan {jaar} (dagen)",
            f"Binnen norm {jaar} (%)",
            f"Norm {jaar} (dagen)",
        ]
    return koppen


def _doorloop_vergelijking(user, dimensie, schooljaar, vandaag, stappen):
    vorig = rapportage.vorig_schooljaar(schooljaar)
    standen = rapportage.dag_vergelijking_delen(
        user=user,
        dimensie=dimensie,
        categorieen=rapportage.DOORLOOP_CATEGORIEEN,
        schooljaar=schooljaar,
        vorig=vorig,
        vandaag=vandaag,
    )
    if standen is None:
        return None
    nu, toen = standen
    groepen = [{k: rapportage.Doorloopgroep.uit_deel(d, stappen) for k, d in dag.delen.items()} for dag in (nu, toen)]
    sleutels = sorted(
        set(groepen[0]) | set(groepen[1]),
        key=lambda k: (
            (groepen[0].get(k) or groepen[1][k]).onderdeel_naam.lower(),
            (groepen[0].get(k) or groepen[1][k]).naam.lower(),
            k,
        ),
    )
    return nu, toen, groepen, sleutels


DOORLOOP_TOELICHTING = (
    "Uit de dagelijkse momentopnamen: dit jaar de laatste op of vóór vandaag, vorig jaar de laatste op of vóór "
    "dezelfde dag van de kalender ({dag:%d-%m-%Y}), ieder jaar met de norm van de regio van die dag. Leeg: geen "
    "momentopname, of niets gemeten."
)


def _mbo_doorlooptijden(user, schooljaar, vandaag) -> Blok | None:
    """The institution's lead times per programme and step, this year against last year at the same date."""
    stappen = [s for s, _ in rapportage.STAPPEN]
    uitkomst = _doorloop_vergelijking(user, Dimensie.OPLEIDING, schooljaar, vandaag, stappen)
    if uitkomst is None:
        return None
    nu, toen, groepen, sleutels = uitkomst
    instellingen = {k[0] for k in sleutels}
    blok = Blok(
        "doorlooptijden-mbo",
        "Doorlooptijden per opleiding dit jaar en vorig jaar op dezelfde dag: dagen vanaf de aanmelding",
        ["Opleiding", "Tot", *_doorloop_koppen(nu, toen, "Gemeten")],
        toelichting="Ontvangst: de aanmelding in behandeling genomen; intake: de intake gehouden; plaatsingsbesluit: "
        "het besluit vastgelegd. " + DOORLOOP_TOELICHTING.format(dag=rapportage.zelfde_dag_vorig_jaar(vandaag)),
    )
    for k in sleutels:
        a, b = groepen[0].get(k), groepen[1].get(k)
        g = a or b
        naam = g.onderdeel_naam if len(instellingen) == 1 else f"{g.onderdeel_naam} ({g.naam})"
        for stap, label in rapportage.STAPPEN:
            blok.rijen.append(
                [
                    naam,
                    Cel(label),
                    *_stand_cellen(a.standen[stap] if a else None),
                    *_stand_cellen(b.standen[stap] if b else None),
                ]
            )
    blok.grafiek = grafieken.staafdiagram(
        "grafiek-doorlooptijden-mbo",
        "Aandeel binnen de norm (%) per opleiding en stap, dit jaar en vorig jaar",
        [f"Tot {r[1].waarde}: {r[0]}" for r in blok.rijen],
        [("Dit jaar", _waarden(blok.rijen, 5)), ("Vorig jaar", _waarden(blok.rijen, 10))],
    )
    return blok


def _gemeente_doorlooptijden(user, schooljaar, vandaag) -> Blok | None:
    """Days from a risk melding to the first contact per municipality, this year against last year."""
    uitkomst = _doorloop_vergelijking(user, Dimensie.GEMEENTE, schooljaar, vandaag, [rapportage.CONTACT])
    if uitkomst is None:
        return None
    nu, toen, groepen, sleutels = uitkomst
    koppen = [
        "Gemeente",
        f"Risicomeldingen dit jaar ({_datum(nu.datum)})",
        f"Risicomeldingen vorig jaar ({_datum(toen.datum)})",
    ]
    koppen += _doorloop_koppen(nu, toen, "Met contact")
    blok = Blok(
        "doorlooptijden-gemeente",
        "Van risicomelding tot eerste contact dit jaar en vorig jaar op dezelfde dag",
        koppen,
        toelichting="Dagen van de risicomelding tot het eerste contactmoment van de gemeente op of na die dag. "
        + DOORLOOP_TOELICHTING.format(dag=rapportage.zelfde_dag_vorig_jaar(vandaag)),
    )
    for k in sleutels:
        a, b = groepen[0].get(k), groepen[1].get(k)
        blok.rijen.append(
            [
                (a or b).naam,
                Cel(a.aantal if a else None),
                Cel(b.aantal if b else None),
                *_stand_cellen(a.standen[rapportage.CONTACT] if a else None),
                *_stand_cellen(b.standen[rapportage.CONTACT] if b else None),
            ]
        )
    blok.grafiek = grafieken.staafdiagram(
        "grafiek-doorlooptijden-gemeente",
        "Aandeel eerste contacten binnen de norm (%), dit jaar en vorig jaar",
        [r[0] for r in blok.rijen],
        [("Dit jaar", _waarden(blok.rijen, 6)), ("Vorig jaar", _waarden(blok.rijen, 11))],
    )
    return blok


# --- School: the pupils on the decaan's (the mentor's: the group's) list ------------------------

# What still has to happen before each milestone: (what, the pupil list's filter).
NOG_TE_DOEN = {
    "opent_op": [("leerlingen op uw lijst om te controleren", {})],
    "formulieren_gereed": [
        ("doorstroomformulieren nog niet gestart", {"formulier": "niet_gestart"}),
        ("doorstroomformulieren nog in concept", {"formulier": "concept"}),
    ],
    "risico_melden": [
        ("risicoleerlingen (meld ze bij de gemeente)", {"risico": "ja"}),
        ("doorstroomformulieren nog niet definitief: nog niet gestart", {"formulier": "niet_gestart"}),
    ],
    "aanmelddeadline": [
        ("leerlingen nog zonder aanmelding en zonder Elders-bestemming", {"aanmelding": "geen", "elders": "nee"}),
        ("doorstroomformulieren nog in concept", {"formulier": "concept"}),
    ],
    "terugkoppeling_gereed": [
        ("leerlingen met een aanmelding die nog niet in behandeling is", {"aanmelding": Status.AANGEMELD}),
        ("leerlingen nog zonder aanmelding en zonder Elders-bestemming", {"aanmelding": "geen", "elders": "nee"}),
    ],
    "diplomaresultaten": [("leerlingen met diplomaresultaat onbekend", {"diploma": "onbekend"})],
    "juni_controle": [
        ("leerlingen nog zonder aanmelding en zonder Elders-bestemming", {"aanmelding": "geen", "elders": "nee"}),
        ("leerlingen met diplomaresultaat onbekend", {"diploma": "onbekend"}),
    ],
    "mbo_start": [
        ("leerlingen nog zonder aanmelding en zonder Elders-bestemming", {"aanmelding": "geen", "elders": "nee"}),
    ],
}


@dataclass
class Mijlpaal:
    code: str
    label: str
    datum: datetime.date
    dagen: int
    taken: list = field(default_factory=list)  # dossier.dashboard.Tegel: label, aantal, url


def _school(request, schooljaar, vandaag) -> dict:
    from leerlingen.filters import LeerlingFilterSet, vertrokken_toepassen, zichtbaar
    from leerlingen.selectors import leerling_scope

    user = request.user
    base = vertrokken_toepassen(leerling_scope(user=user, schooljaar=schooljaar), "", user)
    lijst = "leerlingen:list"
    facetten = LeerlingFilterSet(QueryDict(), queryset=base, request=request).facetten()
    totaal = base.order_by().count()
    blokken = []

    # The life cycle: the pupils per state of their applications (a pupil with two applications
    # counts at both states), and those with none yet; as the list's "Aanmelding" filter counts.
    aanmelding = facetten.get("aanmelding")
    if aanmelding is not None:
        toestanden = [("nog geen aanmelding", "geen")] + [(s.label, s.value) for s in Status]
        blok = Blok(
            "levensloop",
            "Uw leerlingen per stap van de aanmelding",
            ["Stap", "Leerlingen"],
            toelichting=f"Van de {totaal} leerlingen op uw lijst. Een leerling met meer aanmeldingen telt bij "
            "iedere stap waarin een van de aanmeldingen staat.",
        )
        for label, waarde in toestanden:
            n = aanmelding.get(waarde, 0)
            if n or waarde in ("geen", Status.AANGEMELD, Status.GEPLAATST):
                blok.rijen.append([label, Cel(n, _url(lijst, {"aanmelding": waarde}))])
        blok.grafiek = grafieken.staafdiagram(
            "grafiek-levensloop",
            blok.titel,
            [r[0] for r in blok.rijen],
            [("Leerlingen", _waarden(blok.rijen, 1))],
            [_links(blok.rijen, 1)],
        )
        blokken.append(blok)

        # By class and by leerweg: the pupils, those without an application, and those placed.
        qs = zichtbaar(base, "aanmelding", user)
        for veld, titel, kop in (("leerweg", "per leerweg", "Leerweg"), ("klas", "per klas", "Klas")):
            per = facetten.get(veld, {})
            zonder = dict(
                leerlingen_zonder_aanmelding(qs, user=user).order_by().values_list(veld).annotate(n=Count("pk"))
            )
            geplaatst = dict(
                Aanmelding.objects.for_user(user)
                .filter(leerling__in=qs.values("pk"), status=Status.GEPLAATST)
                .order_by()
                .values_list(f"leerling__{veld}")
                .annotate(n=Count("leerling_id", distinct=True))
            )
            labels = dict(Leerweg.choices) if veld == "leerweg" else {}
            blok = Blok(
                f"per-{veld}",
                f"Uw leerlingen {titel}: nog zonder aanmelding en geplaatst",
                [kop, "Leerlingen", "Nog geen aanmelding", "Geplaatst"],
            )
            for sleutel in sorted(k for k in per if k):
                blok.rijen.append(
                    [
                        labels.get(sleutel, sleutel),
                        Cel(per[sleutel], _url(lijst, {veld: sleutel})),
                        Cel(zonder.get(sleutel, 0), _url(lijst, {veld: sleutel, "aanmelding": "geen"})),
                        Cel(geplaatst.get(sleutel, 0), _url(lijst, {veld: sleutel, "aanmelding": Status.GEPLAATST})),
                    ]
                )
            blok.grafiek = grafieken.staafdiagram(
                f"grafiek-per-{veld}",
                blok.titel,
                [r[0] for r in blok.rijen],
                [(kop_, _waarden(blok.rijen, i)) for i, kop_ in enumerate(blok.koppen[1:], 1)],
                [_links(blok.rijen, i) for i in range(1, 4)],
            )
            blokken.append(blok)

    # The next milestone and what still has to happen before it: counted as the list counts.
    mijlpaal = None
    volgende = schooljaar.volgende_mijlpaal(vandaag)
    if volgende:
        code, label, datum = volgende
        mijlpaal = Mijlpaal(code, label, datum, (datum - vandaag).days)
        for wat, params in NOG_TE_DOEN.get(code, []):
            if all(
                k in facetten or k not in ("formulier", "aanmelding", "risico", "diploma", "elders") for k in params
            ):
                mijlpaal.taken.append(_tegel(request, wat, lijst, params, LeerlingFilterSet, base))

    # This year against last year at the same date: the whole school (not for the mentor's group).
    blok = _vergelijking(
        user,
        "vergelijking-school",
        "Uw school dit jaar en vorig jaar op dezelfde dag",
        "Stand van zaken",
        Dimensie.SCHOOL,
        SCHOOL_VERGELIJKING,
        schooljaar,
        vandaag,
        "De leerlingen van uw school (alle klassen) per stand van zaken; iedere leerling telt één keer.",
    )
    if blok is not None:
        blokken.append(blok)
    # Per leerweg of the list: the mentor's year-on-year comparison, and the decaan's per leerweg.
    blok = _leerweg_vergelijking(
        user,
        schooljaar,
        vandaag,
        [k for k in facetten.get("leerweg", {}) if k],
        mentor=not policy.holds_any(user, "leerlingen_alle_inzien"),
    )
    if blok is not None:
        blokken.append(blok)
    return {"totaal": totaal, "blokken": blokken, "mijlpaal": mijlpaal}


# --- Mbo: the institution's applications --------------------------------------------------------


def _mbo(request, schooljaar, vandaag) -> dict:
    from aanmelding.filters_mbo import AchterstandFilterSet
    from aanmelding.selectors import terugkoppeling_achterstand, werklijst_scope

    user = request.user
    scope = werklijst_scope(user=user, schooljaar=schooljaar)  # as the worklist of the active year
    lijst = "mbo:werklijst"
    blokken = []

    # Applications per programme and state.
    statussen = [s for s in Status if s != Status.CONCEPT]
    per = defaultdict(dict)
    namen = {}
    for opleiding_id, naam, status, n in (
        scope.order_by().values_list("opleiding_id", "opleiding__naam", "status").annotate(n=Count("pk"))
    ):
        per[opleiding_id][status] = n
        namen[opleiding_id] = naam
    getoond = [s for s in statussen if any(s in p for p in per.values())] or [Status.AANGEMELD]
    blok = Blok(
        "per-opleiding",
        "Aanmeldingen per opleiding en status",
        ["Opleiding", *(s.label for s in getoond), "Totaal"],
    )
    for opleiding_id in sorted(per, key=lambda k: (namen[k] or "").lower()):
        rij = [namen[opleiding_id]]
        rij += [
            Cel(per[opleiding_id].get(s, 0), _url(lijst, {"opleiding": opleiding_id, "status": s})) for s in getoond
        ]
        rij.append(Cel(sum(per[opleiding_id].values()), _url(lijst, {"opleiding": opleiding_id})))
        blok.rijen.append(rij)
    blok.grafiek = grafieken.staafdiagram(
        "grafiek-per-opleiding",
        "Aanmeldingen per opleiding (totaal)",
        [r[0] for r in blok.rijen],
        [("Aanmeldingen", _waarden(blok.rijen, len(getoond) + 1))],
        [_links(blok.rijen, len(getoond) + 1)],
    )
    blokken.append(blok)

    # Capacity against live applications (programmes with a capacity: a numerus fixus).
    levend = dict(scope.levend().order_by().values_list("opleiding_id").annotate(n=Count("pk")))
    opleidingen = Opleiding.objects.filter(pk__in=list(per), capaciteit__isnull=False).order_by("naam", "pk")
    blok = Blok(
        "capaciteit",
        "Capaciteit tegen levende aanmeldingen",
        ["Opleiding", "Capaciteit", "Levende aanmeldingen", "Geplaatst", "Plaatsen over"],
        toelichting="Opleidingen met een capaciteit (numerus fixus). Levend: verstuurd en niet vervallen "
        "(ingetrokken, doorverwezen, afgewezen, uitgeloot of niet verschenen tellen niet).",
    )
    for o in opleidingen:
        blok.rijen.append(
            [
                o.naam,
                Cel(o.capaciteit),
                Cel(levend.get(o.pk, 0)),
                Cel(per[o.pk].get(Status.GEPLAATST, 0), _url(lijst, {"opleiding": o.pk, "status": Status.GEPLAATST})),
                Cel(max(o.capaciteit - per[o.pk].get(Status.GEPLAATST, 0), 0)),
            ]
        )
    blok.grafiek = grafieken.staafdiagram(
        "grafiek-capaciteit",
        blok.titel,
        [r[0] for r in blok.rijen],
        [("Capaciteit", _waarden(blok.rijen, 1)), ("Levende aanmeldingen", _waarden(blok.rijen, 2))],
    )
    blokken.append(blok)

    # The three feedback moments: given, given on time (by `terugkoppeling_gereed`), still missing.
    deadline = schooljaar.terugkoppeling_gereed
    gegeven = {
        r["moment"]: r
        for r in Terugkoppeling.objects.filter(aanmelding__in=scope.values("pk"), moment__in=Feedbackmoment.values)
        .order_by()
        .values("moment")
        .annotate(
            n=Count("aanmelding_id", distinct=True),
            op_tijd=Count("aanmelding_id", distinct=True, filter=Q(tijdstip__date__lte=deadline)),
        )
    }
    achterstand = terugkoppeling_achterstand(user=user, schooljaar=schooljaar)
    blok = Blok(
        "terugkoppeling",
        "De drie terugkoppelmomenten: op tijd gegeven",
        ["Moment", "Gegeven", f"Op tijd (uiterlijk {deadline:%d-%m-%Y})", "Op tijd (%)", "Ontbreekt nog"],
        toelichting="Aanmeldingen waarop het moment is teruggekoppeld, en hoeveel daarvan uiterlijk op de "
        "termijn. Ontbreekt nog: de lijst Terugkoppeling, gefilterd op het moment.",
    )
    for moment in Feedbackmoment:
        r = gegeven.get(moment.value, {"n": 0, "op_tijd": 0})
        ontbreekt = _tegel(
            request,
            moment.label,
            "mbo:terugkoppeling",
            {"ontbreekt": str(moment.value)},
            AchterstandFilterSet,
            achterstand,
        )
        blok.rijen.append(
            [
                f"{moment.value}. {moment.label}",
                Cel(r["n"]),
                Cel(r["op_tijd"]),
                Cel(round(100 * r["op_tijd"] / r["n"]) if r["n"] else None),
                Cel(ontbreekt.aantal, ontbreekt.url),
            ]
        )
    blok.grafiek = grafieken.staafdiagram(
        "grafiek-terugkoppeling",
        "Aandeel op tijd gegeven (%) per terugkoppelmoment",
        [r[0] for r in blok.rijen],
        [("Op tijd (%)", _waarden(blok.rijen, 3))],
    )
    blokken.append(blok)

    blok = _vergelijking(
        user,
        "vergelijking-mbo",
        "Uw instelling dit jaar en vorig jaar op dezelfde dag",
        "Status",
        Dimensie.INSTELLING,
        MBO_VERGELIJKING,
        schooljaar,
        vandaag,
        "De verstuurde aanmeldingen bij uw instelling(en) van de leerlingen van het schooljaar, per status.",
    )
    if blok is not None:
        blokken.append(blok)
    blok = _mbo_doorlooptijden(user, schooljaar, vandaag)
    if blok is not None:
        blokken.append(blok)
    return {"blokken": blokken}


# --- Municipality: the pupils living there ------------------------------------------------------


def _gemeente(request, schooljaar, vandaag) -> dict:
    from leerlingen.models import EldersSoort
    from rmc import selectors as rmc

    user = request.user
    t = rmc.overzicht_tellingen(user=user, schooljaar=schooljaar, filters=rmc.OverzichtFilters())
    overzicht = "rmc:overzicht"
    blokken = []
    blok = Blok(
        "toestanden",
        "Uw leerlingen per stand van zaken",
        ["Stand van zaken", "Leerlingen"],
        toelichting=f"Van de {t.totaal} leerlingen die in uw gemeente wonen; iedere leerling telt één keer.",
    )
    for waarde, label, n in t.toestanden():
        blok.rijen.append([label, Cel(n, _url(overzicht, {"toestand": waarde}))])
    blok.rijen.append(["zonder bestemming", Cel(t.zonder_bestemming, reverse("rmc:zonder_bestemming"))])
    blok.rijen.append(["risicoleerlingen", Cel(t.risico, _url(overzicht, {"risico": "on"}))])
    blok.grafiek = grafieken.staafdiagram(
        "grafiek-toestanden",
        blok.titel,
        [r[0] for r in blok.rijen],
        [("Leerlingen", _waarden(blok.rijen, 1))],
        [_links(blok.rijen, 1)],
    )
    blokken.append(blok)

    soorten = {s: n for s, _label, n in t.elders_per_soort}
    blok = Blok(
        "bestemmingen",
        "Leerlingen met een bestemming Elders, per soort",
        ["Bestemming", "Leerlingen"],
    )
    for s in EldersSoort:
        blok.rijen.append([s.label, Cel(soorten.get(s.value, 0), _url(overzicht, {"toestand": "elders", "elders": s}))])
    blok.grafiek = grafieken.staafdiagram(
        "grafiek-bestemmingen",
        blok.titel,
        [r[0] for r in blok.rijen],
        [("Leerlingen", _waarden(blok.rijen, 1))],
        [_links(blok.rijen, 1)],
    )
    blokken.append(blok)
    blokken.append(_gemeente_verloop(user, schooljaar, vandaag, t))
    blok = _gemeente_doorlooptijden(user, schooljaar, vandaag)
    if blok is not None:
        blokken.append(blok)
    return {"blokken": blokken}


def _op(reeks, datum, index):
    """The value of the latest snapshot on or before `datum` (None: none, or still to come)."""
    if datum is None or datum > timezone.localdate():
        return None
    waarde = None
    for rij in reeks:
        if rij[0] > datum:
            break
        waarde = rij[index]
    return waarde


def _gemeente_verloop(user, schooljaar, vandaag, t) -> Blok:
    """ "Zonder bestemming" and risk pupils on each milestone date, this year and last year on its
    own milestone dates, from the daily snapshots of the user's municipalities; today live."""
    vorig = rapportage.vorig_schooljaar(schooljaar)
    reeksen = rapportage.gemeente_reeks(user=user, schooljaren=[schooljaar] + ([vorig] if vorig else []))
    nu, toen = reeksen[schooljaar.pk], reeksen[vorig.pk] if vorig else []
    blok = Blok(
        "verloop",
        "Zonder bestemming en risicoleerlingen door het jaar, dit jaar en vorig jaar",
        [
            "Mijlpaal",
            "Datum",
            "Zonder bestemming",
            "Risicoleerlingen",
            "Datum vorig jaar",
            "Zonder bestemming vorig jaar",
            "Risicoleerlingen vorig jaar",
        ],
        toelichting="Uit de dagelijkse momentopnamen van uw gemeente(n): de laatste op of vóór de datum. Leeg: de "
        "datum komt nog, of er is van toen geen momentopname. Vandaag: de stand van nu, vorig jaar op dezelfde dag.",
    )
    for veld in rapportage.MIJLPALEN:
        label = Schooljaar._meta.get_field(veld).verbose_name
        datum = getattr(schooljaar, veld)
        datum_vorig = getattr(vorig, veld) if vorig else None
        blok.rijen.append(
            [
                label,
                Cel(datum),
                Cel(_op(nu, datum, 1)),
                Cel(_op(nu, datum, 2)),
                Cel(datum_vorig),
                Cel(_op(toen, datum_vorig, 1)),
                Cel(_op(toen, datum_vorig, 2)),
            ]
        )
    dag_vorig = rapportage.zelfde_dag_vorig_jaar(vandaag)
    # Today in its place among the milestones (after one on the same day).
    plek = next((i for i, r in enumerate(blok.rijen) if r[1].waarde > vandaag), len(blok.rijen))
    blok.rijen.insert(
        plek,
        [
            "vandaag",
            Cel(vandaag),
            Cel(t.zonder_bestemming, reverse("rmc:zonder_bestemming")),
            Cel(t.risico, _url("rmc:overzicht", {"risico": "on"})),
            Cel(dag_vorig if vorig else None),
            Cel(_op(toen, dag_vorig, 1)),
            Cel(_op(toen, dag_vorig, 2)),
        ],
    )
    blok.grafiek = grafieken.staafdiagram(
        "grafiek-verloop",
        "Zonder bestemming op iedere mijlpaal, dit jaar en vorig jaar",
        [r[0] for r in blok.rijen],
        [("Dit jaar", _waarden(blok.rijen, 2))] + ([("Vorig jaar", _waarden(blok.rijen, 5))] if vorig else []),
    )
    return blok


def cijfers_blok(request, code: str) -> tuple[Schooljaar | None, Blok | None]:
    """(the active year, the table `code` of the user's page, or None when the page has no such
    table for the user): the export of one table counts what the page counts, in the same scope."""
    context = cijfers_for(request)
    for sectie in ("school", "mbo", "gemeente"):
        for blok in (context.get(sectie) or {}).get("blokken", []):
            if blok.code == code:
                return context["schooljaar"], blok
    return context["schooljaar"], None


def tabel_rijen(blok: Blok) -> list[list]:
    """The table's rows as plain values, for a CSV/XLSX download (the links stay on the page)."""
    return [[rij[0], *(cel.waarde for cel in rij[1:])] for rij in blok.rijen]


def cijfers_for(request) -> dict:
    """Per role the user holds, its figures for the active school year."""
    user = request.user
    schooljaar = Schooljaar.objects.actief()
    vandaag = timezone.localdate()
    context = {"schooljaar": schooljaar, "vandaag": vandaag}
    if schooljaar is None:
        return context
    if policy.holds_any(user, "leerlingen_alle_inzien", "leerlingen_mentorgroep_inzien"):
        context["school"] = _school(request, schooljaar, vandaag)
    if policy.holds_any(user, "aanmeldingen_behandelen"):
        context["mbo"] = _mbo(request, schooljaar, vandaag)
    if policy.holds_any(user, "woongemeente_inzien"):
        context["gemeente"] = _gemeente(request, schooljaar, vandaag)
    return context
