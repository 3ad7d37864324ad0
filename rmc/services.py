"""Meldingen to Leerplicht/RMC (risk from schools, no-show from the mbo), their handling by the
municipality, guidance (De Overstap: trajecten and contactmomenten) and the record of moves.

Guidance and the municipality's handling notes are municipal data: they are kept in rmc's own
models (never on the pupil's shared timeline, which the school sees). What the school or mbo may
know (a melding was made, its status) goes to the timeline through `terugkoppeling_record`.
"""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from leerlingen import services as leerling_services
from terugkoppeling.models import Soort
from terugkoppeling.services import terugkoppeling_record
from voroc import policy
from voroc.errors import DomainError

from .models import (
    Contactmoment,
    ContactSoort,
    Melding,
    MeldingGebeurtenis,
    MeldingGebeurtenisSoort,
    MeldingResultaat,
    MeldingSoort,
    MeldingStatus,
    Traject,
    TrajectBestemming,
    Verhuizing,
)

REDEN_MAX = 200

# The handling of a melding: open -> in behandeling -> afgesloten; a closed melding can be reopened.
MELDING_OVERGANGEN: dict[str, tuple[str, ...]] = {
    MeldingStatus.OPEN: (MeldingStatus.IN_BEHANDELING,),
    MeldingStatus.IN_BEHANDELING: (MeldingStatus.AFGESLOTEN,),
    MeldingStatus.AFGESLOTEN: (MeldingStatus.IN_BEHANDELING,),
}


RISICO_LOOPT_AL = (
    "Voor deze leerling loopt al een risicomelding bij de gemeente. Vul die aan via de gemeente "
    "of wacht tot zij is afgesloten."
)


def _locked_leerling(leerling):
    """The pupil's row, locked until the transaction ends: writes about one pupil go one at a time.
    Without a join: PostgreSQL would re-check it against a concurrently changed row and find none."""
    from leerlingen.models import Leerling

    return Leerling.objects.select_for_update().get(pk=leerling.pk)


def _open_risico(leerling):
    return Melding.objects.filter(leerling=leerling, soort=MeldingSoort.RISICO).exclude(status=MeldingStatus.AFGESLOTEN)


def _melding_event(*, melding: Melding, soort: str, user, tekst: str = "", van_status: str = "", status: str = ""):
    return MeldingGebeurtenis.objects.create(
        melding=melding,
        soort=soort,
        tekst=tekst,
        van_status=van_status,
        status=status,
        auteur=user if getattr(user, "is_authenticated", False) else None,
    )


@transaction.atomic
def melding_create_risico(
    *, leerling, user, reden: str, toelichting: str = "", toestemming_besproken: bool = False
) -> Melding:
    """A school reports a risk pupil to the home municipality; any time of the year."""
    if not policy.has_perm(user, "risico_melden", leerling.school_id):
        raise DomainError("U mag voor deze leerling geen risicomelding doen.")
    reden = (reden or "").strip()
    if not reden:
        raise DomainError("Geef de reden van de melding.", field="reden")
    if len(reden) > REDEN_MAX:
        raise DomainError(f"De reden is te lang: ten hoogste {REDEN_MAX} tekens.", field="reden")
    # The pupil's row lock makes "none open yet" and the insert one step for two people at once;
    # the partial unique constraint (one open risk melding per pupil) is the database's own guard.
    leerling = _locked_leerling(leerling)
    if _open_risico(leerling).exists():
        raise DomainError(RISICO_LOOPT_AL)
    try:
        with transaction.atomic():
            melding = Melding.objects.create(
                leerling=leerling,
                soort=MeldingSoort.RISICO,
                reden=reden,
                toelichting=(toelichting or "").strip(),
                toestemming_besproken=bool(toestemming_besproken),
                melder_organisatie=leerling.school,
                melder=user,
            )
    except IntegrityError:
        raise DomainError(RISICO_LOOPT_AL)
    leerling_services.leerling_risico_markeren_unchecked(leerling=leerling)
    _melding_event(melding=melding, soort=MeldingGebeurtenisSoort.ONTVANGEN, user=user, status=MeldingStatus.OPEN)
    terugkoppeling_record(
        leerling=leerling,
        soort=Soort.MELDING,
        bericht=f"Risicomelding aan de gemeente: {melding.reden}.",
        user=user,
        organisatie=leerling.school,
    )
    return melding


@transaction.atomic
def melding_create_niet_verschenen_unchecked(*, aanmelding, user) -> Melding:
    """The mbo reports an enrolled pupil who did not show up. Unchecked: called by
    aanmelding.services once it has checked the step."""
    melding, created = Melding.objects.get_or_create(
        leerling=aanmelding.leerling,
        soort=MeldingSoort.NIET_VERSCHENEN,
        aanmelding=aanmelding,
        defaults={
            "reden": f"Niet verschenen bij {aanmelding.opleiding}"[:REDEN_MAX],
            "melder_organisatie": aanmelding.opleiding.instelling,
            "melder": user,
        },
    )
    if created:
        _melding_event(melding=melding, soort=MeldingGebeurtenisSoort.ONTVANGEN, user=user, status=MeldingStatus.OPEN)
        terugkoppeling_record(
            leerling=aanmelding.leerling,
            aanmelding=aanmelding,
            soort=Soort.MELDING,
            bericht="Melding aan Leerplicht/RMC: niet verschenen op het mbo.",
            user=user,
            organisatie=aanmelding.opleiding.instelling,
        )
    return melding


