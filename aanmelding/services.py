"""Applications: create, send, move through the life cycle, decide. Every step is a timeline event.

Rules (docs/domain.md) enforced here, each under a row lock on the pupil so that two
people applying at once cannot break them:
- at most `schooljaar.max_aanmeldingen` live applications, all at one institution
  when `schooljaar.een_instelling`;
- sent on or before the application deadline: on time, with toelatingsrecht
  (not for entree, niveau 1); later: marked late;
- only the transitions of `status.OVERGANGEN`.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from leerlingen.models import Leerling, Leerweg
from terugkoppeling.models import Soort
from terugkoppeling.services import terugkoppeling_record
from voroc import policy
from voroc.errors import DomainError

from .models import Aanmelding, ExterneAanmelding, ExterneUitkomst, Opleiding, Plaatsingsbesluit
from .signals import niet_verschenen
from .status import FEEDBACKMOMENT_VAN_STATUS, PLAATSINGSBESLUITEN, AfwijzingsReden, Status, mag_overgaan

# Transitions the school records on the pupil's behalf; all others are the mbo's.
SCHOOL_OVERGANGEN = (Status.AANGEMELD, Status.INGETROKKEN)


def toegang_waarschuwing(*, leerling: Leerling, opleiding: Opleiding) -> str | None:
    """A warning (never a block) when the programme's level does not fit the pupil's prior education."""
    if opleiding.niveau >= 3 and leerling.leerweg in (Leerweg.BB, Leerweg.PRO, Leerweg.VSO):
        return (
            f"Niveau {opleiding.niveau} vraagt een vmbo-diploma kader, gemengde of theoretische leerweg; "
            f"met {leerling.get_leerweg_display()} is niveau 2 de gebruikelijke toegang."
        )
    if opleiding.niveau == 2 and leerling.leerweg in (Leerweg.PRO, Leerweg.VSO):
        return "Niveau 2 vraagt een vmbo-diploma; zonder diploma is entree (niveau 1) toegankelijk."
    return None


def te_late_terugkoppeling(*, aanmelding: Aanmelding, moment: int | None) -> str:
    """A marker for feedback given after the school year's deadline (1 June), so the school sees it."""
    if moment is None:
        return ""
    deadline = aanmelding.leerling.schooljaar.terugkoppeling_gereed
    if timezone.localdate() <= deadline:
        return ""
    return f" Te late terugkoppeling: na de termijn van {date_format(deadline, 'j F Y')}."


def noshow_vanaf(aanmelding: Aanmelding) -> datetime.date:
    """The first day a no-show can be recorded: the programme's start date (a pupil cannot fail
    to turn up at something that has not begun). The mbo's no-show screen lists from the same day."""
    return aanmelding.opleiding.startdatum


def _require(user, perm: str, organisatie_id: int, message: str) -> None:
    if not policy.has_perm(user, perm, organisatie_id):
        raise DomainError(message)


def _aanmelden_bezwaar(*, leerling: Leerling, opleiding: Opleiding, geldige: list[Aanmelding]) -> str | None:
    schooljaar = leerling.schooljaar
    if not opleiding.actief:
        return "Deze opleiding is gesloten voor aanmelding."
    if any(a.opleiding_id == opleiding.pk for a in geldige):
        return "De leerling is al aangemeld voor deze opleiding."
    if len(geldige) >= schooljaar.max_aanmeldingen:
        return (
            f"Een leerling kan in schooljaar {schooljaar} voor ten hoogste {schooljaar.max_aanmeldingen} "
            "opleidingen aangemeld zijn. Trek eerst een aanmelding in."
        )
    andere = {a.opleiding.instelling for a in geldige if a.opleiding.instelling_id != opleiding.instelling_id}
    if schooljaar.een_instelling and andere:
        return (
            f"Alle aanmeldingen van een leerling horen bij één mbo-instelling; deze leerling is al aangemeld "
            f"bij {', '.join(sorted(i.naam for i in andere))}."
        )
    return None


