"""Applications on the pupil's behalf (school side): find a programme, apply, withdraw, record outside VOROC,
plan and record the warm handover of a placed pupil."""

from functools import partial

from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from voroc import audit
from voroc.forms_flow import run, submit
from voroc.lists import lijst
from voroc.permissions import require_any_perm

from . import selectors_school as selectors
from . import services
from .filters_school import OpleidingZoekFilterSet
from .forms_overdracht import WarmeOverdrachtForm
from .forms_school import AanmeldenForm, ExterneAanmeldingForm, ExterneUitkomstForm, IntrekkenForm
from .services_overdracht import warme_overdracht_gehouden, warme_overdracht_plannen
from .status import POSITIEF, Status

PAGE_SIZE = 20


def _na_deadline(leerling) -> bool:
    return timezone.localdate() > leerling.schooljaar.aanmelddeadline


@require_any_perm("aanmelden")
@require_GET
def opleiding_zoeken(request, pk: int):
    """Search the open programmes for one pupil: a filter form, paginated, fixed query count."""
    leerling = selectors.leerling_voor_aanmelden(user=request.user, pk=pk)
    audit.log_reads(request, [leerling], actie=audit.PAGINA)
    opleidingen = lijst(
        request,
        OpleidingZoekFilterSet,
        selectors.opleiding_zoeken(),
        per_page=PAGE_SIZE,
        instellingen=selectors.instellingen_met_opleidingen(),
    )
    return render(
        request,
        "aanmelding/school/zoeken.html",
        {
            "leerling": leerling,
            "lijst": opleidingen,
            "form": opleidingen.form,
            "page": opleidingen.page,
            "aanmeldingen": selectors.aanmeldingen_van(user=request.user, leerling=leerling),
            "na_deadline": _na_deadline(leerling),
        },
    )


def _bevestig_context(request, leerling, opleiding, form):
    return {
        "leerling": leerling,
        "opleiding": opleiding,
        "form": form,
        "waarschuwing": services.toegang_waarschuwing(leerling=leerling, opleiding=opleiding),
        "bezwaar": services.aanmelden_bezwaar(leerling=leerling, opleiding=opleiding),
        "na_deadline": _na_deadline(leerling),
        "aanmeldingen": selectors.aanmeldingen_van(user=request.user, leerling=leerling),
        "formulier": getattr(leerling, "doorstroomformulier", None),
    }


@require_any_perm("aanmelden")
@require_GET
def aanmelding_bevestigen(request, pk: int, opleiding: int):
    """The confirmation step: shows the level warning (never a block) and late marking."""
    leerling = selectors.leerling_voor_aanmelden(user=request.user, pk=pk)
    opleiding = selectors.opleiding_get(pk=opleiding)
    audit.log_reads(request, [leerling], actie=audit.PAGINA)
    return render(
        request, "aanmelding/school/bevestigen.html", _bevestig_context(request, leerling, opleiding, AanmeldenForm())
    )


def _aangemeld_tekst(aanmelding) -> str:
    tekst = f"Aangemeld voor {aanmelding.opleiding} ({aanmelding.keuze}e keuze)."
    if aanmelding.te_laat:
        tekst += " " + "Na de aanmelddeadline: als te laat gemarkeerd, zonder toelatingsrecht."
    return tekst


@require_any_perm("aanmelden")
@require_POST
def aanmelding_aanmaken(request, pk: int, opleiding: int):
    leerling = selectors.leerling_voor_aanmelden(user=request.user, pk=pk)
    opleiding = selectors.opleiding_get(pk=opleiding)
    form = AanmeldenForm(request.POST)
    action = partial(services.aanmelding_create, leerling=leerling, opleiding=opleiding, user=request.user)
    if submit(request, form, action, success=_aangemeld_tekst):
        return redirect("leerlingen:detail", pk=leerling.pk)
    return render(
        request,
        "aanmelding/school/bevestigen.html",
        _bevestig_context(request, leerling, opleiding, form),
        status=400,
    )


