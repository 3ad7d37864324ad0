"""The facts of the accessibility statement, taken from the last audit.

The statement (templates/toegankelijkheid.html) is rendered from `LAATSTE_AUDIT`: when, how and
over what VOROC was checked, what the check found, and what is known not to work well. The
automated part is tests/e2e/test_toegankelijkheid.py (axe-core over every role's pages and forms
in their error state, widths of 320 and 1280 px) and tests/e2e/test_toetsenbord.py (keyboard); a
test keeps this record in step with them (the axe version, and no automated finding left open
here that the test no longer lists, or the other way round). Update it after every audit.
"""

import datetime
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Audit:
    datum: datetime.date
    soort: str
    hulpmiddel: str  # the automated checker and its version
    omvang: tuple[str, ...]
    bevindingen: tuple[str, ...]  # what the audit found that still fails (empty: nothing)
    beperkingen: tuple[str, ...] = field(default_factory=tuple)  # known limits outside the check


LAATSTE_AUDIT = Audit(
    datum=datetime.date(2026, 12, 3),
    soort="eigen controle (automatisch en met het toetsenbord); nog geen onderzoek door een onafhankelijke deskundige",
    hulpmiddel="axe-core 4.14.1",
    omvang=(
        "iedere pagina uit het menu en van de startpagina van iedere rol (decaan, mentor, zorgcoördinator, "
        "mbo-intaker, consulent Leerplicht/RMC, servicedesk), en de inlogpagina",
        "de pagina's van één leerling: dossier, doorstroomformulier, aanmelding bij het mbo, melding",
        "zeven formulieren in hun foutstand, met het foutoverzicht",
        "iedere pagina op 320 en 1280 pixels breed, en het menu op een telefoon, open en dicht",
        "bediening met alleen het toetsenbord: overslaanlink, menu, filteren en sorteren, een formulier met "
        "een fout, het plaatsingsbesluit",
    ),
    bevindingen=(),
    beperkingen=(
        "De pdf-bestanden (doorstroomformulier, bundels, inzage) zijn getagd (PDF/UA) met titel en taal, maar nog "
        "niet met een schermlezer nagelopen. De gegevens erin staan ook op de pagina's zelf.",
        "Brede overzichtstabellen schuiven op een smal scherm horizontaal binnen hun eigen vak; dat werkt met "
        "toetsenbord en aanraken, maar is minder prettig dan een smalle weergave.",
        "Het importeren van leerlingen gaat met een spreadsheet: de toegankelijkheid daarvan hangt af van het "
        "programma waarmee u het bestand maakt.",
    ),
)