def aanmelden_bezwaar(*, leerling: Leerling, opleiding: Opleiding) -> str | None:
    """Why this application would be refused now (the rules of `aanmelding_create`), or None:
    the confirmation page shows it instead of a button that can only fail."""
    geldige = list(leerling.aanmeldingen.geldig().select_related("opleiding__instelling"))
    return _aanmelden_bezwaar(leerling=leerling, opleiding=opleiding, geldige=geldige)


@transaction.atomic
def aanmelding_create(
    *, leerling: Leerling, opleiding: Opleiding, user, verzenden: bool = True, bericht: str = ""
) -> Aanmelding:
    """Register an application on the pupil's behalf (and send it unless `verzenden` is False)."""
    _require(user, "aanmelden", leerling.school_id, "U mag voor deze leerling geen aanmeldingen registreren.")
    leerling = Leerling.objects.select_for_update().select_related("schooljaar").get(pk=leerling.pk)
    schooljaar = leerling.schooljaar
    opleiding = Opleiding.objects.select_related("instelling").get(pk=opleiding.pk)  # closed since the page loaded?
    geldige = list(leerling.aanmeldingen.geldig().select_related("opleiding__instelling"))
    bezwaar = _aanmelden_bezwaar(leerling=leerling, opleiding=opleiding, geldige=geldige)
    if bezwaar:
        raise DomainError(bezwaar)
    bezet = {a.keuze for a in geldige}
    keuze = min(k for k in range(1, schooljaar.max_aanmeldingen + 1) if k not in bezet)
    aanmelding = Aanmelding.objects.create(leerling=leerling, opleiding=opleiding, keuze=keuze, aangemaakt_door=user)
    if verzenden:
        return aanmelding_verzenden(aanmelding=aanmelding, user=user, bericht=bericht)
    else:
        terugkoppeling_record(
            leerling=leerling,
            aanmelding=aanmelding,
            soort=Soort.AANMELDING,
            status=Status.CONCEPT,
            bericht=f"Concept-aanmelding voor {opleiding} ({keuze}e keuze).",
            user=user,
            organisatie=leerling.school,
        )
    return aanmelding


def _op_tijd(aangemeld_op: datetime.datetime, deadline: datetime.date) -> bool:
    return timezone.localdate(aangemeld_op) <= deadline


@transaction.atomic
def aanmelding_verzenden(*, aanmelding: Aanmelding, user, bericht: str = "") -> Aanmelding:
    """Send a concept application to the mbo; the time stamp decides on-time and toelatingsrecht."""
    aanmelding = (
        Aanmelding.objects.select_for_update()
        .select_related("leerling__schooljaar", "leerling__school", "opleiding")
        .get(pk=aanmelding.pk)
    )
    _require(user, "aanmelden", aanmelding.leerling.school_id, "U mag deze aanmelding niet verzenden.")
    if aanmelding.status != Status.CONCEPT:
        raise DomainError("Deze aanmelding is al verzonden.")
    now = timezone.now()
    aanmelding.status = Status.AANGEMELD
    aanmelding.aangemeld_op = now
    aanmelding.op_tijd = _op_tijd(now, aanmelding.leerling.schooljaar.aanmelddeadline)
    # Entree has no admission threshold, hence no toelatingsrecht (WEB 8.0.1).
    aanmelding.toelatingsrecht = aanmelding.op_tijd and aanmelding.opleiding.niveau > 1
    aanmelding.save(update_fields=["status", "aangemeld_op", "op_tijd", "toelatingsrecht", "gewijzigd"])
    tekst = f"Aangemeld voor {aanmelding.opleiding} ({aanmelding.keuze}e keuze)."
    if not aanmelding.op_tijd:
        tekst += " Na de aanmelddeadline: geen toelatingsrecht."
    terugkoppeling_record(
        leerling=aanmelding.leerling,
        aanmelding=aanmelding,
        soort=Soort.AANMELDING,
        van_status=Status.CONCEPT,
        status=Status.AANGEMELD,
        bericht=(tekst + " " + bericht).strip(),
        user=user,
        organisatie=aanmelding.leerling.school,
    )
    return aanmelding


