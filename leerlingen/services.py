"""Writes to pupils: moves, contact data and Elders destinations. Each leaves an event on the timeline."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from terugkoppeling.models import Soort
from terugkoppeling.services import terugkoppeling_record, terugkoppelingen_record_in_bulk
from voroc import policy
from voroc.errors import DomainError
from voroc.validators import normalize_postcode, validate_postcode

from .models import DiplomaResultaat, Elders, EldersSoort, Leerling, VertrekReden
from .signals import diploma_gezakt, elders_vastgelegd, leerling_verhuisd


@transaction.atomic
def leerling_verhuizen(
    *,
    leerling: Leerling,
    woongemeente,
    user,
    straat="",
    huisnummer="",
    postcode="",
    woonplaats="",
    datum=None,
    van_gemeente_id: int | None = None,
) -> Leerling:
    """Change the home municipality: from now on the new municipality sees the pupil, the old one not.
    Both keep seeing a note of the move (rmc.models.Verhuizing).

    `van_gemeente_id`: the home municipality the user saw (the form sends it). Under the pupil's
    row lock, a move someone else recorded meanwhile is refused with a conflict message rather
    than moved on from."""
    # No join in the locking query: PostgreSQL re-checks a join against the changed row and would
    # find no row at all when the other transaction changed the very key it joins on.
    leerling = Leerling.objects.select_for_update().get(pk=leerling.pk)
    if van_gemeente_id and van_gemeente_id != leerling.woongemeente_id:
        raise DomainError(
            f"Intussen is een verhuizing van deze leerling vastgelegd: de leerling woont nu in "
            f"{leerling.woongemeente.naam}. Controleer de nieuwe stand voordat u opnieuw een verhuizing vastlegt."
        )
    if not policy.can_edit_leerling(user, leerling):
        raise DomainError("U mag de gegevens van deze leerling niet wijzigen.")
    if woongemeente.soort != "gemeente":
        raise DomainError("Kies een gemeente.", field="woongemeente")
    oude = leerling.woongemeente
    if oude.pk == woongemeente.pk:
        raise DomainError("De leerling woont al in deze gemeente.", field="woongemeente")
    leerling.woongemeente = woongemeente
    leerling.straat, leerling.huisnummer, leerling.postcode, leerling.woonplaats = (
        straat,
        huisnummer,
        postcode,
        woonplaats,
    )
    leerling.save()
    leerling_verhuisd.send(
        sender=Leerling, leerling=leerling, van_gemeente=oude, naar_gemeente=woongemeente, user=user, datum=datum
    )
    terugkoppeling_record(
        leerling=leerling,
        soort=Soort.VERHUIZING,
        bericht=f"Verhuisd van gemeente {oude.naam} naar gemeente {woongemeente.naam}.",
        user=user,
        organisatie=None,
    )
    return leerling


CONTACT_VELDEN = ("straat", "huisnummer", "postcode", "woonplaats", "telefoon", "email")
TELEFOON_RE = re.compile(r"^\+?[0-9][0-9 \-]{8,18}[0-9]$")


@transaction.atomic
def leerling_contact_update(
    *, leerling: Leerling, user, straat="", huisnummer="", postcode="", woonplaats="", telefoon="", email=""
) -> Leerling:
    """Update the pupil's address, phone and e-mail (the school, or the home municipality)."""
    if not policy.can_edit_leerling(user, leerling):
        raise DomainError("U mag de gegevens van deze leerling niet wijzigen.")
    nieuw = {
        "straat": (straat or "").strip(),
        "huisnummer": (huisnummer or "").strip(),
        "postcode": normalize_postcode(postcode) if (postcode or "").strip() else "",
        "woonplaats": (woonplaats or "").strip(),
        "telefoon": (telefoon or "").strip(),
        "email": (email or "").strip().lower(),
    }
    if nieuw["postcode"]:
        try:
            validate_postcode(nieuw["postcode"])
        except ValidationError as e:
            raise DomainError(e.messages[0], field="postcode")
    if nieuw["telefoon"] and not TELEFOON_RE.match(nieuw["telefoon"]):
        raise DomainError("Vul een geldig telefoonnummer in, bijvoorbeeld 06 12345678.", field="telefoon")
    if nieuw["email"]:
        try:
            validate_email(nieuw["email"])
        except ValidationError:
            raise DomainError("Vul een geldig e-mailadres in.", field="email")
    for veld in CONTACT_VELDEN:
        max_length = Leerling._meta.get_field(veld).max_length
        if len(nieuw[veld]) > max_length:
            raise DomainError(f"Dit veld mag ten hoogste {max_length} tekens hebben.", field=veld)
    gewijzigd = [veld for veld in CONTACT_VELDEN if getattr(leerling, veld) != nieuw[veld]]
    if not gewijzigd:
        return leerling
    for veld in gewijzigd:
        setattr(leerling, veld, nieuw[veld])
    leerling.save(update_fields=[*gewijzigd, "gewijzigd"])
    labels = ", ".join(str(Leerling._meta.get_field(veld).verbose_name) for veld in gewijzigd)
    # Which fields changed, not their values: the values are in the audit trail.
    terugkoppeling_record(
        leerling=leerling,
        soort=Soort.LEERLING,
        bericht=f"Contactgegevens gewijzigd: {labels}.",
        user=user,
    )
    return leerling


