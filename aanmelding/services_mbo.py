"""The mbo side of applications: receipt, intake, bulk steps, programmes and CSV imports.

Every step goes through the life-cycle services of `aanmelding.services` (which check the
transition, the permission, and append the timeline event); this module adds what the
intake staff of an institution need on top: the intake appointment, all-or-nothing bulk
actions, the institution's own programmes, and imports from its student system.

Kept apart from `aanmelding.services` so that the school side and the mbo side of
applications can grow independently.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.formats import date_format

from voroc import policy
from voroc.errors import DomainError
from voroc.tabular import read_csv
from voroc.validators import parse_id

from .models import Aanmelding, Intake, Leerweg, Opleiding
from .services import aanmelding_status_update, plaatsingsbesluit_record
from .status import LANDELIJKE_STATUS, AfwijzingsReden, LandelijkeStatus, Status

MAX_IMPORT_REGELS = 5000


class BulkError(DomainError):
    """A bulk action refused for one or more items; nothing was recorded."""

    def __init__(self, message: str, *, weigeringen: list[tuple[Aanmelding, str]]):
        super().__init__(message)
        self.weigeringen = weigeringen


# --- steps on one application -------------------------------------------------------------


@transaction.atomic
def aanmelding_ontvangen(*, aanmelding: Aanmelding, user, bericht: str = "") -> Aanmelding:
    """The mbo has received the application: feedback moment 1 ("na aanmelding")."""
    return aanmelding_status_update(
        aanmelding=aanmelding,
        naar=Status.IN_BEHANDELING,
        user=user,
        bericht=("Aanmelding ontvangen en in behandeling genomen. " + bericht).strip(),
    )


@transaction.atomic
def intake_plannen(
    *, aanmelding: Aanmelding, datum: datetime.date, tijd: datetime.time, plaats: str, user, bericht: str = ""
) -> Intake:
    """Plan (or re-plan) the intake: feedback moment 2 ("voorafgaand aan de intake")."""
    plaats = plaats.strip()
    if not plaats:
        raise DomainError("Vermeld waar de intake plaatsvindt.", field="plaats")
    if datum < timezone.localdate():
        raise DomainError("De intakedatum ligt in het verleden.", field="datum")
    tekst = f"Intake gepland op {date_format(datum, 'l j F Y')} om {tijd:%H:%M} uur, {plaats}."
    if bericht.strip():
        tekst += f" {bericht.strip()}"
    aanmelding = aanmelding_status_update(aanmelding=aanmelding, naar=Status.INTAKE_GEPLAND, user=user, bericht=tekst)
    return Intake.objects.create(
        aanmelding=aanmelding, datum=datum, tijd=tijd, plaats=plaats, bericht=bericht.strip(), gepland_door=user
    )


@transaction.atomic
def intake_afronden(*, aanmelding: Aanmelding, user, studiekeuzeadvies: str = "") -> Intake:
    """The intake took place, with an optional studiekeuzeadvies."""
    advies = studiekeuzeadvies.strip()
    tekst = "Intake gehad."
    if advies:
        tekst += f" Studiekeuzeadvies: {advies}"
    aanmelding = aanmelding_status_update(aanmelding=aanmelding, naar=Status.INTAKE_GEHAD, user=user, bericht=tekst)
    now = timezone.now()
    intake = aanmelding.intakes.filter(gehad_op__isnull=True).order_by("-gepland_op", "-pk").first()
    if intake is None:  # held without a planned appointment in VOROC
        local = timezone.localtime(now)
        intake = Intake(
            aanmelding=aanmelding,
            datum=local.date(),
            tijd=local.time().replace(microsecond=0),
            plaats="niet vooraf gepland",
            gepland_door=user,
        )
    intake.gehad_op = now
    intake.studiekeuzeadvies = advies
    intake.save()
    return intake


# --- bulk actions on a selection --------------------------------------------------------------

# Every step of the life cycle that is the same for each application of a selection; the steps
# that need a decision per application (the plaatsingsbesluit, referral) stay in the dossier.
BULK_ACTIES = {
    "ontvangen": "Markeren als ontvangen",
    "intake": "Intake plannen",
    "intake_gehad": "Intake gehad",
    "ingeschreven": "Inschrijving vastleggen",
    "gestart": "Start bevestigen",
    "niet_verschenen": "Niet verschenen (melding aan Leerplicht/RMC)",
}
BULK_STATUS = {
    "ingeschreven": Status.INGESCHREVEN,
    "gestart": Status.GESTART,
    "niet_verschenen": Status.NIET_VERSCHENEN,
}


def _bulk_stap(aanmelding: Aanmelding, *, actie: str, user, intake: dict | None, bericht: str) -> None:
    """One application's step, through the same service as the dossier's button or form."""
    if actie == "ontvangen":
        aanmelding_ontvangen(aanmelding=aanmelding, user=user, bericht=bericht)
    elif actie == "intake":
        intake_plannen(aanmelding=aanmelding, user=user, **intake)
    elif actie == "intake_gehad":
        intake_afronden(aanmelding=aanmelding, user=user)
    else:
        aanmelding_status_update(aanmelding=aanmelding, naar=BULK_STATUS[actie], user=user, bericht=bericht)


def aanmeldingen_bulk(
    *, aanmeldingen: list[Aanmelding], actie: str, user, intake: dict | None = None, bericht: str = ""
) -> int:
    """Apply one step to every selected application, each through its service; all or nothing.

    Raises BulkError naming every refused pupil and why (and records nothing) when any item is
    refused: a no-show before the programme's start, for instance, refuses the whole batch.
    """
    if actie not in BULK_ACTIES:
        raise DomainError("Kies een actie.", field="actie")
    if not aanmeldingen:
        raise DomainError("Selecteer eerst een of meer aanmeldingen.")
    if actie == "intake" and not intake:
        raise DomainError("Vul datum, tijd en plaats van de intake in.")
    bericht = bericht.strip()
    weigeringen: list[tuple[Aanmelding, str]] = []
    with transaction.atomic():
        for aanmelding in sorted(aanmeldingen, key=lambda a: a.pk):  # one lock order
            try:
                with transaction.atomic():
                    _bulk_stap(aanmelding, actie=actie, user=user, intake=intake, bericht=bericht)
            except DomainError as e:
                weigeringen.append((aanmelding, e.message))
        if weigeringen:
            n, totaal = len(weigeringen), len(aanmeldingen)
            regels = "; ".join(f"{a.leerling.volledige_naam} ({a.opleiding.naam}): {reden}" for a, reden in weigeringen)
            raise BulkError(
                f"Er is niets vastgelegd: {n} van de {totaal} geselecteerde aanmeldingen "
                f"{'kan' if n == 1 else 'kunnen'} deze stap niet zetten. Geweigerd: {regels}",
                weigeringen=weigeringen,
            )
    return len(aanmeldingen)


# --- programmes -----------------------------------------------------------------------------

OPLEIDING_VELDEN = (
    "locatie",
    "crebo",
    "naam",
    "niveau",
    "leerweg",
    "startdatum",
    "capaciteit",
    "strenge_toelating",
    "actief",
)


def _require_beheer(user, instelling_id: int) -> None:
    if not policy.has_perm(user, "opleidingen_beheren", instelling_id):
        raise DomainError("U mag de opleidingen van deze instelling niet beheren.")


def _validation_message(error: ValidationError) -> str:
    if hasattr(error, "message_dict"):
        parts = []
        for veld, berichten in error.message_dict.items():
            label = veld if veld == "__all__" else str(Opleiding._meta.get_field(veld).verbose_name)
            parts.append(" ".join(berichten) if veld == "__all__" else f"{label}: {' '.join(berichten)}")
        return " ".join(parts)
    return " ".join(error.messages)


def _opleiding_valideren(opleiding: Opleiding) -> None:
    if opleiding.locatie.instelling_id != opleiding.instelling_id:
        raise DomainError("Kies een locatie van de eigen instelling.", field="locatie")
    try:
        opleiding.full_clean()
    except ValidationError as e:
        raise DomainError(_validation_message(e))


@transaction.atomic
def opleiding_create(*, instelling, user, **velden) -> Opleiding:
    _require_beheer(user, instelling.pk)
    opleiding = Opleiding(instelling=instelling, **{k: v for k, v in velden.items() if k in OPLEIDING_VELDEN})
    _opleiding_valideren(opleiding)
    opleiding.save()
    return opleiding


@transaction.atomic
def opleiding_update(*, opleiding: Opleiding, user, **velden) -> Opleiding:
    opleiding = Opleiding.objects.select_for_update().get(pk=opleiding.pk)
    _require_beheer(user, opleiding.instelling_id)
    for key, value in velden.items():
        if key in OPLEIDING_VELDEN:  # the institution itself never changes
            setattr(opleiding, key, value)
    _opleiding_valideren(opleiding)
    opleiding.save()
    return opleiding


@transaction.atomic
def opleiding_sluiten(*, opleiding: Opleiding, user, actief: bool = False) -> Opleiding:
    """Close a programme for new applications (or open it again); existing applications stay."""
    opleiding = Opleiding.objects.select_for_update().get(pk=opleiding.pk)
    _require_beheer(user, opleiding.instelling_id)
    opleiding.actief = actief
    opleiding.save(update_fields=["actief"])
    return opleiding


@transaction.atomic
def opleiding_delete(*, opleiding: Opleiding, user) -> None:
    """Delete a programme that never had an application; one with applications can only be closed."""
    opleiding = Opleiding.objects.select_for_update().get(pk=opleiding.pk)
    _require_beheer(user, opleiding.instelling_id)
    melding = "Deze opleiding heeft aanmeldingen en kan niet worden verwijderd; sluit haar in plaats daarvan."
    if opleiding.aanmeldingen.exists():
        raise DomainError(melding)
    try:
        opleiding.delete()
    except ProtectedError:  # the database's own guard (on_delete=PROTECT)
        raise DomainError(melding)


# --- CSV imports ----------------------------------------------------------------------------


@dataclass
class ImportRegel:
    regel: int
    omschrijving: str
    fout: str = ""
    actie: str = ""


@dataclass
class ImportResultaat:
    regels: list[ImportRegel] = field(default_factory=list)
    opgeslagen: bool = False

    @property
    def fouten(self) -> list[ImportRegel]:
        return [r for r in self.regels if r.fout]

    @property
    def aantal_wijzigingen(self) -> int:
        return sum(1 for r in self.regels if not r.fout and r.actie != "ongewijzigd")


class _Rollback(Exception):
    pass


def _bestand_fout(message: str) -> DomainError:
    """A fault of the file as a whole: shown at the upload field."""
    return DomainError(message, field="bestand")


def lees_csv(data: bytes | str) -> list[dict[str, str]]:
    """Rows of a CSV file (';' or ',' separated, header row), keys lower-cased; read by the one
    bounded table reader (voroc.tabular: size, rows, columns and cell length capped)."""
    if not (data.strip() if isinstance(data, str) else data.strip(b" \r\n\t\xef\xbb\xbf")):
        raise _bestand_fout("Het bestand is leeg.")
    rows = [row for row in read_csv(data, max_rows=MAX_IMPORT_REGELS) if row]
    if not rows or not any(rows[0]):
        raise _bestand_fout("Het bestand heeft geen kopregel.")
    kolommen = [naam.lower() for naam in rows[0]]
    regels = [{k: v for k, v in zip(kolommen, row, strict=False) if k} for row in rows[1:]]
    for regel in regels:
        for k in kolommen:
            if k:
                regel.setdefault(k, "")
    if not regels:
        raise _bestand_fout("Het bestand bevat geen regels onder de kopregel.")
    return regels


def _importeren(data: bytes | str, *, kolomfout, verwerk, opslaan: bool) -> ImportResultaat:
    """The skeleton both mbo imports share: read the file (voroc.tabular), check its columns
    (`kolomfout(kolommen)` says what is missing, or None), then apply `verwerk(nummer, row) ->
    ImportRegel` to every row (`_run_import`). Each import keeps its own column rules and rows."""
    rows = lees_csv(data)
    fout = kolomfout(rows[0].keys())
    if fout:
        raise _bestand_fout(fout)
    return _run_import(verwerk, rows, opslaan=opslaan)


def _run_import(verwerk, rows, *, opslaan: bool) -> ImportResultaat:
    """Run `verwerk(nummer, row) -> ImportRegel` for every row in one transaction; commit only when
    `opslaan` and no row failed (all or nothing). A preview runs the same code and rolls back."""
    resultaat = ImportResultaat()
    try:
        with transaction.atomic():
            for nummer, row in enumerate(rows, start=2):  # line 1 is the header
                try:
                    with transaction.atomic():
                        resultaat.regels.append(verwerk(nummer, row))
                except DomainError as e:
                    resultaat.regels.append(ImportRegel(nummer, _omschrijving(row), fout=e.message))
            if not opslaan or resultaat.fouten:
                raise _Rollback
            resultaat.opgeslagen = True
    except _Rollback:
        pass
    return resultaat


def _omschrijving(row: dict) -> str:
    return " · ".join(v for k, v in row.items() if k in ("crebo", "naam", "aanmelding", "status", "locatie") and v)


VERPLICHTE_OPLEIDING_KOLOMMEN = ("crebo", "naam", "niveau", "leerweg", "locatie", "startdatum")


def _ja_nee(value: str, kolom: str) -> bool:
    v = value.strip().lower()
    if v in ("", "nee", "n", "0", "false"):
        return False
    if v in ("ja", "j", "1", "true"):
        return True
    raise DomainError(f"Kolom {kolom}: vul ‘ja’ of ‘nee’ in.")


def _datum(value: str, kolom: str) -> datetime.date:
    for fmt in ("%Y-%m-%d", "%d-%m-%Y"):
        try:
            return datetime.datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
    raise DomainError(f"Kolom {kolom}: ‘{value}’ is geen datum (dd-mm-jjjj of jjjj-mm-dd).")


def opleidingen_import(*, instelling, data: bytes | str, user, opslaan: bool) -> ImportResultaat:
    """Create or update the institution's programmes from a CSV file; all or nothing.

    Columns: crebo, naam, niveau, leerweg (BOL/BBL), locatie (name of one of the institution's
    locations), startdatum, and optionally capaciteit, strenge_toelating (ja/nee), actief (ja/nee).
    A row with the same crebo, location, leerweg and start date updates that programme.
    """
    _require_beheer(user, instelling.pk)
    locaties = {loc.naam.lower(): loc for loc in instelling.locaties.all()}

    def verwerk(nummer: int, row: dict) -> ImportRegel:
        locatie = locaties.get(row["locatie"].lower())
        if locatie is None:
            raise DomainError(f"Locatie ‘{row['locatie']}’ bestaat niet bij {instelling}.")
        leerweg = row["leerweg"].upper()
        if leerweg not in Leerweg.values:
            raise DomainError("Kolom leerweg: vul BOL of BBL in.")
        try:
            niveau = int(row["niveau"])
        except ValueError:
            raise DomainError("Kolom niveau: vul een getal van 1 tot en met 4 in.")
        capaciteit = row.get("capaciteit", "")
        if capaciteit and not capaciteit.isdigit():
            raise DomainError("Kolom capaciteit: vul een heel getal in, of laat leeg.")
        velden = {
            "naam": row["naam"],
            "niveau": niveau,
            "capaciteit": int(capaciteit) if capaciteit else None,
            "strenge_toelating": _ja_nee(row.get("strenge_toelating", ""), "strenge_toelating"),
        }
        if row.get("actief", ""):
            velden["actief"] = _ja_nee(row["actief"], "actief")
        sleutel = {
            "instelling": instelling,
            "locatie": locatie,
            "crebo": row["crebo"],
            "leerweg": leerweg,
            "startdatum": _datum(row["startdatum"], "startdatum"),
        }
        bestaand = Opleiding.objects.filter(**sleutel).first()
        if bestaand:
            opleiding_update(opleiding=bestaand, user=user, **velden)
            actie = "bijgewerkt"
        else:
            sleutel.pop("instelling")
            opleiding_create(instelling=instelling, user=user, **sleutel, **velden)
            actie = "nieuw"
        return ImportRegel(nummer, f"{row['crebo']} {row['naam']} ({locatie.naam})", actie=actie)

    return _importeren(data, kolomfout=_opleiding_kolomfout, verwerk=verwerk, opslaan=opslaan)


def _opleiding_kolomfout(kolommen) -> str | None:
    ontbrekend = [k for k in VERPLICHTE_OPLEIDING_KOLOMMEN if k not in kolommen]
    return f"Het bestand mist de kolom(men): {', '.join(ontbrekend)}." if ontbrekend else None


# --- statutory status codes (WEB 8.0.3) -----------------------------------------------------

REDEN_UITGELOOT = "uitgeloot"


@transaction.atomic
def aanmelding_landelijke_status_record(*, aanmelding: Aanmelding, code: int, user, reden: str = "") -> str | None:
    """Record the step that national status code `code` (0-5) stands for, through the life-cycle
    services: the student system's import and the API share this one mapping (docs/mbo.md).
    Returns the new state, or None when the application already has that code. `reden`: for
    code 3 before enrolment, a legal ground for rejection (AfwijzingsReden) or ‘uitgeloot’."""
    if code not in LandelijkeStatus.values:
        raise DomainError(f"Statuscode ‘{code}’ bestaat niet; gebruik 0 tot en met 5.", field="status")
    if LANDELIJKE_STATUS[aanmelding.status] == code:
        return None
    reden = (reden or "").strip().lower()
    if code == LandelijkeStatus.ONTVANGEN:
        raise DomainError(
            f"Code 0 kan niet worden vastgelegd: de aanmelding is al verder ({aanmelding.get_status_display()})."
        )
    if code == LandelijkeStatus.AANGEMELD:
        aanmelding_ontvangen(aanmelding=aanmelding, user=user)
        return Status.IN_BEHANDELING
    if code == LandelijkeStatus.OVEREENKOMST_AANGEBODEN:
        plaatsingsbesluit_record(aanmelding=aanmelding, uitkomst=Status.GEPLAATST, user=user)
        return Status.GEPLAATST
    if code == LandelijkeStatus.GEEN_INSCHRIJVING:
        if aanmelding.status == Status.INGESCHREVEN:
            aanmelding_status_update(aanmelding=aanmelding, naar=Status.NIET_VERSCHENEN, user=user)
            return Status.NIET_VERSCHENEN
        if reden == REDEN_UITGELOOT:
            plaatsingsbesluit_record(aanmelding=aanmelding, uitkomst=Status.UITGELOOT, user=user)
            return Status.UITGELOOT
        if reden in AfwijzingsReden.values:
            plaatsingsbesluit_record(aanmelding=aanmelding, uitkomst=Status.AFGEWEZEN, reden=reden, user=user)
            return Status.AFGEWEZEN
        raise DomainError(
            "Code 3 vraagt in de kolom reden een wettelijke afwijzingsgrond "
            f"({', '.join(AfwijzingsReden.values)}) of ‘uitgeloot’.",
            field="reden",
        )
    naar = Status.INGETROKKEN if code == LandelijkeStatus.INGETROKKEN else Status.INGESCHREVEN
    aanmelding_status_update(aanmelding=aanmelding, naar=naar, user=user)
    return naar


def statuscodes_import(*, instelling_ids, data: bytes | str, user, opslaan: bool) -> ImportResultaat:
    """Update many applications from the institution's student system by national status code 0-5.

    Columns: one of `aanmelding` (the VOROC application number), `bsn` or `onderwijsnummer`;
    `crebo` (required with bsn/onderwijsnummer); `status` (0-5); `reden` for code 3 before
    enrolment (a legal ground for rejection, or ‘uitgeloot’). Each code maps to the target
    state the life cycle allows; an illegal transition is refused for that row. All or nothing.
    """
    instelling_ids = frozenset(instelling_ids)
    if not instelling_ids or not all(policy.has_perm(user, "aanmeldingen_behandelen", i) for i in instelling_ids):
        raise DomainError("U mag aanmeldingen van deze instelling niet bijwerken.")
    basis = Aanmelding.objects.for_user(user).filter(opleiding__instelling_id__in=instelling_ids)

    def zoek(row: dict) -> Aanmelding:
        if row.get("aanmelding"):
            pk = parse_id(row["aanmelding"])
            if pk is None:
                raise DomainError("Kolom aanmelding: vul het VOROC-aanmeldingsnummer in.")
            found = list(basis.filter(pk=pk))
        else:
            if not row.get("crebo"):
                raise DomainError("Vul de opleidingscode (crebo) in bij een BSN of onderwijsnummer.")
            if row.get("bsn"):
                qs = basis.filter(leerling__bsn=row["bsn"])
            elif row.get("onderwijsnummer"):
                qs = basis.filter(leerling__onderwijsnummer=row["onderwijsnummer"])
            else:
                raise DomainError("Vul een aanmeldingsnummer, BSN of onderwijsnummer in.")
            found = list(qs.filter(opleiding__crebo=row["crebo"]).order_by("-aangemeld_op", "-pk"))
            if len(found) > 1:
                geldig = [a for a in found if LANDELIJKE_STATUS[a.status] not in (3, 4)]
                found = geldig if len(geldig) == 1 else found
        if not found:
            raise DomainError("Geen aanmelding bij uw instelling gevonden.")
        if len(found) > 1:
            raise DomainError("Meerdere aanmeldingen gevonden; gebruik het VOROC-aanmeldingsnummer.")
        return found[0]

    def verwerk(nummer: int, row: dict) -> ImportRegel:
        code_text = row.get("status", "")
        if not re.fullmatch(r"[0-9]", code_text) or int(code_text) not in LandelijkeStatus.values:
            raise DomainError(f"Statuscode ‘{code_text}’ bestaat niet; gebruik 0 tot en met 5.")
        code = int(code_text)
        aanmelding = zoek(row)
        omschrijving = f"aanmelding {aanmelding.pk} · {aanmelding.opleiding.crebo} · code {code}"
        huidig = aanmelding.get_status_display()
        naar = aanmelding_landelijke_status_record(
            aanmelding=aanmelding, code=code, reden=row.get("reden", ""), user=user
        )
        if naar is None:
            return ImportRegel(nummer, omschrijving, actie="ongewijzigd")
        return ImportRegel(nummer, omschrijving, actie=f"{huidig} → {Status(naar).label}")

    return _importeren(data, kolomfout=_status_kolomfout, verwerk=verwerk, opslaan=opslaan)


def _status_kolomfout(kolommen) -> str | None:
    if "status" not in kolommen:
        return "Het bestand mist de kolom status."
    if not ({"aanmelding", "bsn", "onderwijsnummer"} & kolommen):
        return "Het bestand heeft een kolom aanmelding, bsn of onderwijsnummer nodig."
    return None