@transaction.atomic
def aanmelding_status_update(*, aanmelding: Aanmelding, naar: str, user, bericht: str = "") -> Aanmelding:
    """Move an application to state `naar` if the life cycle allows it and the user may record it."""
    aanmelding = (
        Aanmelding.objects.select_for_update()
        .select_related("leerling__school", "leerling__schooljaar", "opleiding__instelling")
        .get(pk=aanmelding.pk)
    )
    if naar in SCHOOL_OVERGANGEN:
        allowed = policy.has_perm(user, "aanmelden", aanmelding.leerling.school_id) or (
            naar == Status.INGETROKKEN
            and policy.has_perm(user, "aanmeldingen_behandelen", aanmelding.opleiding.instelling_id)
        )
        organisatie = aanmelding.leerling.school
    else:
        allowed = policy.has_perm(user, "aanmeldingen_behandelen", aanmelding.opleiding.instelling_id)
        organisatie = aanmelding.opleiding.instelling
    if not allowed:
        raise DomainError("U mag deze stap voor deze aanmelding niet vastleggen.")
    if naar == Status.AANGEMELD:
        return aanmelding_verzenden(aanmelding=aanmelding, user=user, bericht=bericht)
    if naar in PLAATSINGSBESLUITEN:
        raise DomainError("Leg een plaatsingsbesluit vast met zijn uitkomst en, bij afwijzing, de reden.")
    if not mag_overgaan(aanmelding.status, naar):
        raise DomainError(
            f"Een aanmelding met status ‘{aanmelding.get_status_display()}’ kan niet naar ‘{Status(naar).label}’."
        )
    if naar == Status.NIET_VERSCHENEN and timezone.localdate() < noshow_vanaf(aanmelding):
        raise DomainError(
            "Niet verschenen kan pas worden vastgelegd als de opleiding begonnen is, vanaf "
            f"{date_format(noshow_vanaf(aanmelding), 'j F Y')}."
        )
    van = aanmelding.status
    aanmelding.status = naar
    aanmelding.save(update_fields=["status", "gewijzigd"])
    terugkoppeling_record(
        leerling=aanmelding.leerling,
        aanmelding=aanmelding,
        soort=Soort.AANMELDING,
        van_status=van,
        status=naar,
        moment=FEEDBACKMOMENT_VAN_STATUS.get(naar),
        bericht=(bericht or f"{Status(naar).label.capitalize()}.")
        + te_late_terugkoppeling(aanmelding=aanmelding, moment=FEEDBACKMOMENT_VAN_STATUS.get(naar)),
        user=user,
        organisatie=organisatie,
    )
    if naar == Status.NIET_VERSCHENEN:
        niet_verschenen.send(sender=Aanmelding, aanmelding=aanmelding, user=user)
    return aanmelding


def conflict_gewijzigd(aanmelding: Aanmelding) -> DomainError:
    return DomainError(
        f"Een collega heeft deze aanmelding intussen gewijzigd: zij staat nu op "
        f"‘{aanmelding.get_status_display()}’. Bekijk de nieuwe stand en leg het besluit zo nodig opnieuw vast."
    )


