"""What each role must do next: counts for the active school year, a fixed number of queries."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.http import QueryDict
from django.urls import reverse
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


def gemeente_tellingen(user, schooljaar):
    """The municipality's overview counts (rmc.selectors), so the start page's numbers match its lists."""
    from rmc.selectors import OverzichtFilters, overzicht_tellingen

    return overzicht_tellingen(user=user, schooljaar=schooljaar, filters=OverzichtFilters())


def _gemeente_taken(user, tellingen):
    from rmc.selectors import Toestand

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
        context["gemeente_tellingen"] = gemeente_tellingen(user, schooljaar)
        context["gemeente"] = _gemeente_taken(user, context["gemeente_tellingen"])
    context["servicedesk"] = policy.holds_any(user, "organisaties_beheren")
    context["rapportage"] = policy.holds_any(user, "regio_monitoren")
    return context


# --- Tiles: every count is the row count of the list it links to -----------------------------------
#
# A tile counts with the list's own FilterSet on the list's own scoped selector, with the query
# string of its link; so the number on the tile is the number of rows behind the link. The school's
# and the municipality's tiles take their numbers from the counts their list shows in its filter
# form (facets, states), read in one or two aggregates; the mbo's count one COUNT per tile. A fixed
# number of queries either way. The lists are those of the active school year (no `schooljaar` in
# the link).


@dataclass(frozen=True)
class Tegel:
    label: str
    aantal: int
    url: str


def _tegel(request, label, url_name, params, filterset_class, queryset, **extra) -> Tegel:
    data = QueryDict(mutable=True)
    data.update(params)
    aantal = filterset_class(data, queryset=queryset, request=request, **extra).qs.order_by().count()
    return _link_tegel(label, url_name, params, aantal)


def _link_tegel(label, url_name, params, aantal) -> Tegel:
    return Tegel(label, aantal, reverse(url_name) + (f"?{urlencode(params)}" if params else ""))


def _school_tegels(request, schooljaar) -> list[Tegel]:
    from leerlingen.filters import facet_counts, vertrokken_toepassen
    from leerlingen.selectors import leerling_scope

    base = vertrokken_toepassen(leerling_scope(user=request.user, schooljaar=schooljaar), "", request.user)
    # The list's own facet counts of its unfiltered set (one aggregate and one grouped query, as
    # the list's filter form counts them) instead of a COUNT per tile: 20 ms each for a school of
    # 1,800 pupils on the national picture (bench/RESULTS.md, section 8).
    facetten, _ = facet_counts(base, {}, request.user, only=("formulier", "aanmelding", "risico"))
    tegels = [
        ("leerlingen op uw lijst (dit schooljaar en nog lopende overstappen)", {}, base.order_by().count()),
        *(
            (label, {facet: waarde}, facetten.get(facet, {}).get(waarde, 0))
            for label, facet, waarde in (
                ("doorstroomformulieren nog niet gestart", "formulier", "niet_gestart"),
                ("doorstroomformulieren in concept", "formulier", "concept"),
                ("leerlingen nog zonder aanmelding", "aanmelding", "geen"),
                ("leerlingen met een aanmelding die geplaatst is", "aanmelding", Status.GEPLAATST),
                ("risicoleerlingen", "risico", "ja"),
            )
        ),
    ]
    return [_link_tegel(label, "leerlingen:list", params, aantal) for label, params, aantal in tegels]


def _mbo_tegels(request, schooljaar) -> list[Tegel]:
    from aanmelding.filters_mbo import WerklijstFilterSet
    from aanmelding.selectors import werklijst_scope

    # As the worklist of the active year (no `schooljaar` in the link): earlier years' open
    # applications stay, finished ones do not.
    scope = werklijst_scope(user=request.user, schooljaar=schooljaar)
    tegels = [
        ("nieuw, nog niet in behandeling", {"status": "nieuw"}),
        ("in behandeling", {"status": Status.IN_BEHANDELING}),
        ("intake gepland", {"status": Status.INTAKE_GEPLAND}),
        ("intake gehad, wacht op plaatsingsbesluit", {"status": Status.INTAKE_GEHAD}),
        ("na de aanmelddeadline", {"te_laat": "on"}),
    ]
    return [_tegel(request, label, "mbo:werklijst", p, WerklijstFilterSet, scope) for label, p in tegels]


def _gemeente_tegels(request, schooljaar, tellingen=None) -> list[Tegel]:
    from rmc import selectors as rmc
    from rmc.filters import MeldingFilterSet

    user = request.user
    # The municipality's tiles are the overview's own counts (one aggregate, as its facets): a COUNT
    # per tile evaluated every pupil's state again, 80 ms each for a city (bench/RESULTS.md, section 8).
    t = tellingen or gemeente_tellingen(user, schooljaar)

    tegels = [_link_tegel("leerlingen woonachtig in de gemeente", "rmc:overzicht", {}, t.totaal)]
    tegels += [
        _link_tegel(f"leerlingen {s.label}", "rmc:overzicht", {"toestand": s.value}, t.per_toestand.get(s.value, 0))
        for s in (rmc.Toestand.GEPLAATST, rmc.Toestand.AANGEMELD, rmc.Toestand.GEEN_AANMELDING)
    ]
    tegels.append(_link_tegel("risicoleerlingen", "rmc:overzicht", {"risico": "on"}, t.risico))
    tegels.append(_link_tegel("nog zonder bestemming", "rmc:zonder_bestemming", {}, t.zonder_bestemming))
    if policy.holds_any(user, "meldingen_behandelen"):
        inbox = rmc.meldingen_inbox(user=user, filters=rmc.MeldingFilters(status="alle"))
        tegels.append(_tegel(request, "openstaande meldingen", "rmc:meldingen", {}, MeldingFilterSet, inbox))
    return tegels


def tegels_for(request, schooljaar, *, gemeente=None) -> dict[str, list[Tegel]]:
    """The start page's tiles per role the user holds, each linking to the filtered list behind it
    (`gemeente`: the municipality's counts when the page already read them)."""
    user = request.user
    result = {}
    if schooljaar is None:
        return result
    if policy.holds_any(user, "leerlingen_alle_inzien", "leerlingen_mentorgroep_inzien"):
        result["school"] = _school_tegels(request, schooljaar)
    if policy.holds_any(user, "aanmeldingen_behandelen"):
        result["mbo"] = _mbo_tegels(request, schooljaar)
    if policy.holds_any(user, "woongemeente_inzien"):
        result["gemeente"] = _gemeente_tegels(request, schooljaar, gemeente)
    return result
