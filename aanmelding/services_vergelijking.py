"""Reconciliation with the national statuses.

A decaan (school) or an intaker (mbo institution) uploads the status file they receive from the
national exchange: one row per application with BSN, national status code (0-5), institution
(BRIN or name), programme (crebo) and optionally a date. VOROC compares it with its own state and
keeps, per pupil in the uploader's scope, the differences (`Vergelijkingsregel`):

- `status`: the application is in VOROC, but its national code differs from VOROC's own
  (`status.LANDELIJKE_STATUS`);
- `buiten_voroc`: the national exchange knows an application VOROC does not (made outside VOROC;
  for a school: nor recorded as an `ExterneAanmelding`);
- `ontbreekt_landelijk`: a live VOROC application of a pupil in scope is not in the file.

A row whose BSN is not a pupil in the uploader's scope is only counted ("niet gevonden"), never
stored or shown: the file may hold pupils of another school or mentor group. An mbo sees only
its own institution's applications (the visibility table: no other applications), so its file's
rows about another institution are counted the same way. A bad file is refused whole with a
Dutch message on the upload field; nothing is written.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from leerlingen.models import Leerling, Schooljaar
from leerlingen.selectors import leerling_scope
from voroc import policy
from voroc.errors import DomainError
from voroc.tabular import check_upload, read_table
from voroc.validators import elfproef

from .models import (
    Aanmelding,
    ExterneAanmelding,
    ExterneUitkomst,
    Statusvergelijking,
    Vergelijkingsregel,
    Verschil,
)
from .services import externe_aanmelding_record
from .status import LANDELIJKE_STATUS, LandelijkeStatus, Status

SCHOOL_PERMS = ("aanmelden", "leerlingen_alle_inzien")
MBO_PERM = "aanmeldingen_behandelen"

# Column names as the exchange's exports and people write them, to the one name used here.
KOLOM_NAMEN = {
    "bsn": "bsn",
    "burgerservicenummer": "bsn",
    "status": "status",
    "statuscode": "status",
    "instelling": "instelling",
    "brin": "instelling",
    "crebo": "crebo",
    "opleiding": "crebo",
    "opleidingscode": "crebo",
    "datum": "datum",
}
VERPLICHT = ("bsn", "status", "instelling", "crebo")

# A national code, as what the school records for an application outside VOROC.
EXTERNE_UITKOMST = {
    LandelijkeStatus.ONTVANGEN: ExterneUitkomst.AANGEMELD,
    LandelijkeStatus.AANGEMELD: ExterneUitkomst.AANGEMELD,
    LandelijkeStatus.OVEREENKOMST_AANGEBODEN: ExterneUitkomst.GEPLAATST,
    LandelijkeStatus.GEEN_INSCHRIJVING: ExterneUitkomst.AFGEWEZEN,
    LandelijkeStatus.INGETROKKEN: ExterneUitkomst.INGETROKKEN,
    LandelijkeStatus.INGESCHREVEN: ExterneUitkomst.GEPLAATST,
}


@dataclass(frozen=True)
class LandelijkeRegel:
    """One checked row of the national file."""

    bsn: str
    status: int
    instelling: str
    crebo: str
    datum: datetime.date | None


def _fout(message: str):
    raise DomainError(message, field="bestand")


def _datum(value: str, nummer: int) -> datetime.date | None:
    if not value:
        return None
    for fmt in ("%Y-%m-%d", "%d-%m-%Y"):
        try:
            return datetime.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    _fout(f"Regel {nummer}: ‘{value[:20]}’ is geen datum (dd-mm-jjjj of jjjj-mm-dd).")


def landelijk_bestand_lezen(rows: list[list[str]]) -> list[LandelijkeRegel]:
    """Check the header and every row of the national status file; the first bad row refuses the
    whole file (DomainError on the field "bestand")."""
    kop = [KOLOM_NAMEN.get(cel.strip().lower()) for cel in rows[0]]
    ontbrekend = [k for k in VERPLICHT if k not in kop]
    if ontbrekend:
        _fout(
            f"Het bestand mist de kolom(men): {', '.join(ontbrekend)}. "
            "Verwacht: bsn, status, instelling (BRIN of naam), crebo en eventueel datum."
        )
    if len(rows) < 2:
        _fout("Het bestand bevat geen regels onder de kopregel.")
    index = {naam: kop.index(naam) for naam in (*VERPLICHT, "datum") if naam in kop}
    regels = []
    for nummer, row in enumerate(rows[1:], start=2):
        cel = {naam: (row[i].strip() if i < len(row) else "") for naam, i in index.items()}
        bsn = cel["bsn"].replace(" ", "").replace(".", "")
        if not re.fullmatch(r"[0-9]{8,9}", bsn) or not elfproef(bsn.zfill(9)):
            _fout(f"Regel {nummer}: het BSN is niet geldig (9 cijfers die de elfproef doorstaan).")
        if not re.fullmatch(r"[0-9]", cel["status"]) or int(cel["status"]) not in LandelijkeStatus.values:
            _fout(f"Regel {nummer}: statuscode ‘{cel['status'][:10]}’ bestaat niet; gebruik 0 tot en met 5.")
        if not re.fullmatch(r"[0-9]{5}", cel["crebo"]):
            _fout(f"Regel {nummer}: een opleidingscode (crebo) is vijf cijfers.")
        if not cel["instelling"]:
            _fout(f"Regel {nummer}: vul de instelling in (BRIN-nummer of naam).")
        regels.append(
            LandelijkeRegel(
                bsn=bsn.zfill(9),
                status=int(cel["status"]),
                instelling=cel["instelling"][:200],
                crebo=cel["crebo"],
                datum=_datum(cel.get("datum", ""), nummer),
            )
        )
    return regels


def vergelijking_organisaties(*, user) -> frozenset[int]:
    """The schools and institutions for which the user may upload a national status file."""
    return policy.organisaties(user, *SCHOOL_PERMS) | policy.organisaties(user, MBO_PERM)


def _zelfde_instelling(regel: LandelijkeRegel, instelling) -> bool:
    waarde = regel.instelling.strip().casefold()
    return waarde in (instelling.brin.casefold(), instelling.naam.casefold()) and bool(waarde)


def _scope(*, organisatie, user):
    """(pupils in scope, their sent VOROC applications) for the uploading organisation."""
    leerlingen = leerling_scope(user=user, schooljaar=Schooljaar.objects.actief())
    aanmeldingen = Aanmelding.objects.for_user(user).exclude(status=Status.CONCEPT)
    if organisatie.soort == "vo_school":
        leerlingen = leerlingen.filter(school=organisatie)
    else:
        aanmeldingen = aanmeldingen.filter(opleiding__instelling=organisatie)
        leerlingen = leerlingen.filter(pk__in=aanmeldingen.values("leerling_id"))
    aanmeldingen = aanmeldingen.filter(leerling__in=leerlingen.values("pk"))
    return leerlingen, aanmeldingen


@transaction.atomic
def statusvergelijking_create(*, organisatie, bestand, user) -> Statusvergelijking:
    """Read the uploaded national status file and store its differences with VOROC for the pupils
    in the user's scope at `organisatie` (see the module's docstring). All or nothing."""
    if organisatie is None or organisatie.pk not in vergelijking_organisaties(user=user):
        raise DomainError("U mag voor deze organisatie geen landelijke statussen vergelijken.", field="organisatie")
    if bestand is None:
        _fout("Kies een bestand (CSV of Excel).")
    kind = check_upload(bestand)
    regels = landelijk_bestand_lezen(read_table(bestand.read(), kind))
    school = organisatie.soort == "vo_school"

    leerlingen, aanmeldingen = _scope(organisatie=organisatie, user=user)
    per_bsn: dict[str, Leerling] = {}
    bsns = {r.bsn for r in regels}
    for leerling in leerlingen.filter(bsn__in=bsns).order_by("schooljaar__startjaar", "pk"):
        per_bsn[leerling.bsn] = leerling  # the latest school year wins
    per_leerling: dict[int, list[Aanmelding]] = {}
    for a in aanmeldingen.select_related("opleiding__instelling").order_by("-aangemeld_op", "-pk"):
        per_leerling.setdefault(a.leerling_id, []).append(a)
    extern: dict[int, list[ExterneAanmelding]] = {}
    if school:
        for e in ExterneAanmelding.objects.for_user(user).filter(leerling__in=[x.pk for x in per_bsn.values()]):
            extern.setdefault(e.leerling_id, []).append(e)

    vergelijking = Statusvergelijking.objects.create(
        organisatie=organisatie, bestandsnaam=(bestand.name or "")[:200], geupload_door=user, aantal_regels=len(regels)
    )
    nieuw: list[Vergelijkingsregel] = []
    gezien: set[int] = set()
    for regel in regels:
        leerling = per_bsn.get(regel.bsn)
        if leerling is None or (not school and not _zelfde_instelling(regel, organisatie)):
            vergelijking.niet_gevonden += 1
            continue
        kandidaten = [
            a
            for a in per_leerling.get(leerling.pk, ())
            if a.opleiding.crebo == regel.crebo and _zelfde_instelling(regel, a.opleiding.instelling)
        ]
        kandidaten.sort(key=lambda a: LANDELIJKE_STATUS[a.status] in (3, 4))  # a live one first
        velden = {
            "vergelijking": vergelijking,
            "leerling": leerling,
            "landelijke_status": regel.status,
            "instelling": regel.instelling,
            "crebo": regel.crebo,
            "datum": regel.datum,
        }
        if kandidaten:
            aanmelding = kandidaten[0]
            gezien.add(aanmelding.pk)
            if LANDELIJKE_STATUS[aanmelding.status] == regel.status:
                vergelijking.aantal_gelijk += 1
            else:
                nieuw.append(Vergelijkingsregel(soort=Verschil.STATUS, aanmelding=aanmelding, **velden))
        elif any(e.crebo == regel.crebo for e in extern.get(leerling.pk, ())):
            vergelijking.aantal_gelijk += 1  # recorded by the school as an application outside VOROC
        else:
            nieuw.append(Vergelijkingsregel(soort=Verschil.BUITEN_VOROC, **velden))
    for lijst in per_leerling.values():
        for a in lijst:
            if a.pk not in gezien and a.status not in (Status.INGETROKKEN, Status.DOORVERWEZEN):
                nieuw.append(
                    Vergelijkingsregel(
                        vergelijking=vergelijking,
                        leerling_id=a.leerling_id,
                        aanmelding=a,
                        soort=Verschil.ONTBREEKT_LANDELIJK,
                        instelling=a.opleiding.instelling.brin,
                        crebo=a.opleiding.crebo,
                    )
                )
    Vergelijkingsregel.objects.bulk_create(nieuw, batch_size=1000)
    vergelijking.save(update_fields=["niet_gevonden", "aantal_gelijk"])
    return vergelijking


@transaction.atomic
def vergelijkingsregel_extern_record(*, regel: Vergelijkingsregel, user) -> ExterneAanmelding:
    """Record an application the national exchange knows and VOROC does not as an application
    outside VOROC (`services.externe_aanmelding_record`, which checks the school's permission),
    and mark the difference handled."""
    regel = Vergelijkingsregel.objects.select_for_update().select_related("leerling").get(pk=regel.pk)
    if regel.soort != Verschil.BUITEN_VOROC:
        raise DomainError("Alleen een aanmelding die VOROC niet kent, kan buiten VOROC worden vastgelegd.")
    if regel.afgehandeld_op is not None:
        raise DomainError("Dit verschil is al afgehandeld.")
    externe = externe_aanmelding_record(
        leerling=regel.leerling,
        instelling_naam=regel.instelling,
        opleiding_naam=f"Opleiding {regel.crebo}",
        crebo=regel.crebo,
        uitkomst=EXTERNE_UITKOMST[regel.landelijke_status],
        toelichting="Overgenomen uit het landelijke statusbestand.",
        user=user,
    )
    regel.afgehandeld_op = timezone.now()
    regel.save(update_fields=["afgehandeld_op"])
    return externe
