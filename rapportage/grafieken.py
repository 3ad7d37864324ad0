"""Charts drawn on the server as inline SVG: no JavaScript, nothing fetched, the same in the page,
the print and the PDF. A chart is readable without colour: each series has its own pattern
(solid, hatched) named in a legend, and every bar carries its number; the table beside it holds
the same numbers for screen readers and copying. Only geometry is computed here; the template
`rapportage/_staafdiagram.html` draws it (SVG attributes, no inline style: the CSP forbids it)."""

from __future__ import annotations

from dataclasses import dataclass, field

LABEL_BREEDTE = 230
BALK_BREEDTE = 340
GETAL_RUIMTE = 60
BALK_HOOGTE = 16
BALK_AFSTAND = 3
GROEP_AFSTAND = 12
LEGENDA_HOOGTE = 30

# Per series: (name of the pattern, fill colour): solid, hatched, dotted, so that print in black
# and white and colour-blind readers tell them apart.
PATRONEN = (("vol", "#1f4e79"), ("arcering", "#1f4e79"), ("stippen", "#1f4e79"))


@dataclass
class Reeks:
    naam: str
    patroon: str  # the id of its <pattern>
    kleur: str
    soort: str  # "vol", "arcering" or "stippen"
    legenda_x: int

    @property
    def gearceerd(self) -> bool:
        return self.soort == "arcering"

    @property
    def vulling(self) -> str:
        """Solid: the colour itself; hatched: its pattern."""
        return self.kleur if self.soort == "vol" else f"url(#{self.patroon})"


@dataclass
class Balk:
    vulling: str
    x: int
    y: int
    breedte: int
    hoogte: int
    reeks: int
    waarde: int | float | None
    tekst_x: int
    tekst_y: int
    url: str = ""

    @property
    def tekst(self) -> str:
        return "–" if self.waarde is None else str(self.waarde)


@dataclass
class Groep:
    label: str
    label_y: int
    balken: list[Balk] = field(default_factory=list)


@dataclass
class Staafdiagram:
    id: str
    titel: str
    breedte: int
    hoogte: int
    reeksen: list[Reeks]
    groepen: list[Groep]
    label_x: int = LABEL_BREEDTE - 8
    as_x: int = LABEL_BREEDTE

    @property
    def met_links(self) -> bool:
        """A chart whose bars are links is a group (an image may hold no links), not an image."""
        return any(b.url for g in self.groepen for b in g.balken)

    @property
    def beschrijving(self) -> str:
        """A text alternative: every group with its numbers per series."""
        delen = []
        for groep in self.groepen:
            waarden = ", ".join(f"{self.reeksen[b.reeks].naam.lower()} {b.tekst}" for b in groep.balken)
            delen.append(f"{groep.label}: {waarden}")
        return "; ".join(delen)


def _getal(waarde) -> int | float | None:
    return waarde if isinstance(waarde, int | float) and not isinstance(waarde, bool) else None


def staafdiagram(
    id: str, titel: str, labels: list[str], reeksen: list[tuple[str, list]], links: list[list[str]] | None = None
) -> Staafdiagram:
    """A horizontal bar chart: one group per label, one bar per series (e.g. this year and last
    year), scaled to the largest value. A value that is not a number draws no bar and reads "–".
    `links`, per series a URL per label ("" for none), makes each bar and its number a link to the
    list behind it."""
    waarden = [[_getal(w) for w in ws] for _, ws in reeksen]
    series = [
        Reeks(naam, f"{id}-{PATRONEN[r % 3][0]}", PATRONEN[r % 3][1], PATRONEN[r % 3][0], 10 + 150 * r)
        for r, (naam, _) in enumerate(reeksen)
    ]
    hoogste = max((w for ws in waarden for w in ws if w is not None), default=0) or 1
    groepen = []
    y = LEGENDA_HOOGTE
    per_groep = len(reeksen) * (BALK_HOOGTE + BALK_AFSTAND) - BALK_AFSTAND
    for i, label in enumerate(labels):
        groep = Groep(str(label), y + per_groep // 2 + 5)
        for r, ws in enumerate(waarden):
            w = ws[i] if i < len(ws) else None
            breedte = 0 if w is None else max(round(BALK_BREEDTE * w / hoogste), 1 if w else 0)
            by = y + r * (BALK_HOOGTE + BALK_AFSTAND)
            groep.balken.append(
                Balk(
                    series[r].vulling,
                    LABEL_BREEDTE,
                    by,
                    breedte,
                    BALK_HOOGTE,
                    r,
                    w,
                    LABEL_BREEDTE + breedte + 6,
                    by + BALK_HOOGTE - 4,
                    (links[r][i] if links and r < len(links) and i < len(links[r]) else "") or "",
                )
            )
        groepen.append(groep)
        y += per_groep + GROEP_AFSTAND
    return Staafdiagram(
        id=id,
        titel=titel,
        breedte=LABEL_BREEDTE + BALK_BREEDTE + GETAL_RUIMTE,
        hoogte=max(y, LEGENDA_HOOGTE + 10),
        reeksen=series,
        groepen=groepen,
    )
