"""What each role must do next: counts for the active school year, a fixed number of queries."""

from django.db.models import Count, Q
from django.utils import timezone

from aanmelding.models import Aanmelding
from aanmelding.selectors import heeft_levende_aanmelding
from aanmelding.services_vergelijking import SCHOOL_PERMS
from aanmelding.status import POSITIEF, Status
from leerlingen.models import Leerling, Schooljaar
from rmc.models import Melding, MeldingStatus
from voroc import policy


def _school_taken(user, schooljaar):
    qs = Leerling.objects.filter(policy.leerling_school_q(user)).werkvoorraad(schooljaar)
    counts = qs.aggregate(
        totaal=Count("pk", distinct=True),
        formulier_open=Count("pk", filter=~Q(doorstroomformulier__status="definitief"), distinct=True),
        risico=Count("pk", filter=Q(risico=True), distinct=True),
        zonder_aanmelding=Count("pk", filter=~Q(heeft_levende_aanmelding(user=user)), distinct=True),
        geplaatst=Count("pk", filter=Q(aanmeldingen__status__in=POSITIEF), distinct=True),
    )
    return counts


def _mbo_taken(user, schooljaar):
    qs = Aanmelding.objects.filter(policy.aanmelding_mbo_q(user), leerling__schooljaar=schooljaar)
    return qs.aggregate(
        totaal=Count("pk"),
        nieuw=Count("pk", filter=Q(status=Status.AANGEMELD)),
        intake=Count("pk", filter=Q(status__in=[Status.IN_BEHANDELING, Status.INTAKE_GEPLAND])),
        besluit=Count("pk", filter=Q(status=Status.INTAKE_GEHAD)),
        te_laat=Count("pk", filter=Q(op_tijd=False)),
    )


def _gemeente_taken(user, schooljaar):
    # The same states and counts as the municipality's overview (rmc.selectors), so the numbers match.
    from rmc.selectors import OverzichtFilters, Toestand, overzicht_tellingen

    tellingen = overzicht_tellingen(user=user, schooljaar=schooljaar, filters=OverzichtFilters())
    leerlingen = {
        "totaal": tellingen.totaal,
        "risico": tellingen.risico,
        "geplaatst": tellingen.per_toestand.get(Toestand.GEPLAATST, 0)
        + tellingen.per_toestand.get(Toestand.VOORWAARDELIJK, 0),
        "elders": tellingen.per_toestand.get(Toestand.ELDERS, 0),
        "zonder_bestemming": tellingen.zonder_bestemming,
    }
    leerlingen["meldingen_open"] = (
        Melding.objects.filter(policy.melding_inbox_q(user)).exclude(status=MeldingStatus.AFGESLOTEN).count()
    )
    return leerlingen


def dashboard_for(user) -> dict:
    schooljaar = Schooljaar.objects.actief()
    today = timezone.localdate()
    context = {"schooljaar": schooljaar, "vandaag": today, "mijlpaal": None}
    if schooljaar is None:
        return context
    mijlpaal = schooljaar.volgende_mijlpaal(today)
    if mijlpaal:
        context["mijlpaal"] = {"label": mijlpaal[1], "datum": mijlpaal[2], "dagen": (mijlpaal[2] - today).days}
    context["mijlpalen"] = schooljaar.mijlpalen()
    if policy.holds_any(user, "leerlingen_alle_inzien", "leerlingen_mentorgroep_inzien"):
        context["school"] = _school_taken(user, schooljaar)
        context["statussen_vergelijken"] = bool(policy.organisaties(user, *SCHOOL_PERMS))
    if policy.holds_any(user, "aanmeldingen_behandelen"):
        context["mbo"] = _mbo_taken(user, schooljaar)
    if policy.holds_any(user, "woongemeente_inzien"):
        context["gemeente"] = _gemeente_taken(user, schooljaar)
    context["servicedesk"] = policy.holds_any(user, "organisaties_beheren")
    return context
