"""Pages of the municipality (overview, meldingen, guidance, moves) and of the schools and mbo
that make meldingen. Thin: parse with a form, call one service or selector, render or redirect."""

import datetime
from functools import partial
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from leerlingen import services as leerling_services
from leerlingen.exports import aanmeldingen_aanvullen
from leerlingen.selectors import schooljaar_gekozen, schooljaren
from voroc import audit, policy
from voroc.exports import export_response
from voroc.forms_flow import submit
from voroc.inzage import inzage_response
from voroc.lists import gefilterd, lijst
from voroc.permissions import require_any_perm

from . import exports, forms, selectors, services
from .filters import MeldingFilterSet, MijnMeldingFilterSet, OverzichtFilterSet, VerhuizingFilterSet
from .models import MeldingStatus

# --- Overview ----------------------------------------------------------------------------------


def _overzicht(request, *, zonder_bestemming: bool):
    schooljaar = schooljaar_gekozen(request.GET)
    leerlingen = lijst(
        request, OverzichtFilterSet, **_overzicht_args(request, schooljaar, zonder_bestemming=zonder_bestemming)
    )
    filters = leerlingen.filterset.overzicht_filters()
    page = leerlingen.page
    vervolgafspraken = selectors.vervolgafspraken(
        user=request.user, tot=timezone.localdate() + datetime.timedelta(days=7)
    )
    audit.log_reads(request, [*page, *(c.leerling for c in vervolgafspraken)], actie=audit.LIJST)
    tellingen = selectors.overzicht_tellingen(user=request.user, schooljaar=schooljaar, filters=filters)
    context = {
        "schooljaar": schooljaar,
        "schooljaren": schooljaren(),
        "filters": filters,
        "lijst": leerlingen,
        "page": page,
        "tellingen": tellingen,
        "facetten": [("", "alle", tellingen.totaal), *tellingen.toestanden()],
        "toestand_labels": dict(selectors.Toestand.choices),
        "zonder_bestemming": zonder_bestemming,
        "vandaag": timezone.localdate(),
        "vervolgafspraken": vervolgafspraken,
    }
    return render(request, "rmc/overzicht.html", context)


def _overzicht_args(request, schooljaar, *, zonder_bestemming: bool) -> dict:
    """The overview's scope and the FilterSet's extra arguments, for the page and its export."""
    return {
        "queryset": selectors.met_toestand(selectors.gemeente_leerlingen(user=request.user, schooljaar=schooljaar)),
        "scholen": selectors.overzicht_scholen(user=request.user, schooljaar=schooljaar),
        "zonder_bestemming": zonder_bestemming,
    }


@require_any_perm("woongemeente_inzien")
@require_GET
def overzicht(request):
    return _overzicht(request, zonder_bestemming=False)


@require_any_perm("woongemeente_inzien")
@require_GET
def zonder_bestemming(request):
    """The working list after the exams: no positive placement and no Elders destination."""
    return _overzicht(request, zonder_bestemming=True)


@require_any_perm("woongemeente_inzien")
@require_GET
def overzicht_export(request):
    schooljaar = schooljaar_gekozen(request.GET)
    zonder = request.GET.get("zonder_bestemming") == "1"
    stem = "zonder-bestemming" if zonder else "gemeente-overzicht"
    return export_response(
        request,
        formaat=request.GET.get("formaat", "csv"),
        naam=f"{stem}-{timezone.localdate().isoformat()}",
        kolommen=exports.kolommen(dict(selectors.Toestand.choices)),
        rijen=gefilterd(request, OverzichtFilterSet, **_overzicht_args(request, schooljaar, zonder_bestemming=zonder)),
        aanvullen=aanmeldingen_aanvullen(request.user, alleen_verzonden=True),
        titel="Leerlingen",
    )


# --- Meldingen: the municipality's inbox -------------------------------------------------------


def _jaar_query(request, schooljaar) -> str:
    """ "&schooljaar=<beginjaar>" for links that start a list afresh, when a year was chosen."""
    return f"&{urlencode({'schooljaar': schooljaar.startjaar})}" if schooljaar and "schooljaar" in request.GET else ""