def _locked_melding(melding: Melding, user) -> Melding:
    melding = Melding.objects.select_for_update().select_related("leerling__woongemeente").get(pk=melding.pk)
    if not policy.has_perm(user, "meldingen_behandelen", melding.leerling.woongemeente_id):
        raise DomainError("U mag deze melding niet behandelen.")
    return melding


@transaction.atomic
def melding_status_update(
    *, melding: Melding, status: str, user, uitkomst: str = "", resultaat: str = "", notitie: str = ""
) -> Melding:
    """Move a melding along open -> in behandeling -> afgesloten (with a result), or reopen it."""
    melding = _locked_melding(melding, user)
    if status not in MeldingStatus.values:
        raise DomainError("Kies een status uit de lijst.", field="status")
    if status not in MELDING_OVERGANGEN.get(melding.status, ()):
        raise DomainError(
            f"Een melding met status ‘{melding.get_status_display()}’ kan niet naar ‘{MeldingStatus(status).label}’.",
            field="status",
        )
    if (
        melding.status == MeldingStatus.AFGESLOTEN
        and melding.soort == MeldingSoort.RISICO
        and _open_risico(_locked_leerling(melding.leerling)).exists()
    ):
        raise DomainError("Voor deze leerling loopt intussen een nieuwe risicomelding; heropen deze niet.")
    uitkomst = (uitkomst or "").strip()
    if status == MeldingStatus.AFGESLOTEN:
        if resultaat not in MeldingResultaat.values:
            raise DomainError("Kies het resultaat om de melding af te sluiten.", field="resultaat")
        if not uitkomst:
            raise DomainError("Vermeld de uitkomst om de melding af te sluiten.", field="uitkomst")
        melding.uitkomst = uitkomst
        melding.resultaat = resultaat
    van = melding.status
    melding.status = status
    if status != MeldingStatus.OPEN and melding.behandelaar_id is None:
        melding.behandelaar = user
    melding.save()
    tekst = (notitie or "").strip()
    if status == MeldingStatus.AFGESLOTEN:
        tekst = f"Resultaat: {melding.get_resultaat_display()}. {uitkomst}" + (f"\n{tekst}" if tekst else "")
    elif van == MeldingStatus.AFGESLOTEN:
        tekst = ("Heropend. " + tekst).strip()
    _melding_event(
        melding=melding, soort=MeldingGebeurtenisSoort.STATUS, user=user, van_status=van, status=status, tekst=tekst
    )
    # What the school or mbo that made the melding may know: the state, not the municipality's notes.
    bericht = f"Melding ({melding.get_soort_display()}): {melding.get_status_display()}."
    if status == MeldingStatus.AFGESLOTEN:
        bericht = f"Melding ({melding.get_soort_display()}) afgesloten: {melding.get_resultaat_display()}."
    terugkoppeling_record(
        leerling=melding.leerling,
        soort=Soort.MELDING,
        bericht=bericht,
        user=user,
        organisatie=melding.leerling.woongemeente,
    )
    return melding


def collega_qs(gemeente_id: int):
    """Active users who handle meldingen at the municipality (candidates for assignment)."""
    from voroc.accounts.models import User

    return (
        User.objects.filter(
            is_active=True,
            lidmaatschappen__organisatie_id=gemeente_id,
            lidmaatschappen__organisatie__actief=True,
            lidmaatschappen__rol__permissions__codename="meldingen_behandelen",
        )
        .distinct()
        .order_by("naam")
    )


@transaction.atomic
def melding_toewijzen(*, melding: Melding, behandelaar, user) -> Melding:
    """Assign the melding to a colleague of the same municipality."""
    melding = _locked_melding(melding, user)
    if not collega_qs(melding.leerling.woongemeente_id).filter(pk=behandelaar.pk).exists():
        raise DomainError(
            "Wijs de melding toe aan een collega van de gemeente die meldingen behandelt.", field="behandelaar"
        )
    if melding.behandelaar_id == behandelaar.pk:
        raise DomainError(f"De melding is al toegewezen aan {behandelaar}.", field="behandelaar")
    vorige = melding.behandelaar
    melding.behandelaar = behandelaar
    melding.save(update_fields=["behandelaar", "gewijzigd"])
    tekst = f"Toegewezen aan {behandelaar}" + (f" (was {vorige})." if vorige else ".")
    _melding_event(melding=melding, soort=MeldingGebeurtenisSoort.TOEWIJZING, user=user, tekst=tekst)
    return melding


@transaction.atomic
def melding_notitie_create(*, melding: Melding, tekst: str, user) -> MeldingGebeurtenis:
    """A note in the municipality's handling history of the melding."""
    melding = _locked_melding(melding, user)
    tekst = (tekst or "").strip()
    if not tekst:
        raise DomainError("Schrijf een notitie.", field="tekst")
    melding.save(update_fields=["gewijzigd"])
    return _melding_event(melding=melding, soort=MeldingGebeurtenisSoort.NOTITIE, user=user, tekst=tekst)