VERTREK_TOELICHTING_MAX = 1000


@transaction.atomic
def leerling_vertrek_record(*, leerling: Leerling, datum, reden: str, toelichting: str = "", user) -> Leerling:
    """Record that the pupil left the school (another school, moved, left education): the pupil
    drops off the school's working lists (`LeerlingQuerySet.aanwezig`) and stays on the
    municipality's, which follows the pupil and sees the event on the timeline."""
    from django.utils import timezone

    leerling = Leerling.objects.select_for_update().get(pk=leerling.pk)
    if not policy.has_perm(user, "leerlingen_bewerken", leerling.school_id):
        raise DomainError("U mag het vertrek van deze leerling niet vastleggen.")
    if leerling.vertrokken_op is not None:
        raise DomainError("Het vertrek van deze leerling is al vastgelegd.")
    if reden not in VertrekReden.values:
        raise DomainError("Kies een reden van vertrek uit de lijst.", field="reden")
    if datum is None:
        raise DomainError("Vul de datum van vertrek in.", field="datum")
    if datum > timezone.localdate():
        raise DomainError("De datum van vertrek mag niet in de toekomst liggen.", field="datum")
    toelichting = (toelichting or "").strip()
    if reden == VertrekReden.ANDERS and not toelichting:
        raise DomainError("Licht de reden 'anders' toe.", field="toelichting")
    if len(toelichting) > VERTREK_TOELICHTING_MAX:
        raise DomainError(
            f"De toelichting mag ten hoogste {VERTREK_TOELICHTING_MAX} tekens hebben.", field="toelichting"
        )
    leerling.vertrokken_op, leerling.vertrek_reden, leerling.vertrek_toelichting = datum, reden, toelichting
    leerling.save(update_fields=["vertrokken_op", "vertrek_reden", "vertrek_toelichting", "gewijzigd"])
    # The reason's label and the date, not the free text: the note stays on the pupil (and masked
    # in the audit trail).
    terugkoppeling_record(
        leerling=leerling,
        soort=Soort.VERTREK,
        bericht=f"Vertrokken van school op {datum:%d-%m-%Y}: {leerling.get_vertrek_reden_display()}.",
        user=user,
        organisatie=leerling.school,
    )
    return leerling


@transaction.atomic
def leerling_vertrek_undo(*, leerling: Leerling, user) -> Leerling:
    """Undo a recorded departure (recorded by mistake, or the pupil came back): back on the lists."""
    leerling = Leerling.objects.select_for_update().get(pk=leerling.pk)
    if not policy.has_perm(user, "leerlingen_bewerken", leerling.school_id):
        raise DomainError("U mag het vertrek van deze leerling niet ongedaan maken.")
    if leerling.vertrokken_op is None:
        raise DomainError("Voor deze leerling is geen vertrek vastgelegd.")
    leerling.vertrokken_op, leerling.vertrek_reden, leerling.vertrek_toelichting = None, "", ""
    leerling.save(update_fields=["vertrokken_op", "vertrek_reden", "vertrek_toelichting", "gewijzigd"])
    terugkoppeling_record(
        leerling=leerling,
        soort=Soort.VERTREK,
        bericht="Vertrek van school ongedaan gemaakt: de leerling staat weer op de lijsten van de school.",
        user=user,
        organisatie=leerling.school,
    )
    return leerling