@require_any_perm("meldingen_behandelen")
@require_GET
def meldingen(request):
    schooljaar = schooljaar_gekozen(request.GET)
    scope = selectors.meldingen_inbox(
        user=request.user, filters=selectors.MeldingFilters(status="alle"), schooljaar=schooljaar
    )
    meldingen_ = lijst(request, MeldingFilterSet, scope)
    audit.log_reads(request, [m.leerling for m in meldingen_.page], actie=audit.LIJST)
    context = {
        "lijst": meldingen_,
        "page": meldingen_.page,
        "filters": meldingen_.filterset.melding_filters(),
        "tellingen": selectors.meldingen_tellingen(user=request.user, schooljaar=schooljaar),
        "schooljaar": schooljaar,
        "schooljaren": schooljaren(),
        "jaar_query": _jaar_query(request, schooljaar),
    }
    return render(request, "rmc/meldingen.html", context)


@require_any_perm("meldingen_behandelen")
@require_GET
def meldingen_export(request):
    """The filtered inbox as CSV or XLSX (voroc.exports: columns by the visibility table, every
    exported pupil in the read log), of the school year chosen."""
    schooljaar = schooljaar_gekozen(request.GET)
    scope = selectors.meldingen_inbox(
        user=request.user, filters=selectors.MeldingFilters(status="alle"), schooljaar=schooljaar
    )
    return export_response(
        request,
        formaat=request.GET.get("formaat", "csv"),
        naam=f"meldingen-{timezone.localdate().isoformat()}",
        kolommen=exports.melding_kolommen(),
        rijen=gefilterd(request, MeldingFilterSet, scope),
        leerling="leerling__",
        titel="Meldingen",
    )


def _melding_context(request, melding, **forms_):
    gemeente_id = melding.leerling.woongemeente_id
    context = {
        "melding": melding,
        "leerling": melding.leerling,
        "gebeurtenissen": selectors.melding_gebeurtenissen(user=request.user, melding=melding),
        "status_form": _status_form(melding),
        "toewijzen_form": forms.MeldingToewijzenForm(
            collegas=services.collega_qs(gemeente_id),
            initial={"behandelaar": melding.behandelaar_id or request.user.pk},
        ),
        "notitie_form": forms.MeldingNotitieForm(),
        "overgangen": services.MELDING_OVERGANGEN.get(melding.status, ()),
    }
    context.update(forms_)
    return context


def _status_form(melding):
    """An empty status form offering only the steps the melding can take from here."""
    volgende = services.MELDING_OVERGANGEN.get(melding.status, ())
    form = forms.MeldingStatusForm(initial={"status": volgende[0] if volgende else melding.status})
    form.fields["status"].choices = [(s, MeldingStatus(s).label) for s in volgende]
    return form


@require_any_perm("meldingen_behandelen")
@require_GET
def melding_detail(request, pk: int):
    melding = selectors.melding_get(user=request.user, pk=pk)
    audit.log_reads(request, [melding.leerling], actie=audit.PAGINA)
    return render(request, "rmc/melding_detail.html", _melding_context(request, melding))


def _melding_post(request, pk, form_class, context_key, call, success, form_kwargs=None):
    melding = selectors.melding_get(user=request.user, pk=pk)
    form = form_class(request.POST, **(form_kwargs(melding) if form_kwargs else {}))
    if submit(
        request,
        form,
        lambda **data: call(melding, data),
        success=success,
        failure="De melding is niet gewijzigd. Bekijk de melding hieronder.",
    ):
        return redirect("rmc:melding_detail", pk=melding.pk)
    audit.log_reads(request, [melding.leerling], actie=audit.PAGINA)
    return render(
        request, "rmc/melding_detail.html", _melding_context(request, melding, **{context_key: form}), status=400
    )


@require_any_perm("meldingen_behandelen")
@require_POST
def melding_status(request, pk: int):
    return _melding_post(
        request,
        pk,
        forms.MeldingStatusForm,
        "status_form",
        lambda melding, d: services.melding_status_update(
            melding=melding,
            status=d["status"],
            resultaat=d["resultaat"],
            uitkomst=d["uitkomst"],
            notitie=d["notitie"],
            user=request.user,
        ),
        "De status van de melding is gewijzigd.",
    )


@require_any_perm("meldingen_behandelen")
@require_POST
def melding_toewijzen(request, pk: int):
    return _melding_post(
        request,
        pk,
        forms.MeldingToewijzenForm,
        "toewijzen_form",
        lambda melding, d: services.melding_toewijzen(melding=melding, behandelaar=d["behandelaar"], user=request.user),
        "De melding is toegewezen.",
        form_kwargs=lambda melding: {"collegas": services.collega_qs(melding.leerling.woongemeente_id)},
    )


