"""The application life cycle and its mapping to the national status codes (docs/domain.md)."""

from django.db import models


class Status(models.TextChoices):
    CONCEPT = "concept", "concept"
    AANGEMELD = "aangemeld", "aangemeld"
    IN_BEHANDELING = "in_behandeling", "in behandeling"
    INTAKE_GEPLAND = "intake_gepland", "intake gepland"
    INTAKE_GEHAD = "intake_gehad", "intake gehad"
    GEPLAATST = "geplaatst", "geplaatst"
    VOORWAARDELIJK_GEPLAATST = "voorwaardelijk_geplaatst", "voorwaardelijk geplaatst"
    WACHTLIJST = "wachtlijst", "wachtlijst"
    UITGELOOT = "uitgeloot", "uitgeloot"
    AFGEWEZEN = "afgewezen", "afgewezen"
    INGESCHREVEN = "ingeschreven", "ingeschreven"
    GESTART = "gestart", "gestart"
    NIET_VERSCHENEN = "niet_verschenen", "niet verschenen"
    INGETROKKEN = "ingetrokken", "ingetrokken"
    DOORVERWEZEN = "doorverwezen", "doorverwezen"


S = Status
PLAATSINGSBESLUITEN = (S.GEPLAATST, S.VOORWAARDELIJK_GEPLAATST, S.WACHTLIJST, S.UITGELOOT, S.AFGEWEZEN)
POSITIEF = (S.GEPLAATST, S.VOORWAARDELIJK_GEPLAATST, S.INGESCHREVEN, S.GESTART)
# States in which an application no longer holds one of the pupil's (at most two) places.
VERVALLEN = (S.INGETROKKEN, S.DOORVERWEZEN, S.AFGEWEZEN, S.UITGELOOT, S.NIET_VERSCHENEN)
_UIT_OPEN = (S.INGETROKKEN, S.DOORVERWEZEN)

# Allowed transitions. Withdrawal and referral are possible from every open state.
OVERGANGEN: dict[str, tuple[str, ...]] = {
    S.CONCEPT: (S.AANGEMELD, S.INGETROKKEN),
    S.AANGEMELD: (S.IN_BEHANDELING, *_UIT_OPEN),
    S.IN_BEHANDELING: (S.INTAKE_GEPLAND, S.INTAKE_GEHAD, *PLAATSINGSBESLUITEN, *_UIT_OPEN),
    S.INTAKE_GEPLAND: (S.INTAKE_GEHAD, S.INTAKE_GEPLAND, *_UIT_OPEN),
    S.INTAKE_GEHAD: (*PLAATSINGSBESLUITEN, *_UIT_OPEN),
    S.WACHTLIJST: (S.GEPLAATST, S.VOORWAARDELIJK_GEPLAATST, S.UITGELOOT, *_UIT_OPEN),
    S.VOORWAARDELIJK_GEPLAATST: (S.GEPLAATST, S.AFGEWEZEN, S.INGESCHREVEN, *_UIT_OPEN),
    S.GEPLAATST: (S.INGESCHREVEN, *_UIT_OPEN),
    S.INGESCHREVEN: (S.GESTART, S.NIET_VERSCHENEN, S.INGETROKKEN),
}


def mag_overgaan(van: str, naar: str) -> bool:
    return naar in OVERGANGEN.get(van, ())


class Feedbackmoment(models.IntegerChoices):
    """The three moments at which the mbo must report back: after receipt, before the intake, after the decision."""

    NA_AANMELDING = 1, "na aanmelding"
    VOOR_INTAKE = 2, "voorafgaand aan de intake"
    NA_PLAATSINGSBESLUIT = 3, "na het plaatsingsbesluit"


FEEDBACKMOMENT_VAN_STATUS = {
    S.IN_BEHANDELING: Feedbackmoment.NA_AANMELDING,
    S.INTAKE_GEPLAND: Feedbackmoment.VOOR_INTAKE,
    **{s: Feedbackmoment.NA_PLAATSINGSBESLUIT for s in PLAATSINGSBESLUITEN},
}


class LandelijkeStatus(models.IntegerChoices):
    """Statutory application statuses reported nationally (WEB 8.0.3)."""

    ONTVANGEN = 0, "aanmelding ontvangen"
    AANGEMELD = 1, "aangemeld"
    OVEREENKOMST_AANGEBODEN = 2, "onderwijsovereenkomst aangeboden"
    GEEN_INSCHRIJVING = 3, "aanmelding leidt niet tot inschrijving"
    INGETROKKEN = 4, "ingetrokken"
    INGESCHREVEN = 5, "ingeschreven"


LANDELIJKE_STATUS: dict[str, int | None] = {
    S.CONCEPT: None,  # not sent: nothing to report
    S.AANGEMELD: LandelijkeStatus.ONTVANGEN,
    S.IN_BEHANDELING: LandelijkeStatus.AANGEMELD,
    S.INTAKE_GEPLAND: LandelijkeStatus.AANGEMELD,
    S.INTAKE_GEHAD: LandelijkeStatus.AANGEMELD,
    S.WACHTLIJST: LandelijkeStatus.AANGEMELD,
    S.GEPLAATST: LandelijkeStatus.OVEREENKOMST_AANGEBODEN,
    S.VOORWAARDELIJK_GEPLAATST: LandelijkeStatus.OVEREENKOMST_AANGEBODEN,
    S.UITGELOOT: LandelijkeStatus.GEEN_INSCHRIJVING,
    S.AFGEWEZEN: LandelijkeStatus.GEEN_INSCHRIJVING,
    S.DOORVERWEZEN: LandelijkeStatus.GEEN_INSCHRIJVING,
    S.NIET_VERSCHENEN: LandelijkeStatus.GEEN_INSCHRIJVING,  # enrolment is undone
    S.INGETROKKEN: LandelijkeStatus.INGETROKKEN,
    S.INGESCHREVEN: LandelijkeStatus.INGESCHREVEN,
    S.GESTART: LandelijkeStatus.INGESCHREVEN,
}


class AfwijzingsReden(models.TextChoices):
    """The legal grounds for refusing admission (WEB 8.0.1)."""

    VOOROPLEIDING = "vooropleiding", "vereiste vooropleiding ontbreekt"
    AANVULLENDE_EISEN = "aanvullende_eisen", "niet voldaan aan aanvullende eisen"
    BSA = "bsa", "eerder negatief bindend studieadvies"
    STARTKWALIFICATIE = "startkwalificatie", "heeft al een startkwalificatie"