@transaction.atomic
def leerling_risico_markeren_unchecked(*, leerling: Leerling) -> Leerling:
    """Mark the pupil as a risk pupil. No permission check of its own: the caller (a risk melding,
    rmc.services.melding_create_risico) has checked the user's right to report the risk."""
    if not leerling.risico:
        leerling.risico = True
        leerling.save(update_fields=["risico", "gewijzigd"])
    return leerling


@transaction.atomic
def elders_record(
    *, leerling: Leerling, soort: str, user, toelichting: str = "", aanmeldingen_intrekken: bool = False
) -> Elders:
    """Record the pupil's destination outside VOROC. One destination per pupil: while the pupil
    has a live application this is refused, unless the user confirms with
    `aanmeldingen_intrekken` that those applications are withdrawn in the same step (the
    `elders_vastgelegd` hook; aanmelding.receivers does both)."""
    if not policy.can_edit_leerling(user, leerling):
        raise DomainError("U mag voor deze leerling geen bestemming vastleggen.")
    if soort not in EldersSoort.values:
        raise DomainError("Kies een bestemming uit de lijst.", field="soort")
    leerling = Leerling.objects.select_for_update().get(pk=leerling.pk)
    elders_vastgelegd.send(sender=Leerling, leerling=leerling, user=user, aanmeldingen_intrekken=aanmeldingen_intrekken)
    elders, _ = Elders.objects.update_or_create(
        leerling=leerling, defaults={"soort": soort, "toelichting": toelichting, "vastgelegd_door": user}
    )
    terugkoppeling_record(
        leerling=leerling,
        soort=Soort.ELDERS,
        bericht=f"Bestemming Elders: {elders.get_soort_display()}.",
        user=user,
    )
    return elders


JUNI_BULK_MAX = 200  # pupils per bulk POST: a page of the June check is 50


@transaction.atomic
def elders_record_bulk(
    *, leerlingen, soort: str, user, toelichting: str = "", aanmeldingen_intrekken: bool = False
) -> int:
    """The June check's bulk action: one Elders destination for several pupils, all or nothing.
    `elders_record` checks the permission (and the one-destination rule) per pupil; a refusal for
    one pupil names that pupil and undoes the whole step. Returns the number of pupils."""
    leerlingen = list(leerlingen)
    if not leerlingen:
        raise DomainError("Kies een of meer leerlingen.", field="leerlingen")
    if len(leerlingen) > JUNI_BULK_MAX:
        raise DomainError(f"Kies ten hoogste {JUNI_BULK_MAX} leerlingen tegelijk.", field="leerlingen")
    for leerling in leerlingen:
        try:
            elders_record(
                leerling=leerling,
                soort=soort,
                user=user,
                toelichting=toelichting,
                aanmeldingen_intrekken=aanmeldingen_intrekken,
            )
        except DomainError as error:
            raise DomainError(
                f"{leerling.volledige_naam}: {error.message} Er is niets vastgelegd.",
                field=error.field if error.field in ("soort", "aanmeldingen_intrekken") else None,
            ) from error
    return len(leerlingen)


@transaction.atomic
def diploma_resultaat_record(*, leerling: Leerling, resultaat: str, user) -> Leerling:
    """Record the exam result. A fail is announced with the `diploma_gezakt` hook: the mbo of a
    conditional placement gets a terugkoppeling on that application (aanmelding.receivers)."""
    if not policy.has_perm(user, "leerlingen_bewerken", leerling.school_id):
        raise DomainError("U mag voor deze leerling geen diplomaresultaat invoeren.")
    if resultaat not in DiplomaResultaat.values:
        raise DomainError("Kies een diplomaresultaat uit de lijst.", field="resultaat")
    if leerling.diploma_resultaat == resultaat:
        return leerling
    leerling.diploma_resultaat = resultaat
    leerling.save(update_fields=["diploma_resultaat", "gewijzigd"])
    terugkoppeling_record(
        leerling=leerling,
        soort=Soort.DIPLOMA,
        bericht=f"Diplomaresultaat: {leerling.get_diploma_resultaat_display()}.",
        user=user,
        organisatie=leerling.school,
    )
    if resultaat == DiplomaResultaat.GEZAKT:
        diploma_gezakt.send(sender=Leerling, leerling=leerling, user=user)
    return leerling


