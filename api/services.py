"""Writes of the api app: API clients (servicedesk only) and the school's bulk upsert of pupils.

Every function is keyword-only, runs in one transaction and checks its own permission.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
import uuid
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import transaction
from django.utils import timezone

from leerlingen.importeren import VELDEN, controleer
from leerlingen.models import ImportStatus, Leerlingimport, Schooljaar
from leerlingen.services import leerlingen_import
from voroc import policy
from voroc.accounts.models import Organisatie, OrganisatieSoort
from voroc.errors import DomainError

from .models import ApiClient

BEHEER = "organisaties_beheren"
# A new token is valid this long unless the servicedesk chooses otherwise.
STANDAARD_GELDIGHEID_DAGEN = 365
MAX_GELDIGHEID_DAGEN = 2 * 365
SERVICE_ACCOUNT_DOMEIN = "api.voroc.invalid"  # never a mailbox: .invalid is reserved (RFC 2606)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def nieuw_token() -> tuple[str, str]:
    """A new token and its hash; only the hash is stored."""
    token = secrets.token_urlsafe(32)
    return token, token_hash(token)


def _require(user) -> None:
    if not policy.has_perm(user, BEHEER):
        raise DomainError("Alleen de servicedesk mag API-clients beheren.")


def toegestane_scopes(organisatie: Organisatie) -> list[str]:
    """The permissions a role of the organisation's kind holds: what a client may be given."""
    if organisatie.soort == OrganisatieSoort.SERVICEDESK:
        return []
    return sorted(
        set(
            Permission.objects.filter(
                content_type__app_label="accounts",
                content_type__model="organisatie",
                rol__organisatie_soort=organisatie.soort,
            ).values_list("codename", flat=True)
        )
    )


@dataclass(frozen=True)
class NieuwToken:
    """A client and its token in plain text: shown once, never stored."""

    client: ApiClient
    token: str


@transaction.atomic
def apiclient_create(
    *, organisatie: Organisatie, naam: str, scopes: list[str], user, verloopt_op: datetime.datetime | None = None
) -> NieuwToken:
    _require(user)
    naam = (naam or "").strip()
    if not naam:
        raise DomainError("Geef de client een naam.", field="naam")
    if not organisatie.actief:
        raise DomainError("Deze organisatie is niet actief.", field="organisatie")
    toegestaan = set(toegestane_scopes(organisatie))
    scopes = sorted(set(scopes))
    if not scopes:
        raise DomainError("Kies minstens één recht.", field="scopes")
    if not set(scopes) <= toegestaan:
        raise DomainError("Deze rechten horen niet bij dit soort organisatie.", field="scopes")
    now = timezone.now()
    verloopt_op = verloopt_op or now + datetime.timedelta(days=STANDAARD_GELDIGHEID_DAGEN)
    if not now < verloopt_op <= now + datetime.timedelta(days=MAX_GELDIGHEID_DAGEN):
        raise DomainError("De vervaldatum ligt in de toekomst en hooguit twee jaar vooruit.", field="verloopt_op")
    if ApiClient.objects.filter(organisatie=organisatie, naam=naam).exists():
        raise DomainError("Deze organisatie heeft al een client met die naam.", field="naam")
    gebruiker = get_user_model().objects.create_user(  # no password: it can never sign in
        email=f"client-{uuid.uuid4().hex}@{SERVICE_ACCOUNT_DOMEIN}", naam=f"API-client {naam} ({organisatie.naam})"
    )
    token, digest = nieuw_token()
    client = ApiClient.objects.create(
        organisatie=organisatie,
        naam=naam,
        gebruiker=gebruiker,
        token_hash=digest,
        scopes=scopes,
        verloopt_op=verloopt_op,
        aangemaakt_door=user,
    )
    return NieuwToken(client, token)


@transaction.atomic
def apiclient_rotate(*, client: ApiClient, user) -> NieuwToken:
    """A new token for the client; the old one stops working at once."""
    _require(user)
    client = ApiClient.objects.select_for_update().get(pk=client.pk)
    if client.ingetrokken:
        raise DomainError("Deze client is ingetrokken; maak een nieuwe aan.")
    token, client.token_hash = nieuw_token()
    client.token_vernieuwd_op = timezone.now()  # the audit trail shows the rotation (the hash stays out)
    client.save(update_fields=["token_hash", "token_vernieuwd_op"])
    return NieuwToken(client, token)