@transaction.atomic
def plaatsingsbesluit_record(
    *,
    aanmelding: Aanmelding,
    uitkomst: str,
    user,
    reden: str = "",
    voorwaarde: str = "",
    toelichting: str = "",
    van_status: str | None = None,
) -> Plaatsingsbesluit:
    """Record the placement decision; the outcome becomes the application's state.

    `van_status`: the state the deciding user saw (the form sends it). If someone changed the
    application since, the decision is refused with a conflict message instead of overwriting
    theirs; the row lock makes the check and the write one step."""
    aanmelding = (
        Aanmelding.objects.select_for_update(of=("self",))  # not the programme and institution rows
        .select_related("leerling__schooljaar", "opleiding__instelling")
        .get(pk=aanmelding.pk)
    )
    _require(
        user,
        "aanmeldingen_behandelen",
        aanmelding.opleiding.instelling_id,
        "U mag voor deze aanmelding geen plaatsingsbesluit vastleggen.",
    )
    if van_status and van_status != aanmelding.status:
        raise conflict_gewijzigd(aanmelding)
    if uitkomst not in PLAATSINGSBESLUITEN:
        raise DomainError("Kies een uitkomst van het plaatsingsbesluit.")
    if uitkomst == Status.AFGEWEZEN and reden not in AfwijzingsReden.values:
        raise DomainError("Een afwijzing heeft een reden uit de wettelijke lijst.", field="reden")
    if uitkomst != Status.AFGEWEZEN:
        reden = ""
    if uitkomst == Status.VOORWAARDELIJK_GEPLAATST and not voorwaarde.strip():
        raise DomainError("Vermeld de voorwaarde van de voorwaardelijke plaatsing.", field="voorwaarde")
    if not mag_overgaan(aanmelding.status, uitkomst):
        raise DomainError(
            f"Bij status ‘{aanmelding.get_status_display()}’ kan geen besluit "
            f"‘{Status(uitkomst).label}’ worden vastgelegd."
        )
    besluit, _ = Plaatsingsbesluit.objects.update_or_create(
        aanmelding=aanmelding,
        defaults={
            "uitkomst": uitkomst,
            "reden": reden,
            "voorwaarde": voorwaarde.strip(),
            "toelichting": toelichting,
            "besloten_door": user,
        },
    )
    van = aanmelding.status
    aanmelding.status = uitkomst
    aanmelding.save(update_fields=["status", "gewijzigd"])
    tekst = f"Plaatsingsbesluit: {Status(uitkomst).label}."
    if reden:
        tekst += f" Reden: {AfwijzingsReden(reden).label}."
    if voorwaarde:
        tekst += f" Voorwaarde: {voorwaarde.strip()}."
    terugkoppeling_record(
        leerling=aanmelding.leerling,
        aanmelding=aanmelding,
        soort=Soort.AANMELDING,
        van_status=van,
        status=uitkomst,
        moment=FEEDBACKMOMENT_VAN_STATUS[uitkomst],
        bericht=(tekst + " " + toelichting).strip()
        + te_late_terugkoppeling(aanmelding=aanmelding, moment=FEEDBACKMOMENT_VAN_STATUS[uitkomst]),
        user=user,
        organisatie=aanmelding.opleiding.instelling,
    )
    return besluit


@transaction.atomic
def aanmelding_doorverwijzen(
    *, aanmelding: Aanmelding, naar_opleiding: Opleiding, user, bericht: str = ""
) -> Aanmelding:
    """Refer to another programme of the same institution: closes this one and opens a new, sent one."""
    aanmelding = (
        Aanmelding.objects.select_for_update().select_related("leerling", "opleiding__instelling").get(pk=aanmelding.pk)
    )
    _require(
        user, "aanmeldingen_behandelen", aanmelding.opleiding.instelling_id, "U mag deze aanmelding niet doorverwijzen."
    )
    if naar_opleiding.instelling_id != aanmelding.opleiding.instelling_id:
        raise DomainError("Doorverwijzen kan alleen naar een opleiding van de eigen instelling.")
    if not mag_overgaan(aanmelding.status, Status.DOORVERWEZEN):
        raise DomainError(
            f"Een aanmelding met status ‘{aanmelding.get_status_display()}’ kan niet worden doorverwezen."
        )
    van = aanmelding.status
    aanmelding.status = Status.DOORVERWEZEN
    aanmelding.save(update_fields=["status", "gewijzigd"])
    terugkoppeling_record(
        leerling=aanmelding.leerling,
        aanmelding=aanmelding,
        soort=Soort.AANMELDING,
        van_status=van,
        status=Status.DOORVERWEZEN,
        bericht=f"Doorverwezen naar {naar_opleiding}. {bericht}".strip(),
        user=user,
        organisatie=aanmelding.opleiding.instelling,
    )
    nieuw = Aanmelding.objects.create(
        leerling=aanmelding.leerling,
        opleiding=naar_opleiding,
        keuze=aanmelding.keuze,
        status=Status.AANGEMELD,
        aangemeld_op=aanmelding.aangemeld_op,
        op_tijd=aanmelding.op_tijd,
        toelatingsrecht=bool(aanmelding.op_tijd) and naar_opleiding.niveau > 1,
        doorverwezen_van=aanmelding,
        aangemaakt_door=user,
    )
    terugkoppeling_record(
        leerling=nieuw.leerling,
        aanmelding=nieuw,
        soort=Soort.AANMELDING,
        van_status="",
        status=Status.AANGEMELD,
        bericht=f"Nieuwe aanmelding na doorverwijzing vanuit {aanmelding.opleiding}.",
        user=user,
        organisatie=aanmelding.opleiding.instelling,
    )
    return nieuw