@transaction.atomic
def diploma_resultaten_record(*, resultaten: list[tuple[Leerling, str]], user) -> int:
    """Several results at once (a class, or a CSV file): all or nothing. Returns how many changed."""
    gewijzigd = 0
    for leerling, resultaat in resultaten:
        before = leerling.diploma_resultaat
        diploma_resultaat_record(leerling=leerling, resultaat=resultaat, user=user)
        gewijzigd += before != resultaat
    return gewijzigd


# --- Import of pupils from the school's administration export ----------------------------


def _mag_importeren(user, school_id: int) -> bool:
    return policy.has_perm(user, "leerlingen_bewerken", school_id) and policy.has_perm(
        user, "leerlingen_alle_inzien", school_id
    )


def _import_tabel(leerlingimport):
    from voroc.tabular import read_table

    if not leerlingimport.bestand:
        raise DomainError("Het geüploade bestand is niet meer beschikbaar; importeer het opnieuw.")
    leerlingimport.bestand.open("rb")
    try:
        raw = leerlingimport.bestand.read()
    finally:
        leerlingimport.bestand.close()
    return read_table(raw, leerlingimport.formaat)


def leerlingimport_start(*, school, schooljaar, upload, user):
    """Store an uploaded export (checked for type, size and readability) and propose a column mapping.
    No pupil is written."""
    from voroc.tabular import check_upload, read_table

    from .importeren import raad_koppeling
    from .models import Leerlingimport

    if school is None or not _mag_importeren(user, school.pk):
        raise DomainError("U mag voor deze school geen leerlingen importeren.", field="school")
    if schooljaar is None:
        raise DomainError("Er is geen actief schooljaar; vraag de servicedesk het schooljaar te openen.")
    kind = check_upload(upload)
    rows = read_table(upload.read(), kind)
    upload.seek(0)
    kolommen = [c or f"Kolom {i + 1}" for i, c in enumerate(rows[0])]
    if len(rows) < 2:
        raise DomainError("Het bestand bevat alleen een kopregel en geen leerlingen.", field="bestand")
    with transaction.atomic():
        leerlingimport = Leerlingimport(
            schooljaar=schooljaar,
            school=school,
            aangemaakt_door=user,
            bestandsnaam=(upload.name or "")[:200],
            formaat=kind,
            kolommen=kolommen,
            koppeling=raad_koppeling(kolommen),
            totaal=len(rows) - 1,
        )
        leerlingimport.bestand.save(upload.name, upload, save=False)
        leerlingimport.save()
    return leerlingimport


@transaction.atomic
def leerlingimport_koppelen(*, leerlingimport, koppeling: dict[str, int], user):
    """Confirm the column mapping; the file is then checked (by the caller: now or as a task)."""
    from .importeren import VELD, ontbrekende_velden
    from .models import ImportStatus, Leerlingimport

    leerlingimport = Leerlingimport.objects.select_for_update().get(pk=leerlingimport.pk)
    if not _mag_importeren(user, leerlingimport.school_id):
        raise DomainError("U mag voor deze school geen leerlingen importeren.")
    if leerlingimport.status not in (ImportStatus.KOPPELEN, ImportStatus.GECONTROLEERD):
        raise DomainError("Deze import is al bevestigd of wordt verwerkt; begin zo nodig een nieuwe import.")
    koppeling = {k: int(v) for k, v in koppeling.items() if k in VELD and 0 <= int(v) < len(leerlingimport.kolommen)}
    ontbreekt = ontbrekende_velden(koppeling)
    if ontbreekt:
        raise DomainError("Kies een kolom voor: " + ", ".join(ontbreekt) + ".")
    if len(set(koppeling.values())) != len(koppeling):
        raise DomainError("Iedere kolom kan maar aan één veld gekoppeld worden.")
    leerlingimport.koppeling = koppeling
    leerlingimport.status = ImportStatus.CONTROLEREN
    leerlingimport.verwerkt = 0
    leerlingimport.fouten = []
    leerlingimport.save()
    return leerlingimport