# --- Guidance (De Overstap) ---------------------------------------------------------------


def _require_gemeente(user, leerling, message: str) -> None:
    if not policy.has_perm(user, "woongemeente_inzien", leerling.woongemeente_id):
        raise DomainError(message)


@transaction.atomic
def traject_starten(*, leerling, user, gestart_op: datetime.date | None = None, toelichting: str = "") -> Traject:
    _require_gemeente(user, leerling, "U mag voor deze leerling geen begeleiding vastleggen.")
    today = timezone.localdate()
    gestart_op = gestart_op or today
    if gestart_op > today:
        raise DomainError("De startdatum kan niet in de toekomst liggen.", field="gestart_op")
    if Traject.objects.filter(leerling=leerling, afgesloten_op__isnull=True).exists():
        raise DomainError("Voor deze leerling loopt al een traject.")
    return Traject.objects.create(
        leerling=leerling,
        gemeente_id=leerling.woongemeente_id,
        begeleider=user,
        gestart_op=gestart_op,
        toelichting=(toelichting or "").strip(),
    )


@transaction.atomic
def contactmoment_record(
    *,
    leerling,
    user,
    datum: datetime.date,
    soort: str,
    notitie: str,
    vervolgstap: str = "",
    vervolgdatum: datetime.date | None = None,
) -> Contactmoment:
    """Record a contact moment; the first one starts a trajectory."""
    _require_gemeente(user, leerling, "U mag voor deze leerling geen contactmoment vastleggen.")
    if soort not in ContactSoort.values:
        raise DomainError("Kies de soort contact uit de lijst.", field="soort")
    if datum > timezone.localdate():
        raise DomainError("Een contactmoment kan niet in de toekomst liggen; plan het als vervolgstap.", field="datum")
    if vervolgdatum is not None and vervolgdatum < datum:
        raise DomainError("De vervolgdatum ligt voor de datum van het contact.", field="vervolgdatum")
    notitie = (notitie or "").strip()
    if not notitie:
        raise DomainError("Schrijf een korte notitie van het contact.", field="notitie")
    # Two first contacts at once: the pupil's row lock lets the second find the trajectory the
    # first one started, instead of starting another (and losing its note to the constraint).
    leerling = _locked_leerling(leerling)
    traject = Traject.objects.select_for_update().filter(leerling=leerling, afgesloten_op__isnull=True).first()
    if traject is None:
        traject = traject_starten(leerling=leerling, user=user, gestart_op=datum)
    return Contactmoment.objects.create(
        leerling=leerling,
        traject=traject,
        datum=datum,
        soort=soort,
        notitie=notitie,
        vervolgstap=(vervolgstap or "").strip(),
        vervolgdatum=vervolgdatum,
        auteur=user,
        gemeente_id=leerling.woongemeente_id,
    )


@transaction.atomic
def traject_afsluiten(
    *, traject: Traject, user, bestemming: str, toelichting: str = "", afgesloten_op: datetime.date | None = None
) -> Traject:
    """Close a trajectory with the destination that came of it; an Elders destination is recorded too."""
    traject = Traject.objects.select_for_update().select_related("leerling").get(pk=traject.pk)
    leerling = traject.leerling
    _require_gemeente(user, leerling, "U mag dit traject niet afsluiten.")
    if not traject.open:
        raise DomainError("Dit traject is al afgesloten.")
    if bestemming not in TrajectBestemming.values:
        raise DomainError("Kies de bestemming uit de lijst.", field="bestemming")
    afgesloten_op = afgesloten_op or timezone.localdate()
    if afgesloten_op < traject.gestart_op:
        raise DomainError("Een traject kan niet eindigen voor het begon.", field="afgesloten_op")
    if afgesloten_op > timezone.localdate():
        raise DomainError("De einddatum kan niet in de toekomst liggen.", field="afgesloten_op")
    traject.bestemming = bestemming
    traject.afgesloten_op = afgesloten_op
    traject.toelichting = "\n".join(t for t in (traject.toelichting, (toelichting or "").strip()) if t)
    traject.save()
    if bestemming != TrajectBestemming.MBO_VOROC:
        # The destination itself is not municipal: the school needs it for the June check.
        leerling_services.elders_record(
            leerling=leerling, soort=bestemming, user=user, toelichting="Vastgelegd door de gemeente."
        )
    return traject


# --- Moves ----------------------------------------------------------------------------------


def verhuizing_record_unchecked(*, leerling, van_gemeente, naar_gemeente, user, datum: datetime.date | None = None):
    """Keep the note of a move that both municipalities see. Unchecked: called by
    leerlingen.services.leerling_verhuizen once it has checked the move."""
    return Verhuizing.objects.create(
        leerling=leerling,
        van_gemeente=van_gemeente,
        naar_gemeente=naar_gemeente,
        datum=datum or timezone.localdate(),
        vastgelegd_door=user if getattr(user, "is_authenticated", False) else None,
    )
