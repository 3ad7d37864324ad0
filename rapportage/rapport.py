"""The region's report as tables: one builder for the page, the CSV/XLSX exports and the PDF, so
that every figure is computed once and the three say the same.

"This year" is the chosen school year on the reference date: today for the active year (live
counts, `selectors.regio_cijfers`); for an earlier year the same calendar day in that year, from
its snapshot. "Last year" is the year before on the same calendar day a year earlier, from its
snapshot (`selectors.momentopname_cijfers`), its lead times included. A fixed number of queries whatever the pupils.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field, replace

from django.utils import timezone

from leerlingen.models import Schooljaar
from rmc.selectors import Toestand

from . import grafieken, selectors
from .models import Categorie, Dimensie


@dataclass
class Tabel:
    """One table of the report: a caption, its column heads and its rows (the first cell names
    the row). `grafiek` is its chart, when it has one."""

    code: str
    titel: str
    koppen: list[str]
    rijen: list[list] = field(default_factory=list)
    toelichting: str = ""
    grafiek: grafieken.Staafdiagram | None = None
    verborgen: int = 0  # rows left off the page (`ingekort`); the downloads hold them all

    @property
    def rijen_totaal(self) -> int:
        return len(self.rijen) + self.verborgen

    def ingekort(self, max_rijen: int) -> Tabel:
        """The table as the page shows it: its first `max_rijen` rows and, when rows were left
        off, no chart (a chart of hundreds of bars reads as nothing and took seconds to draw)."""
        if len(self.rijen) <= max_rijen:
            return self
        return replace(self, rijen=self.rijen[:max_rijen], grafiek=None, verborgen=len(self.rijen) - max_rijen)


def _jaren_terug(datum: datetime.date, n: int) -> datetime.date:
    for _ in range(n):
        datum = selectors.zelfde_dag_vorig_jaar(datum)
    return datum


class Cijfers:
    """Counts keyed by (dimension, key, category, value), with the names per (dimension, key)."""

    def __init__(self, cijfers):
        self.tel: dict[tuple, int] = defaultdict(int)
        self.namen: dict[tuple, str] = {}
        # The parts of an organisation (a programme) and the lead times, as they were stored:
        # {dimensie: {(sleutel, onderdeel): Deel}}.
        self.delen: dict[str, dict] = defaultdict(dict)
        for c in cijfers:
            self.namen.setdefault((c.dimensie, c.sleutel), c.naam)
            if c.onderdeel or c.categorie in selectors.DOORLOOP_CATEGORIEEN:
                deel = self.delen[c.dimensie].setdefault(
                    (c.sleutel, c.onderdeel), selectors.Deel(c.naam, c.onderdeel_naam)
                )
                deel.tellingen[(c.categorie, c.waarde)] = c.aantal
                continue
            self.tel[(c.dimensie, c.sleutel, c.categorie, c.waarde)] += c.aantal

    def doorloopgroepen(self, dimensie, stappen) -> dict[tuple[str, str], selectors.Doorloopgroep]:
        return {
            k: selectors.Doorloopgroep.uit_deel(d, stappen)
            for k, d in self.delen.get(dimensie, {}).items()
            if (Categorie.DOORLOOP_AANTAL, "") in d.tellingen
        }

    def get(self, dimensie, sleutel, categorie, waarde=""):
        return self.tel.get((dimensie, sleutel, categorie, waarde), 0)

    def sleutels(self, dimensie) -> list[str]:
        return [s for (d, s) in self.namen if d == dimensie]


@dataclass
class Rapport:
    schooljaar: Schooljaar | None
    vorig: Schooljaar | None
    peildatum: datetime.date
    vergelijkdatum: datetime.date
    momentopname_vorig: datetime.date | None
    live: bool
    tabellen: list[Tabel]
    normen: dict

    def tabel(self, code: str) -> Tabel | None:
        return next((t for t in self.tabellen if t.code == code), None)


def _verschil(nu: int, toen: int | None):
    return "" if toen is None else nu - toen


def _toestanden_tabel(nu: Cijfers, toen: Cijfers | None) -> Tabel:
    regels = [(t.label, Categorie.TOESTAND, t.value) for t in Toestand]
    regels += [
        ("zonder bestemming", Categorie.ZONDER_BESTEMMING, ""),
        ("risicoleerlingen", Categorie.RISICO, ""),
        ("totaal", Categorie.TOTAAL, ""),
    ]
    tabel = Tabel(
        "regio",
        "Leerlingen van de regio per toestand, dit jaar en vorig jaar op dezelfde datum",
        ["Toestand", "Dit jaar", "Vorig jaar", "Verschil"],
    )
    for label, categorie, waarde in regels:
        a = nu.get(Dimensie.REGIO, "", categorie, waarde)
        b = toen.get(Dimensie.REGIO, "", categorie, waarde) if toen else None
        tabel.rijen.append([label, a, "" if b is None else b, _verschil(a, b)])
    tabel.grafiek = grafieken.staafdiagram(
        "grafiek-regio",
        "Leerlingen per toestand",
        [r[0] for r in tabel.rijen[: len(Toestand)]],
        [("Dit jaar", [r[1] for r in tabel.rijen[: len(Toestand)]])]
        + ([("Vorig jaar", [r[2] for r in tabel.rijen[: len(Toestand)]])] if toen else []),
    )
    return tabel


def _dimensie_tabel(code, titel, dimensie, nu: Cijfers, toen: Cijfers | None) -> Tabel:
    koppen = [{"school": "School", "gemeente": "Woongemeente", "leerweg": "Leerweg"}[dimensie]]
    koppen += [t.label for t in Toestand]
    koppen += ["Zonder bestemming", "Risicoleerlingen", "Totaal", "Totaal vorig jaar", "Zonder bestemming vorig jaar"]
    tabel = Tabel(code, titel, koppen)
    sleutels = set(nu.sleutels(dimensie)) | (set(toen.sleutels(dimensie)) if toen else set())
    namen = {s: nu.namen.get((dimensie, s)) or (toen.namen.get((dimensie, s)) if toen else "") for s in sleutels}
    for s in sorted(sleutels, key=lambda s: (namen[s] or "").lower()):
        rij = [namen[s]]
        rij += [nu.get(dimensie, s, Categorie.TOESTAND, t.value) for t in Toestand]
        rij += [
            nu.get(dimensie, s, Categorie.ZONDER_BESTEMMING),
            nu.get(dimensie, s, Categorie.RISICO),
            nu.get(dimensie, s, Categorie.TOTAAL),
        ]
        rij += (
            [toen.get(dimensie, s, Categorie.TOTAAL), toen.get(dimensie, s, Categorie.ZONDER_BESTEMMING)]
            if toen
            else ["", ""]
        )
        tabel.rijen.append(rij)
    n = len(Toestand)
    tabel.grafiek = grafieken.staafdiagram(
        f"grafiek-{code}",
        f"Zonder bestemming per {koppen[0].lower()}, dit jaar en vorig jaar",
        [r[0] for r in tabel.rijen],
        [("Dit jaar", [r[n + 1] for r in tabel.rijen])]
        + ([("Vorig jaar", [r[-1] for r in tabel.rijen])] if toen else []),
    )
    return tabel


STATUS_KOLOMMEN = selectors.AANMELDING_STATUSSEN


def _instellingen_tabel(nu: Cijfers, toen: Cijfers | None) -> Tabel:
    d = Dimensie.INSTELLING
    koppen = ["Mbo-instelling", *(s.label for s in STATUS_KOLOMMEN), "Totaal", "Totaal vorig jaar"]
    tabel = Tabel("instellingen", "Aanmeldingen per mbo-instelling en status", koppen)
    sleutels = set(nu.sleutels(d)) | (set(toen.sleutels(d)) if toen else set())
    namen = {s: nu.namen.get((d, s)) or (toen.namen.get((d, s)) if toen else "") for s in sleutels}
    for s in sorted(sleutels, key=lambda s: (namen[s] or "").lower()):
        rij = [namen[s], *(nu.get(d, s, Categorie.AANMELDING_STATUS, st.value) for st in STATUS_KOLOMMEN)]
        rij += [nu.get(d, s, Categorie.TOTAAL), toen.get(d, s, Categorie.TOTAAL) if toen else ""]
        tabel.rijen.append(rij)
    return tabel


def _mijlpalen_tabel(user, schooljaar: Schooljaar, vorig: Schooljaar | None) -> Tabel:
    jaren = [schooljaar] + ([vorig] if vorig else [])
    reeksen = selectors.zonder_bestemming_reeks(user=user, schooljaren=jaren)
    tabel = Tabel(
        "mijlpalen",
        "Zonder bestemming op iedere mijlpaal, dit jaar en vorig jaar",
        ["Mijlpaal", "Datum", "Zonder bestemming", "Datum vorig jaar", "Zonder bestemming vorig jaar"],
        toelichting="Uit de dagelijkse momentopnamen: de laatste op of vóór de datum. Leeg: de datum komt nog, "
        "of er is van toen geen momentopname.",
    )
    for veld in selectors.MIJLPALEN:
        label = Schooljaar._meta.get_field(veld).verbose_name
        datum = getattr(schooljaar, veld)
        datum_vorig = getattr(vorig, veld) if vorig else None
        a = selectors.op_datum(reeksen[schooljaar.pk], datum)
        b = selectors.op_datum(reeksen[vorig.pk], datum_vorig) if vorig else None
        tabel.rijen.append([label, datum, "" if a is None else a, datum_vorig or "", "" if b is None else b])
    tabel.grafiek = grafieken.staafdiagram(
        "grafiek-mijlpalen",
        "Zonder bestemming op iedere mijlpaal",
        [r[0] for r in tabel.rijen],
        [("Dit jaar", [r[2] for r in tabel.rijen])] + ([("Vorig jaar", [r[4] for r in tabel.rijen])] if vorig else []),
    )
    return tabel


def _getal(waarde):
    """Empty for no figure; a whole number of days without its ".0"."""
    if isinstance(waarde, float) and waarde.is_integer():
        return int(waarde)
    return "" if waarde is None else waarde


def _stand(st: selectors.Doorloopstand | None) -> list:
    """Measured, mean, median, % within the norm; empty cells without a figure."""
    if st is None:
        return ["", "", "", ""]
    return [st.gemeten, _getal(st.gemiddeld), _getal(st.mediaan), _getal(st.aandeel_binnen_norm)]


def _norm(st: selectors.Doorloopstand | None):
    return "" if st is None or st.norm is None else st.norm


def _samen(nu: dict, toen: dict | None) -> list[tuple]:
    """The groups of this year and last year side by side: [(key, this year's or None, last
    year's or None)], sorted by name; a group only last year still has its row."""
    toen = toen or {}
    sleutels = set(nu) | set(toen)

    def naam(k):
        g = nu.get(k) or toen[k]
        return (g.naam.lower(), g.onderdeel_naam.lower(), k)

    return [(k, nu.get(k), toen.get(k)) for k in sorted(sleutels, key=naam)]


VORIG_JAAR_KOPPEN = [
    "Gemeten vorig jaar",
    "Gemiddeld vorig jaar (dagen)",
    "Mediaan vorig jaar (dagen)",
    "Binnen norm vorig jaar (%)",
    "Norm vorig jaar (dagen)",
]


def _doorlooptijden_tabel(nu: dict, toen: dict | None, normen) -> Tabel:
    koppen = ["Mbo-instelling", "Opleiding", "Tot", "Norm (dagen)", "Aanmeldingen", "Gemeten"]
    koppen += ["Gemiddeld (dagen)", "Mediaan (dagen)", "Binnen norm (%)", "Aanmeldingen vorig jaar"]
    koppen += VORIG_JAAR_KOPPEN
    tabel = Tabel(
        "doorlooptijden",
        "Doorlooptijden per mbo-instelling, opleiding en stap: dagen vanaf de aanmelding, dit jaar en vorig jaar",
        koppen,
        toelichting="Ontvangst: de aanmelding in behandeling genomen; intake: de intake gehouden; plaatsingsbesluit: "
        "het besluit vastgelegd. Vorig jaar: uit de momentopname van dezelfde dag, met de norm van toen.",
    )
    for _, a, b in _samen(nu, toen):
        g = a or b
        for stap, label in selectors.STAPPEN:
            st_a, st_b = (a.standen[stap] if a else None), (b.standen[stap] if b else None)
            rij = [g.naam, g.onderdeel_naam, label, normen[stap], a.aantal if a else ""]
            rij += _stand(st_a) + [b.aantal if b else ""] + _stand(st_b) + [_norm(st_b)]
            tabel.rijen.append(rij)
    tabel.grafiek = grafieken.staafdiagram(
        "grafiek-doorlooptijden",
        "Aandeel binnen de norm (%) per opleiding en stap, dit jaar en vorig jaar",
        [f"Tot {r[2]}: {r[1]} ({r[0]})" for r in tabel.rijen],
        [("Dit jaar", [r[8] for r in tabel.rijen])] + ([("Vorig jaar", [r[13] for r in tabel.rijen])] if toen else []),
    )
    return tabel


def _contact_tabel(nu: dict, toen: dict | None, normen) -> Tabel:
    tabel = Tabel(
        "eerste_contact",
        "Van risicomelding tot eerste contact per gemeente, dit jaar en vorig jaar",
        [
            "Gemeente",
            "Risicomeldingen",
            "Met contact",
            "Gemiddeld (dagen)",
            "Mediaan (dagen)",
            f"Binnen norm ({normen[selectors.CONTACT]} dagen, %)",
            "Risicomeldingen vorig jaar",
            *(k.replace("Gemeten", "Met contact") for k in VORIG_JAAR_KOPPEN),
        ],
        toelichting="Dagen van de risicomelding tot het eerste contactmoment van de gemeente op of na die dag. "
        "Vorig jaar: uit de momentopname van dezelfde dag, met de norm van toen.",
    )
    for _, a, b in _samen(nu, toen):
        st_a = a.standen[selectors.CONTACT] if a else None
        st_b = b.standen[selectors.CONTACT] if b else None
        rij = [(a or b).naam, a.aantal if a else ""] + _stand(st_a)
        rij += [b.aantal if b else ""] + _stand(st_b) + [_norm(st_b)]
        tabel.rijen.append(rij)
    tabel.grafiek = grafieken.staafdiagram(
        "grafiek-eerste-contact",
        "Aandeel eerste contacten binnen de norm (%) per gemeente, dit jaar en vorig jaar",
        [r[0] for r in tabel.rijen],
        [("Dit jaar", [r[5] for r in tabel.rijen])] + ([("Vorig jaar", [r[10] for r in tabel.rijen])] if toen else []),
    )
    return tabel


def rapport_maken(*, user, schooljaar: Schooljaar | None, vandaag: datetime.date | None = None) -> Rapport:
    vandaag = vandaag or timezone.localdate()
    normen = selectors.normen()
    if schooljaar is None:
        return Rapport(None, None, vandaag, vandaag, None, False, [], normen)
    actief = Schooljaar.objects.actief()
    verschil = (actief.startjaar - schooljaar.startjaar) if actief else 0
    live = schooljaar.actief or verschil <= 0
    peildatum = vandaag if live else _jaren_terug(vandaag, verschil)
    if live:
        nu = Cijfers(selectors.regio_cijfers(user=user, schooljaar=schooljaar))
    else:
        nu = Cijfers(selectors.momentopname_cijfers(user=user, schooljaar=schooljaar, op=peildatum)[1])
    vorig = selectors.vorig_schooljaar(schooljaar)
    vergelijkdatum = selectors.zelfde_dag_vorig_jaar(peildatum)
    datum_vorig, cijfers_vorig = selectors.momentopname_cijfers(user=user, schooljaar=vorig, op=vergelijkdatum)
    toen = Cijfers(cijfers_vorig) if datum_vorig else None
    # Lead times: this year live from the records (an earlier year from its snapshot, as the
    # purge may have taken its records), last year from its snapshot of the same day.
    if live:
        doorloop_nu = selectors.opleiding_groepen(
            selectors.doorlooptijden_opleidingen(user=user, schooljaar=schooljaar)
        )
        contact_nu = selectors.gemeente_groepen(selectors.eerste_contact_gemeenten(user=user, schooljaar=schooljaar))
    else:
        doorloop_nu = nu.doorloopgroepen(Dimensie.OPLEIDING, [s for s, _ in selectors.STAPPEN])
        contact_nu = nu.doorloopgroepen(Dimensie.GEMEENTE, [selectors.CONTACT])
    doorloop_toen = toen.doorloopgroepen(Dimensie.OPLEIDING, [s for s, _ in selectors.STAPPEN]) if toen else None
    contact_toen = toen.doorloopgroepen(Dimensie.GEMEENTE, [selectors.CONTACT]) if toen else None
    tabellen = [
        _toestanden_tabel(nu, toen),
        _dimensie_tabel("scholen", "Leerlingen per school", Dimensie.SCHOOL, nu, toen),
        _dimensie_tabel("gemeenten", "Leerlingen per woongemeente", Dimensie.GEMEENTE, nu, toen),
        _dimensie_tabel("leerwegen", "Leerlingen per leerweg", Dimensie.LEERWEG, nu, toen),
        _instellingen_tabel(nu, toen),
        _mijlpalen_tabel(user, schooljaar, vorig),
        _doorlooptijden_tabel(doorloop_nu, doorloop_toen, normen),
        _contact_tabel(contact_nu, contact_toen, normen),
    ]
    return Rapport(schooljaar, vorig, peildatum, vergelijkdatum, datum_vorig, live, tabellen, normen)


TABELLEN = (
    "regio",
    "scholen",
    "gemeenten",
    "leerwegen",
    "instellingen",
    "mijlpalen",
    "doorlooptijden",
    "eerste_contact",
)