def leerlingimport_controleren(*, leerlingimport_id: int) -> None:
    """Check every row and store the preview (counts, errors, a few rows). Writes no pupil.
    Idempotent: does nothing unless the import waits for its check. Progress is saved as it goes."""
    from django.utils import timezone

    from .importeren import controleer, voorbeeld
    from .models import ImportStatus, Leerlingimport

    leerlingimport = Leerlingimport.objects.select_related("school", "schooljaar").get(pk=leerlingimport_id)
    if leerlingimport.status != ImportStatus.CONTROLEREN:
        return

    def voortgang(n: int) -> None:
        Leerlingimport.objects.filter(pk=leerlingimport.pk).update(verwerkt=n)

    try:
        rows = _import_tabel(leerlingimport)
        uitkomst = controleer(
            rows,
            leerlingimport.koppeling,
            school=leerlingimport.school,
            schooljaar=leerlingimport.schooljaar,
            today=timezone.localdate(),
            voortgang=voortgang,
        )
    except DomainError as error:
        Leerlingimport.objects.filter(pk=leerlingimport.pk).update(
            status=ImportStatus.MISLUKT, foutmelding=error.message
        )
        return
    Leerlingimport.objects.filter(pk=leerlingimport.pk).update(
        status=ImportStatus.GECONTROLEERD,
        totaal=len(rows) - 1,
        verwerkt=len(rows) - 1,
        nieuw=uitkomst.nieuw,
        bijgewerkt=uitkomst.bijgewerkt,
        ongewijzigd=uitkomst.ongewijzigd,
        fouten=uitkomst.fouten,
        voorbeeld=voorbeeld(uitkomst.records),
    )


@transaction.atomic
def leerlingimport_bevestigen(*, leerlingimport, user):
    """The user confirms a checked preview without errors; processing follows (now or as a task)."""
    from .models import ImportStatus, Leerlingimport

    leerlingimport = Leerlingimport.objects.select_for_update().get(pk=leerlingimport.pk)
    if not _mag_importeren(user, leerlingimport.school_id):
        raise DomainError("U mag voor deze school geen leerlingen importeren.")
    if leerlingimport.status != ImportStatus.GECONTROLEERD:
        raise DomainError("Deze import kan nu niet bevestigd worden: hij is nog niet gecontroleerd of al verwerkt.")
    if leerlingimport.fouten:
        raise DomainError("Het bestand bevat fouten. Herstel ze in de leerlingadministratie en importeer opnieuw.")
    leerlingimport.status = ImportStatus.VERWERKEN
    leerlingimport.bevestigd_door = user
    leerlingimport.save()
    return leerlingimport


def leerlingimport_verwerken(*, leerlingimport_id: int) -> None:
    """Process a confirmed import: check again (data may have changed) and write all rows or none.
    Idempotent: does nothing unless the import waits for processing."""
    from django.utils import timezone

    from .importeren import controleer
    from .models import ImportStatus, Leerlingimport

    leerlingimport = Leerlingimport.objects.select_related("school", "schooljaar", "bevestigd_door").get(
        pk=leerlingimport_id
    )
    if leerlingimport.status != ImportStatus.VERWERKEN:
        return
    try:
        rows = _import_tabel(leerlingimport)
        uitkomst = controleer(
            rows,
            leerlingimport.koppeling,
            school=leerlingimport.school,
            schooljaar=leerlingimport.schooljaar,
            today=timezone.localdate(),
        )
        if uitkomst.fouten:
            Leerlingimport.objects.filter(pk=leerlingimport.pk).update(
                status=ImportStatus.GECONTROLEERD, fouten=uitkomst.fouten
            )
            return
        telling = leerlingen_import(
            leerlingimport=leerlingimport,
            records=uitkomst.records,
            user=leerlingimport.bevestigd_door,
            voortgang=leerlingimport.opslaan_voortgang_zetten,
        )
    except DomainError as error:
        if leerlingimport.bestand:
            leerlingimport.bestand.delete(save=False)
        Leerlingimport.objects.filter(pk=leerlingimport.pk).update(
            status=ImportStatus.MISLUKT, foutmelding=error.message, bestand=""
        )
        return
    leerlingimport.opslaan_voortgang_zetten(None)
    leerlingimport.bestand.delete(save=False)  # the export holds personal data: keep it no longer than needed
    Leerlingimport.objects.filter(pk=leerlingimport.pk).update(
        status=ImportStatus.KLAAR, bestand="", voorbeeld=[], **telling
    )


