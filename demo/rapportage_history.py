"""The demo's report history: the RMC region with its monitor (`monitor1@demo.voroc.nl`), and a
previous school year's daily snapshots of counts, so that the report (`/rapportage/`) shows this
year against last year at the same date and "zonder bestemming" on last year's milestones.

Last year's pupils are not in the demo (the retention purge would have taken them); only their
counts are, as the snapshot keeps them. They are made up from this year's counts per school,
institution, municipality and leerweg, each varied a little, following a plausible year: pupils
apply from the autumn, decisions come in the spring, Elders destinations in the summer. Today's
snapshot of this year is made from the real demo pupils.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from contextlib import nullcontext

from leerlingen.models import Schooljaar
from rapportage.models import Categorie, Dimensie, Telling
from rapportage.selectors import cijfers_voor_momentopname
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
    # This year's keys and sizes, each varied a little for last year.
    groepen: dict[tuple[str, str], tuple[str, int]] = {}
    for c in cijfers_voor_momentopname(schooljaar=huidig):
        if c.categorie == Categorie.TOTAAL:
            groepen[(c.dimensie, c.sleutel)] = (c.naam, max(1, round(c.aantal * rng.uniform(0.88, 1.08))))
    risico = {key: rng.uniform(0.03, 0.09) for key in groepen}
    # The region is the sum of the schools (pupils) and of the institutions (applications).
    regio_totaal = sum(n for (d, _), (_, n) in groepen.items() if d == Dimensie.SCHOOL)
    groepen[(Dimensie.REGIO, "")] = ("Regio", regio_totaal)
    risico[(Dimensie.REGIO, "")] = 0.06
    lengte = (vorig.juni_controle - vorig.opent_op).days or 1
    rijen = []
    for dag in _dagen(vorig):
        p = (dag - vorig.opent_op).days / lengte
        telling = defaultdict(int)
        for (dimensie, sleutel), (naam, totaal) in groepen.items():
            if dimensie == Dimensie.INSTELLING:
                cijfers = _aanmeldingen(totaal, p)
            else:
                cijfers = _verloop(totaal, p, risico[(dimensie, sleutel)])
            for (categorie, waarde), aantal in cijfers.items():
                telling[(dimensie, sleutel, naam, categorie, waarde)] += aantal
        rijen += [
            Telling(
                datum=dag,
                schooljaar=vorig,
                dimensie=d,
                sleutel=s,
                naam=n,
                categorie=c,
                waarde=w,
                aantal=a,
            )
            for (d, s, n, c, w), a in telling.items()
        ]
    Telling.objects.filter(schooljaar=vorig).delete()
    Telling.objects.bulk_create(rijen, batch_size=2000)
    return len(rijen)
