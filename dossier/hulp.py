"""The help page's content: per role the year's steps, what every status means, the codes.

Written in plain Dutch for the people who use VOROC; the dates come from the active school year,
so the page never disagrees with the reminders. A test keeps every status and national code
explained here.
"""

from dataclasses import dataclass

from aanmelding.status import LANDELIJKE_STATUS, LandelijkeStatus, Status
from voroc import policy


@dataclass(frozen=True)
class Stap:
    wat: str
    mijlpaal: str = ""  # a code of Schooljaar.mijlpalen(): the step's date in the active year


@dataclass(frozen=True)
class Rol:
    code: str
    titel: str
    perms: tuple[str, ...]
    stappen: tuple[Stap, ...]


ROLLEN = (
    Rol(
        "school",
        "Voor de school: decaan, mentor en zorgcoördinator",
        ("leerlingen_alle_inzien", "leerlingen_mentorgroep_inzien"),
        (
            Stap(
                "Controleer de gegevens van uw leerlingen, of lees ze opnieuw in vanuit de leerlingadministratie.",
                "opent_op",
            ),
            Stap(
                "Vul met iedere leerling het doorstroomformulier in, met het LOB-paspoort, en maak het definitief.",
                "formulieren_gereed",
            ),
            Stap("Meld leerlingen bij wie de overstap een risico is bij de gemeente (risicomelding).", "risico_melden"),
            Stap(
                "Meld iedere leerling aan voor ten hoogste twee opleidingen bij één mbo-instelling. Wie op tijd is "
                "aangemeld, heeft toelatingsrecht.",
                "aanmelddeadline",
            ),
            Stap(
                "Voer de diplomaresultaten in. Gezakt met een voorwaardelijke plaatsing? Het mbo krijgt bericht.",
                "diplomaresultaten",
            ),
            Stap(
                "Juni-controle: ga na of iedere leerling een plaats heeft, leg vast wie gezakt is en wie naar een "
                "bestemming buiten het mbo gaat (Elders).",
                "juni_controle",
            ),
        ),
    ),
    Rol(
        "mbo",
        "Voor het mbo: intake en toelating",
        ("aanmeldingen_behandelen",),
        (
            Stap(
                "Bevestig de ontvangst van iedere aanmelding: dat is de eerste terugkoppeling aan school en gemeente."
            ),
            Stap("Plan de intake en nodig de leerling uit: de tweede terugkoppeling."),
            Stap(
                "Leg het plaatsingsbesluit vast, met de reden als u afwijst: de derde terugkoppeling.",
                "terugkoppeling_gereed",
            ),
            Stap("Schrijf geplaatste leerlingen in en leg vast wie gestart is.", "mbo_start"),
            Stap("Meld leerlingen die na de start niet verschenen zijn; de gemeente neemt het over.", "noshow_melden"),
        ),
    ),
    Rol(
        "gemeente",
        "Voor Leerplicht en RMC van de gemeente",
        ("woongemeente_inzien", "meldingen_behandelen"),
        (
            Stap("Volg de leerlingen die in uw gemeente wonen: hun aanmeldingen, besluiten en bestemming."),
            Stap("Handel risicomeldingen van scholen af en leg contactmomenten vast.", "risico_melden"),
            Stap("Neem contact op met leerlingen zonder bestemming na de juni-controle.", "juni_controle"),
            Stap("Volg leerlingen die het mbo als niet verschenen heeft gemeld.", "noshow_melden"),
        ),
    ),
    Rol(
        "monitor",
        "Voor de regionaal monitor",
        ("regio_monitoren",),
        (
            Stap(
                "Volg in de rapportage de cijfers van de regio: per school, mbo-instelling, gemeente en leerweg, "
                "en dit jaar tegen vorig jaar op dezelfde datum. U ziet geen gegevens van leerlingen."
            ),
            Stap("Kijk hoeveel leerlingen nog zonder bestemming zijn na de aanmelddeadline.", "aanmelddeadline"),
            Stap(
                "Bespreek het rapport (pdf) en de doorlooptijden in het regionale overleg na de juni-controle.",
                "juni_controle",
            ),
        ),
    ),
    Rol(
        "servicedesk",
        "Voor de servicedesk",
        ("organisaties_beheren",),
        (
            Stap("Beheer organisaties, locaties en accounts; nodig de eerste gebruiker van een organisatie uit."),
            Stap("Stel het nieuwe schooljaar in met zijn data, voordat VOROC opengaat.", "opent_op"),
        ),
    ),
)

S = Status
STATUS_UITLEG: dict[str, str] = {
    S.CONCEPT: "De school heeft de aanmelding voorbereid maar nog niet verstuurd; het mbo ziet haar niet.",
    S.AANGEMELD: "Verstuurd naar het mbo; het mbo heeft de ontvangst nog niet bevestigd.",
    S.IN_BEHANDELING: "Het mbo heeft de aanmelding ontvangen en behandelt haar.",
    S.INTAKE_GEPLAND: "Het mbo heeft een intakegesprek gepland en de leerling uitgenodigd.",
    S.INTAKE_GEHAD: "Het intakegesprek heeft plaatsgevonden; het besluit volgt.",
    S.GEPLAATST: "De leerling is toegelaten tot de opleiding.",
    S.VOORWAARDELIJK_GEPLAATST: "Toegelaten onder een voorwaarde, meestal het behalen van het diploma.",
    S.WACHTLIJST: "De opleiding is vol; de leerling staat op de wachtlijst.",
    S.UITGELOOT: "De opleiding heeft meer aanmeldingen dan plaatsen en de leerling is uitgeloot.",
    S.AFGEWEZEN: "Het mbo heeft de leerling niet toegelaten, met een wettelijke reden.",
    S.INGESCHREVEN: "De leerling heeft een onderwijsovereenkomst en is ingeschreven.",
    S.GESTART: "De leerling is begonnen aan de opleiding.",
    S.NIET_VERSCHENEN: "Ingeschreven, maar na de start niet op school verschenen; de gemeente is ingelicht.",
    S.INGETROKKEN: "De school of de leerling heeft de aanmelding ingetrokken.",
    S.DOORVERWEZEN: "Het mbo heeft de leerling naar een andere opleiding verwezen; daar loopt een nieuwe aanmelding.",
}


def rollen_voor(user) -> list[Rol]:
    """The roles whose steps concern this user (by permission, never by role name); all of them
    for a user who holds none, so the page always explains something."""
    eigen = [rol for rol in ROLLEN if policy.holds_any(user, *rol.perms)]
    return eigen or list(ROLLEN)


def statussen() -> list[dict]:
    """Every application status with its explanation and the national code it is reported as."""
    return [
        {
            "status": status,
            "label": status.label,
            "uitleg": STATUS_UITLEG[status],
            "landelijk": LandelijkeStatus(LANDELIJKE_STATUS[status])
            if LANDELIJKE_STATUS.get(status) is not None
            else None,
        }
        for status in Status
    ]