@require_any_perm("aanmelden")
@require_http_methods(["GET", "POST"])
def aanmelding_intrekken(request, pk: int):
    """Withdraw with a confirmation step: GET asks, POST does it."""
    aanmelding = selectors.aanmelding_school_get(user=request.user, pk=pk)
    form = IntrekkenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and submit(
        request,
        form,
        lambda *, bericht, **_rest: services.aanmelding_status_update(
            aanmelding=aanmelding,
            naar=Status.INGETROKKEN,
            user=request.user,
            bericht=bericht or "Ingetrokken door de school.",
        ),
        success=f"De aanmelding voor {aanmelding.opleiding} is ingetrokken.",
    ):
        return redirect("leerlingen:detail", pk=aanmelding.leerling_id)
    audit.log_reads(request, [aanmelding.leerling], actie=audit.PAGINA)
    return render(
        request,
        "aanmelding/school/intrekken.html",
        {"aanmelding": aanmelding, "leerling": aanmelding.leerling, "form": form},
        status=400 if form.errors else 200,
    )


@require_any_perm("aanmelden")
@require_http_methods(["GET", "POST"])
def extern_nieuw(request, pk: int):
    """Record an application to an mbo outside VOROC, with its outcome."""
    leerling = selectors.leerling_voor_aanmelden(user=request.user, pk=pk)
    form = ExterneAanmeldingForm(request.POST if request.method == "POST" else None)
    action = partial(services.externe_aanmelding_record, leerling=leerling, user=request.user)
    if request.method == "POST" and submit(
        request,
        form,
        action,
        success="De aanmelding buiten VOROC is vastgelegd.",
        failure="De aanmelding is niet vastgelegd. Bekijk het formulier.",
    ):
        return redirect("leerlingen:detail", pk=leerling.pk)
    audit.log_reads(request, [leerling], actie=audit.PAGINA)
    return render(
        request,
        "aanmelding/school/extern.html",
        {"leerling": leerling, "form": form, "externe": None},
        status=400 if form.errors else 200,
    )


@require_any_perm("aanmelden")
@require_http_methods(["GET", "POST"])
def extern_wijzigen(request, pk: int):
    externe = selectors.externe_aanmelding_get(user=request.user, pk=pk)
    form = ExterneUitkomstForm(request.POST if request.method == "POST" else None, instance=externe)
    if request.method == "POST" and submit(
        request,
        form,
        lambda *, uitkomst, toelichting, **_rest: services.externe_aanmelding_update(
            externe=externe, uitkomst=uitkomst, toelichting=toelichting, user=request.user
        ),
        success="De uitkomst is vastgelegd.",
    ):
        return redirect("leerlingen:detail", pk=externe.leerling_id)
    audit.log_reads(request, [externe.leerling], actie=audit.PAGINA)
    return render(
        request,
        "aanmelding/school/extern.html",
        {"leerling": externe.leerling, "form": form, "externe": externe},
        status=400 if form.errors else 200,
    )


@require_any_perm("aanmelden")
@require_http_methods(["GET", "POST"])
def warme_overdracht(request, pk: int):
    """Plan (or move) the warm handover of a placed pupil from the school's side; shows what is planned."""
    aanmelding = selectors.aanmelding_school_get(user=request.user, pk=pk)
    overdracht = selectors.warme_overdracht_van(aanmelding=aanmelding)
    if request.method == "POST":
        form = WarmeOverdrachtForm(request.POST)
        action = partial(warme_overdracht_plannen, aanmelding=aanmelding, user=request.user)
        if submit(
            request,
            form,
            action,
            success="Warme overdracht gepland; het mbo ziet de datum.",
            failure="De warme overdracht is niet gepland. Controleer het formulier.",
        ):
            return redirect("leerlingen:detail", pk=aanmelding.leerling_id)
    else:
        initial = {"datum": overdracht.datum, "deelnemers": overdracht.deelnemers} if overdracht else {}
        form = WarmeOverdrachtForm(initial=initial)
    audit.log_reads(request, [aanmelding.leerling], actie=audit.PAGINA)
    return render(
        request,
        "aanmelding/school/warme_overdracht.html",
        {
            "aanmelding": aanmelding,
            "leerling": aanmelding.leerling,
            "overdracht": overdracht,
            "geplaatst": aanmelding.status in POSITIEF,
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@require_any_perm("aanmelden")
@require_POST
def warme_overdracht_gehouden_view(request, pk: int):
    """The planned warm handover took place (recorded by the school)."""
    aanmelding = selectors.aanmelding_school_get(user=request.user, pk=pk)
    if run(
        request,
        partial(warme_overdracht_gehouden, aanmelding=aanmelding, user=request.user),
        success="Warme overdracht vastgelegd als gehouden.",
    ):
        return redirect("leerlingen:detail", pk=aanmelding.leerling_id)
    return redirect("aanmelden:warme_overdracht", pk=aanmelding.pk)