@transaction.atomic
def apiclient_revoke(*, client: ApiClient, user) -> ApiClient:
    """The token stops working at once; the client stays for the record."""
    _require(user)
    client = ApiClient.objects.select_for_update().get(pk=client.pk)
    if client.ingetrokken:
        raise DomainError("Deze client is al ingetrokken.")
    client.ingetrokken_op = timezone.now()
    client.save(update_fields=["ingetrokken_op"])
    gebruiker = client.gebruiker
    gebruiker.is_active = False  # the service account grants nothing from now on either
    gebruiker.save(update_fields=["is_active"])
    return client


# --- The school's bulk upsert of pupils -----------------------------------------------------------

BULK_VELDEN = tuple(veld.key for veld in VELDEN)
MAX_BULK_RIJEN = 1000


class BulkFouten(DomainError):
    """Rows that do not pass the import's checks: nothing was written."""

    def __init__(self, fouten: list[dict]):
        super().__init__("Niet alle leerlingen zijn goedgekeurd; er is niets opgeslagen.")
        self.fouten = fouten


@transaction.atomic
def leerlingen_bulk_upsert(*, school: Organisatie, rijen: list[dict], user, bron: str) -> dict[str, int]:
    """Create or update pupils of the active school year by (school, leerlingnummer), checked by the
    same rules as the import of the school's administration export (leerlingen.importeren), all or
    nothing. Idempotent: sending the same rows again changes nothing. `bron` names the sender in
    the import record and in each pupil's timeline."""
    if not (
        policy.has_perm(user, "leerlingen_bewerken", school.pk)
        and policy.has_perm(user, "leerlingen_alle_inzien", school.pk)
    ):
        raise DomainError("U mag voor deze school geen leerlingen importeren.")
    schooljaar = Schooljaar.objects.actief()
    if schooljaar is None:
        raise DomainError("Er is geen actief schooljaar.")
    if not rijen:
        raise DomainError("Stuur minstens één leerling.")
    if len(rijen) > MAX_BULK_RIJEN:
        raise DomainError(f"Stuur hooguit {MAX_BULK_RIJEN} leerlingen per keer.")
    # Fields a row leaves out are left alone; the required ones are always checked.
    gebruikt = {key for rij in rijen for key in rij}
    kolommen = [veld.key for veld in VELDEN if veld.verplicht or veld.key in gebruikt]
    tabel = [kolommen, *[[_tekst(rij.get(key)) for key in kolommen] for rij in rijen]]
    uitkomst = controleer(
        tabel,
        {key: index for index, key in enumerate(kolommen)},
        school=school,
        schooljaar=schooljaar,
        today=timezone.localdate(),
        eerste_rij=1,
    )
    if uitkomst.fouten:
        raise BulkFouten(uitkomst.fouten)
    leerlingimport = Leerlingimport.objects.create(
        schooljaar=schooljaar,
        school=school,
        aangemaakt_door=user,
        bevestigd_door=user,
        bestandsnaam=bron[:200],
        formaat="api",
        kolommen=kolommen,
        status=ImportStatus.VERWERKEN,
        totaal=len(rijen),
        verwerkt=len(rijen),
    )
    telling = leerlingen_import(leerlingimport=leerlingimport, records=uitkomst.records, user=user)
    Leerlingimport.objects.filter(pk=leerlingimport.pk).update(status=ImportStatus.KLAAR, **telling)
    return telling


def _tekst(value) -> str:
    """A JSON value as the cell of a table (the import's checks read text)."""
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)


# --- The school's classes, mentors and diploma results by leerlingnummer ----------------------


def _school_leerlingen(*, school: Organisatie, user) -> dict[str, object]:
    """The school's pupils of the active school year the client may change, by leerlingnummer
    (the lists of the pages: `bewerkbare_leerlingen`)."""
    from leerlingen.selectors import bewerkbare_leerlingen

    if not (
        policy.has_perm(user, "leerlingen_bewerken", school.pk)
        and policy.has_perm(user, "leerlingen_alle_inzien", school.pk)
    ):
        raise DomainError("U mag de leerlingen van deze school niet wijzigen.")
    schooljaar = Schooljaar.objects.actief()
    if schooljaar is None:
        raise DomainError("Er is geen actief schooljaar.")
    return {
        leerling.leerlingnummer: leerling
        for leerling in bewerkbare_leerlingen(user=user, schooljaar=schooljaar)
        .filter(school=school, schooljaar=schooljaar)
        .select_related("school")
    }