@transaction.atomic
def leerlingen_import(*, leerlingimport, records: list[dict], user, voortgang=None) -> dict[str, int]:
    """Create or update the pupils of checked rows, all in one transaction.

    The key is school year + school + leerlingnummer: a re-import updates, never duplicates.
    Every created or changed pupil gets an audit entry and a timeline event. The rows, their audit
    entries and their events are written in bulk (a few statements per 1,000 rows, not several
    per row): a school's 5,000 leavers hold the school's pupil rows locked for seconds, not
    minutes. The rows are checked already (`importeren.controleer`, which refuses a leerlingnummer
    twice in one file)."""
    import copy

    from voroc.audit import log_changes_in_bulk

    from .importeren import gewijzigde_velden

    if user is None or not _mag_importeren(user, leerlingimport.school_id):
        raise DomainError("U mag voor deze school geen leerlingen importeren.")
    bestaand = {
        leerling.leerlingnummer: leerling
        for leerling in Leerling.objects.select_for_update().filter(
            school_id=leerlingimport.school_id, schooljaar_id=leerlingimport.schooljaar_id
        )
    }
    nieuw: list[Leerling] = []
    bijgewerkt: list[tuple[Leerling, Leerling, list[str]]] = []
    ongewijzigd = 0
    for index, record in enumerate(records):
        if voortgang and index and index % 100 == 0:
            voortgang(index)
        values = {k: v for k, v in record.items() if not k.startswith("_") and k != "leerlingnummer"}
        leerling = bestaand.get(record["leerlingnummer"])
        if leerling is None:
            nieuw.append(
                Leerling(
                    schooljaar_id=leerlingimport.schooljaar_id,
                    school_id=leerlingimport.school_id,
                    leerlingnummer=record["leerlingnummer"],
                    **values,
                )
            )
            continue
        gewijzigd = gewijzigde_velden(leerling, values)
        if not gewijzigd:
            ongewijzigd += 1
            continue
        voor = copy.copy(leerling)
        for name in gewijzigd:
            setattr(leerling, name, values[name])
        bijgewerkt.append((voor, leerling, gewijzigd))

    Leerling.objects.bulk_create(nieuw, batch_size=1000)
    velden = sorted({name for _, _, gewijzigd in bijgewerkt for name in gewijzigd})
    if velden:
        Leerling.objects.bulk_update([na for _, na, _ in bijgewerkt], velden, batch_size=500)
    log_changes_in_bulk(created=nieuw, updated=[(voor, na) for voor, na, _ in bijgewerkt], actor=user)

    toegevoegd = f"Leerling toegevoegd door import {leerlingimport.pk} ({leerlingimport.bestandsnaam})."
    events = [{"leerling": leerling, "soort": Soort.LEERLING, "bericht": toegevoegd} for leerling in nieuw]
    for _, leerling, gewijzigd in bijgewerkt:
        labels = ", ".join(str(Leerling._meta.get_field(name).verbose_name) for name in gewijzigd)
        bericht = f"Leerlinggegevens bijgewerkt door import {leerlingimport.pk}: {labels}."
        events.append({"leerling": leerling, "soort": Soort.LEERLING, "bericht": bericht})
    terugkoppelingen_record_in_bulk(events=events, user=user, organisatie=leerlingimport.school)
    return {"nieuw": len(nieuw), "bijgewerkt": len(bijgewerkt), "ongewijzigd": ongewijzigd}


# --- One pupil by hand: the import's checks on a one-row table ---------------------------------


def mag_gegevens_bewerken(user, leerling: Leerling) -> bool:
    """Who may add or change pupils by hand: who may import them (the decaan)."""
    return _mag_importeren(user, leerling.school_id)