def _externe_tekst(externe) -> str:
    niveau = f", niveau {externe.niveau}" if externe.niveau else ""
    return f"{externe.opleiding_naam}{niveau} bij {externe.instelling_naam} ({externe.get_uitkomst_display()})"


@transaction.atomic
def externe_aanmelding_record(
    *,
    leerling: Leerling,
    instelling_naam: str,
    opleiding_naam: str,
    user,
    crebo: str = "",
    niveau: int | None = None,
    uitkomst: str = ExterneUitkomst.AANGEMELD,
    toelichting: str = "",
) -> ExterneAanmelding:
    """Record by hand an application to an mbo outside VOROC, with its outcome.

    It is not checked against, and does not count toward, the two-application cap: see
    `ExterneAanmelding` for why.
    """
    _require(user, "aanmelden", leerling.school_id, "U mag voor deze leerling geen aanmeldingen registreren.")
    if not instelling_naam.strip() or not opleiding_naam.strip():
        raise DomainError("Vul de naam van de instelling en van de opleiding in.")
    if uitkomst not in ExterneUitkomst.values:
        raise DomainError("Kies een geldige status of uitkomst.", field="uitkomst")
    externe = ExterneAanmelding(
        leerling=leerling,
        instelling_naam=instelling_naam.strip(),
        opleiding_naam=opleiding_naam.strip(),
        crebo=crebo.strip(),
        niveau=niveau,
        uitkomst=uitkomst,
        toelichting=toelichting,
        vastgelegd_door=user,
    )
    externe.full_clean()
    externe.save()
    terugkoppeling_record(
        leerling=leerling,
        soort=Soort.ELDERS,
        bericht=f"Aanmelding buiten VOROC vastgelegd: {_externe_tekst(externe)}.",
        user=user,
        organisatie=leerling.school,
    )
    return externe


@transaction.atomic
def externe_aanmelding_update(
    *, externe: ExterneAanmelding, uitkomst: str, user, toelichting: str | None = None
) -> ExterneAanmelding:
    """Record the (new) outcome of an application outside VOROC."""
    externe = ExterneAanmelding.objects.select_for_update().select_related("leerling__school").get(pk=externe.pk)
    _require(user, "aanmelden", externe.leerling.school_id, "U mag deze aanmelding niet wijzigen.")
    if uitkomst not in ExterneUitkomst.values:
        raise DomainError("Kies een geldige status of uitkomst.", field="uitkomst")
    van = externe.get_uitkomst_display()
    externe.uitkomst = uitkomst
    if toelichting is not None:
        externe.toelichting = toelichting
    externe.vastgelegd_door = user
    externe.save()
    terugkoppeling_record(
        leerling=externe.leerling,
        soort=Soort.ELDERS,
        bericht=f"Aanmelding buiten VOROC bijgewerkt (was: {van}): {_externe_tekst(externe)}.",
        user=user,
        organisatie=externe.leerling.school,
    )
    return externe
