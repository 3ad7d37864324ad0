"""The demo's report history: the RMC region with its monitor (`monitor1@demo.voroc.nl`), and a
previous school year's daily snapshots of counts, so that the report (`/rapportage/`) shows this
year against last year at the same date, its lead times included, and "zonder bestemming" on last
year's milestones; the same snapshots give each role's /cijfers/ its year comparison (the
institution's programmes, the municipality's first contacts, the school per leerweg for the
mentor).

Last year's pupils are not in the demo (the retention purge would have taken them); only their
counts are, as the snapshot keeps them. They are made up from this year's counts per school,
institution, municipality and leerweg, each varied a little, following a plausible year: pupils
apply from the autumn, decisions come in the spring, Elders destinations in the summer. Lead times
per programme and municipality vary around a plausible mean per step. Today's
snapshot of this year is made from the real demo pupils.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from contextlib import nullcontext

from leerlingen.models import Schooljaar
from rapportage.models import Categorie, Dimensie, Telling
from rapportage.selectors import CONTACT, STAPPEN, cijfers_voor_momentopname, normen
from rapportage.services import momentopname_maken
from rmc.selectors import Toestand
from voroc.accounts.models import Organisatie, Rol

from . import data as D

# The shares of a year's pupils in each state at its end (the June check).
EIND = {
    Toestand.GEPLAATST: 0.78,
    Toestand.VOORWAARDELIJK: 0.04,
    Toestand.ELDERS: 0.10,
    Toestand.AFGEWEZEN: 0.03,
}
ELDERS_SOORTEN = ("havo", "mbo_buiten", "werk")


def _verloop(totaal: int, p: float, risico_deel: float) -> dict[tuple[str, str], int]:
    """The counts of `totaal` pupils at progress `p` (0: VOROC opens, 1: the June check)."""
    p = max(0.0, min(1.0, p))
    besloten = p * p
    aantallen = {
        Toestand.GEPLAATST: round(totaal * EIND[Toestand.GEPLAATST] * besloten),
        Toestand.VOORWAARDELIJK: round(totaal * EIND[Toestand.VOORWAARDELIJK] * besloten),
        Toestand.AFGEWEZEN: round(totaal * EIND[Toestand.AFGEWEZEN] * besloten),
        Toestand.ELDERS: round(totaal * EIND[Toestand.ELDERS] * p**3),
    }
    aangemeld_totaal = round(totaal * min(1.0, 0.1 + 1.6 * p) * 0.95)
    aantallen[Toestand.AANGEMELD] = max(0, min(aangemeld_totaal, totaal) - sum(aantallen.values()))
    aantallen[Toestand.GEEN_AANMELDING] = max(0, totaal - sum(aantallen.values()))
    result = {(Categorie.TOESTAND, t.value): n for t, n in aantallen.items()}
    met = aantallen[Toestand.GEPLAATST] + aantallen[Toestand.VOORWAARDELIJK] + aantallen[Toestand.ELDERS]
    result[(Categorie.TOTAAL, "")] = totaal
    result[(Categorie.ZONDER_BESTEMMING, "")] = totaal - met
    result[(Categorie.RISICO, "")] = round(totaal * risico_deel)
    elders = aantallen[Toestand.ELDERS]
    for i, soort in enumerate(ELDERS_SOORTEN):
        deel = elders // len(ELDERS_SOORTEN) + (1 if i < elders % len(ELDERS_SOORTEN) else 0)
        if deel:
            result[(Categorie.BESTEMMING, soort)] = deel
    return result


def _aanmeldingen(totaal: int, p: float) -> dict[tuple[str, str], int]:
    p = max(0.0, min(1.0, p))
    besloten = p * p
    n = round(totaal * min(1.0, 0.1 + 1.6 * p))
    geplaatst = round(n * 0.8 * besloten)
    afgewezen = round(n * 0.06 * besloten)
    ingetrokken = round(n * 0.05 * p)
    in_behandeling = max(0, n - geplaatst - afgewezen - ingetrokken)
    result = {
        (Categorie.AANMELDING_STATUS, "geplaatst"): geplaatst,
        (Categorie.AANMELDING_STATUS, "afgewezen"): afgewezen,
        (Categorie.AANMELDING_STATUS, "ingetrokken"): ingetrokken,
        (Categorie.AANMELDING_STATUS, "in_behandeling"): in_behandeling,
        (Categorie.TOTAAL, ""): n,
    }
    return {k: v for k, v in result.items() if v or k[0] == Categorie.TOTAAL}


# The mean days per step that last year's made-up lead times vary around.
GEMIDDELD = {"ontvangst": 4, "intake": 20, "besluit": 34, CONTACT: 6}


def _doorlooptijden(key, totaal: int, p: float, tempo) -> dict[tuple[str, str], int]:
    """A programme's (or municipality's) lead times at progress `p`, as the snapshot stores them:
    applications come in from the autumn, receipts follow, intakes and decisions in the spring."""
    p = max(0.0, min(1.0, p))
    n = round(totaal * min(1.0, 0.1 + 1.6 * p))
    if key[0] == Dimensie.GEMEENTE:
        gemeten = {CONTACT: round(n * 0.85)}
    else:
        gemeten = {"ontvangst": round(n * 0.95), "intake": round(n * min(1.0, p * 1.2)), "besluit": round(n * p * p)}
    result = {(Categorie.DOORLOOP_AANTAL, ""): n}
    norm = normen()
    for stap, m in gemeten.items():
        gemiddeld, binnen = tempo[(key, stap)]
        result[(Categorie.DOORLOOP_GEMETEN, stap)] = m
        result[(Categorie.DOORLOOP_NORM, stap)] = norm[stap]
        result[(Categorie.DOORLOOP_DAGEN, stap)] = round(m * gemiddeld)
        result[(Categorie.DOORLOOP_BINNEN_NORM, stap)] = round(m * binnen)
        if m:
            result[(Categorie.DOORLOOP_MEDIAAN, stap)] = round(2 * gemiddeld * 0.9)
    return result


def _dagen(schooljaar: Schooljaar) -> list[datetime.date]:
    """Weekly from VOROC's opening to the mbo start, and every milestone date."""
    dagen = set()
    dag = schooljaar.opent_op
    while dag <= schooljaar.mbo_start:
        dagen.add(dag)
        dag += datetime.timedelta(days=7)
    dagen |= {d for _, _, d in schooljaar.mijlpalen() if d}
    return sorted(dagen)