def _gegevens_controleren(*, school, schooljaar, gegevens: dict[str, str], leerling: Leerling | None) -> dict:
    """Check one pupil's data exactly as the import checks a row (importeren.controleer: required
    fields, lengths, date, leerweg, BSN and onderwijsnummer check digits, postcode, municipality,
    mentor), then refuse duplicates in the school year. Returns the clean values."""
    from django.utils import timezone

    from .importeren import VELDEN, controleer

    keys = [veld.key for veld in VELDEN]
    koppeling = {key: index for index, key in enumerate(keys)}
    row = [str(gegevens.get(key) or "") for key in keys]
    controle = controleer([keys, row], koppeling, school=school, schooljaar=schooljaar, today=timezone.localdate())
    if controle.fouten:
        raise DomainError(" ".join(fout["melding"] for fout in controle.fouten))
    record = {k: v for k, v in controle.records[0].items() if not k.startswith("_")}
    anderen = Leerling.objects.filter(schooljaar=schooljaar)
    if leerling is not None:
        anderen = anderen.exclude(pk=leerling.pk)
    if anderen.filter(school=school, leerlingnummer=record["leerlingnummer"]).exists():
        raise DomainError(
            f"Leerlingnummer {record['leerlingnummer']} bestaat al bij deze school in dit schooljaar.",
            field="leerlingnummer",
        )
    # Anywhere in the school year (a pupil leaves one school), without saying where.
    if record.get("bsn") and anderen.filter(bsn=record["bsn"]).exists():
        raise DomainError("Er is in dit schooljaar al een leerling met dit BSN.", field="bsn")
    if record.get("onderwijsnummer") and anderen.filter(onderwijsnummer=record["onderwijsnummer"]).exists():
        raise DomainError("Er is in dit schooljaar al een leerling met dit onderwijsnummer.", field="onderwijsnummer")
    return record


@transaction.atomic
def leerling_create(*, school, schooljaar, gegevens: dict[str, str], user) -> Leerling:
    """Add one pupil by hand, with the import's validation; audit-logged (its save) and on the timeline."""
    if not _mag_importeren(user, school.pk):
        raise DomainError("U mag voor deze school geen leerlingen toevoegen.")
    if schooljaar is None:
        raise DomainError("Er is geen actief schooljaar.")
    record = _gegevens_controleren(school=school, schooljaar=schooljaar, gegevens=gegevens, leerling=None)
    leerling = Leerling(schooljaar=schooljaar, school=school, **record)
    leerling._state.fields_cache.update(doorstroomformulier=None, elders=None)
    leerling.save()
    terugkoppeling_record(
        leerling=leerling,
        soort=Soort.LEERLING,
        bericht="Leerling met de hand toegevoegd.",
        user=user,
        organisatie=school,
    )
    return leerling


@transaction.atomic
def leerling_update(*, leerling: Leerling, gegevens: dict[str, str], user) -> Leerling:
    """Change one pupil's data by hand, with the import's validation; audit-logged and on the timeline."""
    from .importeren import gewijzigde_velden

    leerling = Leerling.objects.select_for_update().select_related("school", "schooljaar").get(pk=leerling.pk)
    if not _mag_importeren(user, leerling.school_id):
        raise DomainError("U mag de gegevens van deze leerling niet wijzigen.")
    # The edit page never shows the full numbers (the visibility table): left empty, they stay.
    gegevens = {**gegevens}
    for nummer in ("bsn", "onderwijsnummer"):
        if not gegevens.get(nummer):
            gegevens[nummer] = getattr(leerling, nummer)
    record = _gegevens_controleren(
        school=leerling.school, schooljaar=leerling.schooljaar, gegevens=gegevens, leerling=leerling
    )
    gewijzigd = gewijzigde_velden(leerling, record)
    if leerling.leerlingnummer != record["leerlingnummer"]:
        gewijzigd.append("leerlingnummer")
    if not gewijzigd:
        return leerling
    for name in gewijzigd:
        setattr(leerling, name, record[name])
    leerling.save()
    labels = ", ".join(str(Leerling._meta.get_field(name).verbose_name) for name in gewijzigd)
    terugkoppeling_record(
        leerling=leerling,
        soort=Soort.LEERLING,
        bericht=f"Leerlinggegevens met de hand gewijzigd: {labels}.",
        user=user,
        organisatie=leerling.school,
    )
    return leerling


MENTOR_BULK_MAX = 200