@require_any_perm("meldingen_behandelen")
@require_POST
def melding_notitie(request, pk: int):
    return _melding_post(
        request,
        pk,
        forms.MeldingNotitieForm,
        "notitie_form",
        lambda melding, d: services.melding_notitie_create(melding=melding, tekst=d["tekst"], user=request.user),
        "De notitie is toegevoegd.",
    )


# --- Meldingen: the school's and the mbo's side ------------------------------------------------


@require_any_perm("risico_melden", "aanmeldingen_behandelen")
@require_GET
def mijn_meldingen(request):
    schooljaar = schooljaar_gekozen(request.GET)
    meldingen_ = lijst(
        request, MijnMeldingFilterSet, selectors.mijn_meldingen(user=request.user, schooljaar=schooljaar)
    )
    audit.log_reads(request, [m.leerling for m in meldingen_.page], actie=audit.LIJST)
    context = {"lijst": meldingen_, "page": meldingen_.page, "schooljaar": schooljaar, "schooljaren": schooljaren()}
    return render(request, "rmc/mijn_meldingen.html", context)


@require_any_perm("risico_melden")
@require_http_methods(["GET", "POST"])
def risicomelding(request, pk: int):
    leerling = selectors.leerling_voor_melding_get(user=request.user, pk=pk)
    if not policy.has_perm(request.user, "risico_melden", leerling.school_id):
        raise PermissionDenied
    form = forms.RisicomeldingForm(request.POST or None)
    action = partial(services.melding_create_risico, leerling=leerling, user=request.user)
    if request.method == "POST" and submit(
        request,
        form,
        action,
        success="De risicomelding is verstuurd naar de gemeente.",
        failure="De melding is niet verstuurd. Bekijk het formulier.",
    ):
        return redirect("leerlingen:detail", pk=leerling.pk)
    audit.log_reads(request, [leerling], actie=audit.PAGINA)
    return render(
        request,
        "rmc/risicomelding.html",
        {"leerling": leerling, "form": form},
        status=400 if request.method == "POST" else 200,
    )


# --- Guidance (De Overstap) --------------------------------------------------------------------


def _begeleiding_render(request, leerling, status=200, **forms_):
    today = timezone.localdate()
    trajecten = list(selectors.leerling_trajecten(user=request.user, leerling=leerling))
    open_traject = next((t for t in trajecten if t.open), None)
    context = {
        "leerling": leerling,
        "trajecten": trajecten,
        "open_traject": open_traject,
        "verhuizingen": selectors.leerling_verhuizingen(user=request.user, leerling=leerling),
        "contact_form": forms.ContactmomentForm(initial={"datum": today}),
        "afsluiten_form": forms.TrajectAfsluitenForm(initial={"afgesloten_op": today}),
        "elders_form": forms.EldersForm(
            initial={"soort": leerling.elders.soort} if hasattr(leerling, "elders") else None
        ),
    }
    context.update(forms_)
    audit.log_reads(request, [leerling], actie=audit.PAGINA)
    return render(request, "rmc/begeleiding.html", context, status=status)


@require_any_perm("woongemeente_inzien")
@require_GET
def begeleiding(request, pk: int):
    leerling = selectors.gemeente_leerling_get(user=request.user, pk=pk)
    return _begeleiding_render(request, leerling)


@require_any_perm("woongemeente_inzien")
@require_POST
def contactmoment_create(request, pk: int):
    leerling = selectors.gemeente_leerling_get(user=request.user, pk=pk)
    form = forms.ContactmomentForm(request.POST)
    action = partial(services.contactmoment_record, leerling=leerling, user=request.user)
    if submit(
        request,
        form,
        action,
        success="Het contactmoment is vastgelegd.",
        failure="Het contactmoment is niet vastgelegd. Bekijk het formulier.",
    ):
        return redirect("rmc:begeleiding", pk=leerling.pk)
    return _begeleiding_render(request, leerling, status=400, contact_form=form)


@require_any_perm("woongemeente_inzien")
@require_POST
def traject_afsluiten(request, pk: int):
    traject = selectors.traject_get(user=request.user, pk=pk)
    leerling = selectors.gemeente_leerling_get(user=request.user, pk=traject.leerling_id)
    form = forms.TrajectAfsluitenForm(request.POST)
    action = partial(services.traject_afsluiten, traject=traject, user=request.user)
    if submit(
        request,
        form,
        action,
        success="Het traject is afgesloten met de bestemming.",
        failure="Het traject is niet afgesloten. Bekijk het formulier.",
    ):
        return redirect("rmc:begeleiding", pk=leerling.pk)
    return _begeleiding_render(request, leerling, status=400, afsluiten_form=form)