def _monitor(seeder) -> None:
    local, naam, rol_code = D.DEMO_MONITOR
    regio = seeder.nieuw(
        Organisatie,
        soort="regio",
        naam=f"RMC-regio {D.RMC_REGIO}",
        rmc_regio=D.RMC_REGIO,
        email=f"rmc-regio@{D.DEMO_DOMAIN}",
    )
    rol = Rol.objects.get(code=rol_code)
    user = seeder.account(f"{local}@{D.DEMO_DOMAIN}", naam, rol, regio, password=D.DEMO_PASSWORD)
    seeder.demo_users.append((user, rol, regio))


def rapportage_geschiedenis(seeder, *, seed: int = 15, inrichting=None) -> int:
    """Make the region and its monitor (at `inrichting`, the demo's set-up moment, so that nothing
    is dated after the demo's today), last year's snapshots and today's; returns the number of
    snapshot rows written for last year."""
    with seeder.als(None, inrichting) if inrichting is not None else nullcontext():
        _monitor(seeder)
    huidig = Schooljaar.objects.get(startjaar=D.SCHOOLJAAR)
    vorig = Schooljaar.objects.filter(startjaar=D.SCHOOLJAAR - 1).first()
    if vorig is None:
        vorig = Schooljaar.objects.create(
            startjaar=D.SCHOOLJAAR - 1, actief=False, **Schooljaar.defaults_for(D.SCHOOLJAAR - 1)
        )
    momentopname_maken(schooljaar=huidig)
    rng = random.Random(seed)
    # This year's keys and sizes, each varied a little for last year: (dimension, key, part).
    groepen: dict[tuple[str, str, str], tuple[str, str, int]] = {}
    doorloop: dict[tuple[str, str, str], tuple[str, str, int]] = {}  # programmes, municipalities
    for c in cijfers_voor_momentopname(schooljaar=huidig):
        key = (c.dimensie, c.sleutel, c.onderdeel)
        if c.categorie == Categorie.TOTAAL:
            groepen[key] = (c.naam, c.onderdeel_naam, max(1, round(c.aantal * rng.uniform(0.88, 1.08))))
        elif c.categorie == Categorie.DOORLOOP_AANTAL and c.dimensie == Dimensie.OPLEIDING:
            doorloop[key] = (c.naam, c.onderdeel_naam, max(4, round(c.aantal * rng.uniform(1.5, 3))))
    risico = {key: rng.uniform(0.03, 0.09) for key in groepen}
    # Every municipality's risk meldingen: a share of its pupils.
    for (dimensie, sleutel, deel), (naam, _, totaal) in groepen.items():
        if dimensie == Dimensie.GEMEENTE:
            doorloop[(dimensie, sleutel, deel)] = (naam, "", max(2, round(totaal * risico[(dimensie, sleutel, deel)])))
    # Per group and step its mean days and the share within the norm, a little different each.
    tempo = {
        (key, stap): (GEMIDDELD[stap] * rng.uniform(0.7, 1.3), rng.uniform(0.55, 0.95))
        for key in doorloop
        for stap in ((CONTACT,) if key[0] == Dimensie.GEMEENTE else tuple(s for s, _ in STAPPEN))
    }
    # The region is the sum of the schools (pupils) and of the institutions (applications).
    regio_totaal = sum(n for (d, _, _), (_, _, n) in groepen.items() if d == Dimensie.SCHOOL)
    groepen[(Dimensie.REGIO, "", "")] = ("Regio", "", regio_totaal)
    risico[(Dimensie.REGIO, "", "")] = 0.06
    lengte = (vorig.juni_controle - vorig.opent_op).days or 1
    rijen = []
    for dag in _dagen(vorig):
        p = (dag - vorig.opent_op).days / lengte
        telling = defaultdict(int)
        for (dimensie, sleutel, deel), (naam, deel_naam, totaal) in groepen.items():
            if dimensie == Dimensie.INSTELLING:
                cijfers = _aanmeldingen(totaal, p)
            else:
                cijfers = _verloop(totaal, p, risico[(dimensie, sleutel, deel)])
            for (categorie, waarde), aantal in cijfers.items():
                telling[(dimensie, sleutel, naam, deel, deel_naam, categorie, waarde)] += aantal
        for key, (naam, deel_naam, totaal) in doorloop.items():
            for (categorie, waarde), aantal in _doorlooptijden(key, totaal, p, tempo).items():
                telling[(key[0], key[1], naam, key[2], deel_naam, categorie, waarde)] += aantal
        rijen += [
            Telling(
                datum=dag,
                schooljaar=vorig,
                dimensie=d,
                sleutel=s,
                naam=n,
                onderdeel=o,
                onderdeel_naam=on,
                categorie=c,
                waarde=w,
                aantal=a,
            )
            for (d, s, n, o, on, c, w), a in telling.items()
        ]
    Telling.objects.filter(schooljaar=vorig).delete()
    Telling.objects.bulk_create(rijen, batch_size=2000)
    return len(rijen)