@transaction.atomic
def mentor_toewijzen(*, leerlingen, mentor, user) -> int:
    """Give several pupils one mentor, all or nothing. Per pupil: the user may change pupils by hand
    at the pupil's school, and the mentor is a mentor there. Returns the number changed."""
    leerlingen = list(leerlingen)
    if not leerlingen:
        raise DomainError("Kies een of meer leerlingen.", field="leerlingen")
    if len(leerlingen) > MENTOR_BULK_MAX:
        raise DomainError(f"Kies ten hoogste {MENTOR_BULK_MAX} leerlingen tegelijk.", field="leerlingen")
    scholen = {leerling.school_id for leerling in leerlingen}
    mentor_scholen = policy.perm_holders("leerlingen_mentorgroep_inzien", list(scholen))
    gewijzigd = 0
    for leerling in (
        Leerling.objects.select_for_update()
        .select_related("school")
        .filter(pk__in=[leerling.pk for leerling in leerlingen])
    ):
        if not _mag_importeren(user, leerling.school_id):
            raise DomainError(f"{leerling.volledige_naam}: u mag de mentor van deze leerling niet wijzigen.")
        if mentor.pk not in mentor_scholen.get(leerling.school_id, set()):
            raise DomainError(f"{mentor} is geen mentor bij {leerling.school}.", field="mentor")
        if leerling.mentor_id == mentor.pk:
            continue
        leerling.mentor = mentor
        leerling.save(update_fields=["mentor", "gewijzigd"])
        terugkoppeling_record(
            leerling=leerling,
            soort=Soort.LEERLING,
            bericht=f"Mentor: {mentor}.",
            user=user,
            organisatie=leerling.school,
        )
        gewijzigd += 1
    return gewijzigd


@transaction.atomic
def klassen_toewijzen(*, toewijzingen: list[tuple[Leerling, str]], user) -> int:
    """Put pupils in a class (a school system's class change), all or nothing, with the import's
    rule for the class (required, at most 20 characters). Per pupil: the user may change pupils by
    hand at the pupil's school (as `mentor_toewijzen`). Returns the number changed."""
    from .importeren import VELD

    veld = VELD["klas"]
    klassen = {}
    for leerling, klas in toewijzingen:
        klas = (klas or "").strip()
        if not klas:
            raise DomainError(f"{veld.label} ontbreekt.", field="klas")
        if len(klas) > veld.max_length:
            raise DomainError(f"{veld.label} is te lang (maximaal {veld.max_length} tekens).", field="klas")
        klassen[leerling.pk] = klas
    gewijzigd = 0
    for leerling in Leerling.objects.select_for_update().select_related("school").filter(pk__in=klassen):
        if not _mag_importeren(user, leerling.school_id):
            raise DomainError(f"{leerling.volledige_naam}: u mag de klas van deze leerling niet wijzigen.")
        klas = klassen[leerling.pk]
        if leerling.klas == klas:
            continue
        van = leerling.klas
        leerling.klas = klas
        leerling.save(update_fields=["klas", "gewijzigd"])
        terugkoppeling_record(
            leerling=leerling,
            soort=Soort.LEERLING,
            bericht=f"Klas: {klas} (was {van})." if van else f"Klas: {klas}.",
            user=user,
            organisatie=leerling.school,
        )
        gewijzigd += 1
    return gewijzigd


def leerlingimport_opruimen(*, dagen: int = 7) -> int:
    """Delete the uploaded files and previews of imports untouched for `dagen` days (personal data is
    kept no longer than needed). Idempotent; returns how many imports were cleaned."""
    import datetime

    from django.utils import timezone

    from .models import ImportStatus, Leerlingimport

    grens = timezone.now() - datetime.timedelta(days=dagen)
    oud = Leerlingimport.objects.filter(gewijzigd__lt=grens).exclude(
        status__in=(ImportStatus.CONTROLEREN, ImportStatus.VERWERKEN)
    )
    n = 0
    for leerlingimport in oud.exclude(bestand="", voorbeeld=[], fouten=[]):
        if leerlingimport.bestand:
            leerlingimport.bestand.delete(save=False)
        Leerlingimport.objects.filter(pk=leerlingimport.pk).update(bestand="", voorbeeld=[], fouten=[])
        n += 1
    return n
