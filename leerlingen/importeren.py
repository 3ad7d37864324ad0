"""Reading and checking a school's administration export (Magister, Somtoday, Eduarte, ...).

`raad_koppeling()` proposes which column feeds which field from the header names; the user
confirms it. `controleer()` turns the rows into clean pupil values plus row-level errors in
Dutch. Nothing here writes pupils: `services.leerlingen_import` does, after confirmation.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from voroc.validators import elfproef, mask_number, normalize_postcode, validate_postcode

from .models import Leerling, Leerweg


@dataclass(frozen=True)
class Veld:
    key: str
    label: str
    verplicht: bool
    aliassen: tuple[str, ...]
    max_length: int = 0


VELDEN: tuple[Veld, ...] = (
    Veld(
        "leerlingnummer",
        "Leerlingnummer",
        True,
        ("leerlingnummer", "llnr", "leerlingnr", "stamnummer", "studentnummer", "leerlingid", "nummer"),
        20,
    ),
    Veld("voornaam", "Roepnaam", True, ("roepnaam", "voornaam", "voornamen", "roepnaamleerling"), 100),
    Veld("tussenvoegsel", "Tussenvoegsel", False, ("tussenvoegsel", "tussenvoegsels", "voorvoegsel", "tv"), 20),
    Veld("achternaam", "Achternaam", True, ("achternaam", "geslachtsnaam", "familienaam", "naam"), 100),
    Veld("geboortedatum", "Geboortedatum", True, ("geboortedatum", "gebdatum", "geboortedat", "geborenop")),
    Veld("bsn", "BSN", False, ("bsn", "burgerservicenummer", "sofinummer", "sofi")),
    Veld("onderwijsnummer", "Onderwijsnummer", False, ("onderwijsnummer", "own", "pgn", "persoonsgebondennummer")),
    Veld("klas", "Klas", True, ("klas", "stamgroep", "basisgroep", "groep", "klasgroep", "stamklas"), 20),
    Veld("leerweg", "Leerweg", True, ("leerweg", "opleiding", "niveau", "afdeling", "studie"), 0),
    Veld("profiel", "Profiel", False, ("profiel", "sector", "profielnaam"), 100),
    Veld("straat", "Straat", False, ("straat", "straatnaam", "adres"), 200),
    Veld("huisnummer", "Huisnummer", False, ("huisnummer", "huisnr", "nr"), 20),
    Veld("toevoeging", "Huisnummertoevoeging", False, ("toevoeging", "huisnummertoevoeging", "huisnrtoevoeging"), 10),
    Veld("postcode", "Postcode", False, ("postcode", "pc"), 7),
    Veld("woonplaats", "Woonplaats", False, ("woonplaats", "plaats", "plaatsnaam"), 100),
    Veld(
        "gemeente",
        "Gemeente (naam of CBS-code)",
        True,
        ("gemeente", "woongemeente", "gemeentecode", "cbscode", "cbsgemeentecode", "gemeentenaam"),
    ),
    Veld("mentor", "Mentor (e-mailadres)", False, ("mentoremail", "emailmentor", "mentor", "mentoremailadres")),
)
VELD = {v.key: v for v in VELDEN}


def _norm(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", (header or "").lower())


def raad_koppeling(kolommen: list[str]) -> dict[str, int]:
    """Field key -> column index, from the header names (first matching alias wins)."""
    genormaliseerd = [_norm(k) for k in kolommen]
    koppeling: dict[str, int] = {}
    gebruikt: set[int] = set()
    for veld in VELDEN:
        for alias in veld.aliassen:
            if alias in genormaliseerd and genormaliseerd.index(alias) not in gebruikt:
                index = genormaliseerd.index(alias)
                koppeling[veld.key] = index
                gebruikt.add(index)
                break
    return koppeling


def ontbrekende_velden(koppeling: dict[str, int]) -> list[str]:
    """Required fields without a column; a pupil needs a BSN or an onderwijsnummer column too."""
    missing = [v.label for v in VELDEN if v.verplicht and v.key not in koppeling]
    if "bsn" not in koppeling and "onderwijsnummer" not in koppeling:
        missing.append("BSN of onderwijsnummer")
    return missing


_LEERWEG_WOORDEN = {
    "bb": Leerweg.BB,
    "b": Leerweg.BB,
    "basis": Leerweg.BB,
    "basisberoepsgericht": Leerweg.BB,
    "basisberoepsgerichte": Leerweg.BB,
    "kb": Leerweg.KB,
    "k": Leerweg.KB,
    "kader": Leerweg.KB,
    "kaderberoepsgericht": Leerweg.KB,
    "kaderberoepsgerichte": Leerweg.KB,
    "gl": Leerweg.GL,
    "g": Leerweg.GL,
    "gemengd": Leerweg.GL,
    "gemengde": Leerweg.GL,
    "tl": Leerweg.TL,
    "t": Leerweg.TL,
    "theoretisch": Leerweg.TL,
    "theoretische": Leerweg.TL,
    "mavo": Leerweg.TL,
    "pro": Leerweg.PRO,
    "praktijkonderwijs": Leerweg.PRO,
    "vso": Leerweg.VSO,
}


def leerweg_lezen(value: str) -> str | None:
    for word in re.split(r"[^a-z]+", value.lower()):
        if word in _LEERWEG_WOORDEN:
            return _LEERWEG_WOORDEN[word]
    return None


DATE_FORMATS = ("%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%Y-%m-%d", "%d-%m-%Y %H:%M:%S", "%Y-%m-%d %H:%M:%S")


def datum_lezen(value: str, today: datetime.date) -> datetime.date | None:
    for fmt in DATE_FORMATS:
        try:
            day = datetime.datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
        # Plausible for a pupil who leaves vmbo, pro or vso: between 8 and 30 years old.
        if today.year - 30 <= day.year <= today.year - 8:
            return day
        return None
    return None


def nummer_lezen(value: str) -> str:
    digits = re.sub(r"[\s.\-]", "", value)
    if digits.isdigit() and len(digits) == 8:
        digits = "0" + digits  # a spreadsheet drops the leading zero
    return digits


@dataclass
class Controle:
    """The outcome of checking a file: clean values per row, errors, and counts against the database."""

    records: list[dict] = field(default_factory=list)
    fouten: list[dict] = field(default_factory=list)
    nieuw: int = 0
    bijgewerkt: int = 0
    ongewijzigd: int = 0

    def fout(self, rij: int, kolom: str, melding: str) -> None:
        self.fouten.append({"rij": rij, "kolom": kolom, "melding": melding})


VERGELEKEN_VELDEN = (
    "voornaam",
    "tussenvoegsel",
    "achternaam",
    "geboortedatum",
    "bsn",
    "onderwijsnummer",
    "klas",
    "leerweg",
    "profiel",
    "straat",
    "huisnummer",
    "postcode",
    "woonplaats",
    "woongemeente_id",
    "mentor_id",
)


def gewijzigde_velden(leerling: Leerling, record: dict) -> list[str]:
    return [name for name in VERGELEKEN_VELDEN if name in record and getattr(leerling, name) != record[name]]


def controleer(
    rows: list[list[str]],
    koppeling: dict[str, int],
    *,
    school,
    schooljaar,
    today: datetime.date,
    voortgang: Callable[[int], None] | None = None,
    eerste_rij: int = 2,
) -> Controle:
    """Check every data row (rows[1:]; rows[0] is the header). Row numbers are as in the spreadsheet,
    whose first data row is 2; the API numbers its rows from 1 (`eerste_rij`)."""
    from voroc.accounts.models import Lidmaatschap, Organisatie

    gemeenten_cbs, gemeenten_naam = {}, {}
    for pk, cbs, naam in Organisatie.objects.gemeenten().filter(actief=True).values_list("pk", "cbs_code", "naam"):
        gemeenten_cbs[cbs] = pk
        gemeenten_naam[naam.lower()] = pk
    mentoren = {
        email.lower(): pk
        for pk, email in Lidmaatschap.objects.filter(organisatie=school, user__is_active=True).values_list(
            "user_id", "user__email"
        )
    }
    bestaand = {
        leerling.leerlingnummer: leerling for leerling in Leerling.objects.filter(school=school, schooljaar=schooljaar)
    }
    result = Controle()
    gezien_nummer: dict[str, int] = {}
    gezien_bsn: dict[str, int] = {}

    def cell(row: list[str], key: str) -> str:
        index = koppeling.get(key)
        if index is None or index >= len(row):
            return ""
        return (row[index] or "").strip()

    for offset, row in enumerate(rows[1:]):
        rij = offset + eerste_rij
        if voortgang and offset and offset % 250 == 0:
            voortgang(offset)
        fouten_voor = len(result.fouten)
        record: dict = {}
        for veld in VELDEN:
            if veld.key not in koppeling:
                continue
            value = cell(row, veld.key)
            if veld.verplicht and not value:
                result.fout(rij, veld.label, f"{veld.label} ontbreekt.")
                continue
            if veld.max_length and len(value) > veld.max_length:
                result.fout(rij, veld.label, f"{veld.label} is te lang (maximaal {veld.max_length} tekens).")
                continue
            record[veld.key] = value

        if "geboortedatum" in record:
            day = datum_lezen(record["geboortedatum"], today)
            if day is None:
                result.fout(
                    rij,
                    "Geboortedatum",
                    f"'{record['geboortedatum']}' is geen geldige geboortedatum (gebruik dd-mm-jjjj).",
                )
            record["geboortedatum"] = day
        if "leerweg" in record:
            leerweg = leerweg_lezen(record["leerweg"])
            if leerweg is None:
                result.fout(
                    rij, "Leerweg", f"'{record['leerweg']}' is geen bekende leerweg (BB, KB, GL, TL, PRO of VSO)."
                )
            record["leerweg"] = leerweg
        bsn = nummer_lezen(record.get("bsn", ""))
        own = nummer_lezen(record.get("onderwijsnummer", ""))
        if bsn and (not elfproef(bsn) or bsn == "000000000"):
            result.fout(rij, "BSN", f"BSN eindigend op {bsn[-3:]} is ongeldig: het voldoet niet aan de elfproef.")
        if own and not elfproef(own, remainder=5):
            result.fout(rij, "Onderwijsnummer", "Het onderwijsnummer is ongeldig: het voldoet niet aan de elfproef.")
        if not bsn and not own:
            result.fout(rij, "BSN", "BSN of onderwijsnummer ontbreekt.")
        if "bsn" in koppeling:
            record["bsn"] = bsn
        if "onderwijsnummer" in koppeling:
            record["onderwijsnummer"] = own
        if record.get("postcode"):
            postcode = normalize_postcode(record["postcode"])
            try:
                validate_postcode(postcode)
            except ValidationError:
                result.fout(rij, "Postcode", f"'{record['postcode']}' is geen geldige postcode (bijvoorbeeld 2511 AB).")
            record["postcode"] = postcode
        toevoeging = record.pop("toevoeging", "")
        if toevoeging and record.get("huisnummer"):
            record["huisnummer"] = f"{record['huisnummer']} {toevoeging}"[:20]
        if "gemeente" in record:
            value = record.pop("gemeente")
            code = value.upper().removeprefix("GM")
            gemeente_id = gemeenten_cbs.get(code.zfill(4)) if code.isdigit() else gemeenten_naam.get(value.lower())
            if gemeente_id is None:
                result.fout(rij, "Gemeente", f"Gemeente '{value}' is onbekend (gebruik de naam of de CBS-code).")
            record["woongemeente_id"] = gemeente_id
        if "mentor" in koppeling:
            value = record.pop("mentor", "")
            mentor_id = None
            if value:
                mentor_id = mentoren.get(value.lower())
                if mentor_id is None:
                    result.fout(
                        rij,
                        "Mentor",
                        f"Mentor '{value}' heeft geen account bij deze school (vul het e-mailadres van de mentor in).",
                    )
            record["mentor_id"] = mentor_id

        nummer = record.get("leerlingnummer", "")
        if nummer:
            if nummer in gezien_nummer:
                result.fout(
                    rij, "Leerlingnummer", f"Leerlingnummer {nummer} staat ook al in rij {gezien_nummer[nummer]}."
                )
            else:
                gezien_nummer[nummer] = rij
        if bsn:
            if bsn in gezien_bsn:
                result.fout(rij, "BSN", f"Dit BSN staat ook al in rij {gezien_bsn[bsn]}.")
            else:
                gezien_bsn[bsn] = rij

        if len(result.fouten) == fouten_voor:
            record["_rij"] = rij
            result.records.append(record)
            leerling = bestaand.get(nummer)
            if leerling is None:
                result.nieuw += 1
            elif gewijzigde_velden(leerling, record):
                result.bijgewerkt += 1
            else:
                result.ongewijzigd += 1
    if not rows[1:]:
        result.fout(1, "", "Het bestand bevat alleen een kopregel en geen leerlingen.")
    return result


def voorbeeld(records: list[dict], n: int = 10) -> list[dict]:
    """A few checked rows for the preview, with the personal number masked."""
    out = []
    for record in records[:n]:
        out.append(
            {
                "rij": record["_rij"],
                "leerlingnummer": record.get("leerlingnummer", ""),
                "naam": " ".join(
                    p for p in (record.get("voornaam"), record.get("tussenvoegsel"), record.get("achternaam")) if p
                ),
                "klas": record.get("klas", ""),
                "leerweg": record.get("leerweg", ""),
                "persoonsnummer": mask_number(record.get("bsn") or record.get("onderwijsnummer") or ""),
            }
        )
    return out