def _rijen_nagaan(rijen: list[dict]) -> None:
    if not rijen:
        raise DomainError("Stuur minstens één leerling.")
    if len(rijen) > MAX_BULK_RIJEN:
        raise DomainError(f"Stuur hooguit {MAX_BULK_RIJEN} leerlingen per keer.")


@transaction.atomic
def leerlingen_klas_mentor_update(*, school: Organisatie, rijen: list[dict], user) -> dict[str, int]:
    """Set the class and/or the mentor of the school's pupils by leerlingnummer, all or nothing,
    through `klassen_toewijzen` and `mentor_toewijzen`. A mentor is named by the e-mail address of
    a user who is a mentor at this school; any other address is refused. A row that leaves a field
    out (or null) leaves it alone."""
    from leerlingen.services import MENTOR_BULK_MAX, klassen_toewijzen, mentor_toewijzen

    _rijen_nagaan(rijen)
    leerlingen = _school_leerlingen(school=school, user=user)
    mentoren = {
        mentor.email.lower(): mentor for mentor in policy.users_with_perm("leerlingen_mentorgroep_inzien", [school.pk])
    }
    fouten: list[dict] = []
    klassen: list[tuple] = []
    per_mentor: dict[int, tuple] = {}
    gezien: dict[str, int] = {}
    for rij, data in enumerate(rijen, start=1):
        nummer = _tekst(data.get("leerlingnummer")).strip()
        leerling = leerlingen.get(nummer)
        if not nummer:
            fouten.append({"rij": rij, "kolom": "leerlingnummer", "melding": "Het leerlingnummer ontbreekt."})
            continue
        if nummer in gezien:
            melding = f"Leerlingnummer {nummer} staat ook al in rij {gezien[nummer]}."
            fouten.append({"rij": rij, "kolom": "leerlingnummer", "melding": melding})
            continue
        gezien[nummer] = rij
        if leerling is None:
            melding = f"Leerlingnummer {nummer} is onbekend bij deze school in dit schooljaar."
            fouten.append({"rij": rij, "kolom": "leerlingnummer", "melding": melding})
            continue
        if data.get("klas") is not None:
            klassen.append((leerling, _tekst(data["klas"])))
        email = _tekst(data.get("mentor")).strip().lower()
        if email:
            mentor = mentoren.get(email)
            if mentor is None:
                melding = f"{email} is geen mentor bij {school.naam}."
                fouten.append({"rij": rij, "kolom": "mentor", "melding": melding})
                continue
            per_mentor.setdefault(mentor.pk, (mentor, []))[1].append(leerling)
    if fouten:
        raise BulkFouten(fouten)
    telling = {"klas_gewijzigd": 0, "mentor_gewijzigd": 0}
    if klassen:
        telling["klas_gewijzigd"] = klassen_toewijzen(toewijzingen=klassen, user=user)
    for mentor, groep in per_mentor.values():
        for start in range(0, len(groep), MENTOR_BULK_MAX):
            telling["mentor_gewijzigd"] += mentor_toewijzen(
                leerlingen=groep[start : start + MENTOR_BULK_MAX], mentor=mentor, user=user
            )
    return telling


@transaction.atomic
def diploma_resultaten_bulk(*, school: Organisatie, rijen: list[dict], user) -> dict[str, int]:
    """Diploma results by leerlingnummer, checked by the rules of the results file
    (leerlingen.diploma) and recorded by `diploma_resultaten_record`; all or nothing."""
    from leerlingen.diploma import diploma_rijen_controleren
    from leerlingen.services import diploma_resultaten_record

    _rijen_nagaan(rijen)
    leerlingen = _school_leerlingen(school=school, user=user)
    tabel = [[_tekst(rij.get("leerlingnummer")), _tekst(rij.get("resultaat"))] for rij in rijen]
    resultaten, fouten = diploma_rijen_controleren(tabel, leerlingen, eerste_rij=1)
    if fouten:
        raise BulkFouten(
            [
                {
                    "rij": fout["rij"] or 1,
                    "kolom": "resultaat",
                    "melding": fout["melding"][:1].upper() + fout["melding"][1:],
                }
                for fout in fouten
            ]
        )
    return {"gewijzigd": diploma_resultaten_record(resultaten=resultaten, user=user)}