@require_any_perm("woongemeente_inzien")
@require_POST
def elders(request, pk: int):
    leerling = selectors.gemeente_leerling_get(user=request.user, pk=pk)
    form = forms.EldersForm(request.POST)
    action = partial(leerling_services.elders_record, leerling=leerling, user=request.user)
    if submit(
        request,
        form,
        action,
        success="De bestemming Elders is vastgelegd.",
        failure="De bestemming is niet vastgelegd. Bekijk het formulier.",
    ):
        return redirect("rmc:begeleiding", pk=leerling.pk)
    return _begeleiding_render(request, leerling, status=400, elders_form=form)


@require_any_perm("woongemeente_inzien")
@require_http_methods(["GET", "POST"])
def contactgegevens(request, pk: int):
    leerling = selectors.gemeente_leerling_get(user=request.user, pk=pk)
    initial = {veld: getattr(leerling, veld) for veld in leerling_services.CONTACT_VELDEN}
    form = forms.ContactgegevensForm(request.POST or None, initial=initial)
    action = partial(leerling_services.leerling_contact_update, leerling=leerling, user=request.user)
    if request.method == "POST" and submit(
        request,
        form,
        action,
        success="De contactgegevens zijn opgeslagen.",
        failure="De contactgegevens zijn niet opgeslagen. Bekijk het formulier.",
    ):
        return redirect("rmc:begeleiding", pk=leerling.pk)
    audit.log_reads(request, [leerling], actie=audit.PAGINA)
    return render(
        request,
        "rmc/contactgegevens.html",
        {"leerling": leerling, "form": form},
        status=400 if request.method == "POST" else 200,
    )


# --- Moves -------------------------------------------------------------------------------------


@require_any_perm("woongemeente_inzien")
@require_http_methods(["GET", "POST"])
def verhuizing(request, pk: int):
    leerling = selectors.gemeente_leerling_get(user=request.user, pk=pk)
    form = forms.VerhuizingForm(
        request.POST or None, initial={"datum": timezone.localdate(), "van_gemeente_id": leerling.woongemeente_id}
    )
    form.fields["woongemeente"].queryset = form.fields["woongemeente"].queryset.exclude(pk=leerling.woongemeente_id)
    action = partial(leerling_services.leerling_verhuizen, leerling=leerling, user=request.user)
    if request.method == "POST" and submit(
        request,
        form,
        action,
        success=lambda _verhuizing: (
            f"De verhuizing naar {form.cleaned_data['woongemeente'].naam} is vastgelegd. "
            "De leerling is nu zichtbaar voor die gemeente."
        ),
    ):
        return redirect("rmc:verhuizingen")
    audit.log_reads(request, [leerling], actie=audit.PAGINA)
    return render(
        request,
        "rmc/verhuizing.html",
        {"leerling": leerling, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@require_any_perm("woongemeente_inzien")
@require_GET
def verhuizingen(request):
    schooljaar = schooljaar_gekozen(request.GET)
    verhuizingen_ = lijst(
        request, VerhuizingFilterSet, selectors.verhuizingen(user=request.user, schooljaar=schooljaar)
    )
    audit.log_reads(request, [v.leerling for v in verhuizingen_.page], actie=audit.LIJST)
    context = {
        "lijst": verhuizingen_,
        "page": verhuizingen_.page,
        "schooljaar": schooljaar,
        "schooljaren": schooljaren(),
    }
    return render(request, "rmc/verhuizingen.html", context)


# --- Inzage: what the municipality holds about a pupil living there ---------------------------


@require_any_perm("woongemeente_inzien")
@require_GET
def inzage(request, pk: int):
    leerling = selectors.gemeente_leerling_get(user=request.user, pk=pk)
    return inzage_response(request, leerling=leerling, organisatie=leerling.woongemeente, naam=_inzage_naam(leerling))


@require_any_perm("woongemeente_inzien")
@require_GET
def inzage_pdf(request, pk: int):
    leerling = selectors.gemeente_leerling_get(user=request.user, pk=pk)
    return inzage_response(
        request, leerling=leerling, organisatie=leerling.woongemeente, formaat="pdf", naam=_inzage_naam(leerling)
    )


def _inzage_naam(leerling) -> str:
    return f"inzage-gemeente-leerling-{leerling.pk}"
