from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from dossier import hulp as help_content
from dossier.cijfers import cijfers_blok, cijfers_for, tabel_rijen
from dossier.dashboard import dashboard_for, tegels_for
from leerlingen.selectors import leerling_get, schooljaar_actief
from voroc.abbreviations import ABBREVIATIONS
from voroc.accounts.models import Lidmaatschap
from voroc.exports import tabel_response
from voroc.inzage import inzage_response
from voroc.permissions import LEERLINGEN_INZIEN, require_any_perm

# Who has a Cijfers page: the roles with a list to count.
CIJFERS = ("leerlingen_alle_inzien", "leerlingen_mentorgroep_inzien", "aanmeldingen_behandelen", "woongemeente_inzien")


@login_required
@require_GET
def home(request):
    if request.user.portaal:
        # A pupil's or parent's account has no dashboard: its start is its own portal.
        return redirect("portaal:home")
    context = dashboard_for(request.user)
    context["tegels"] = tegels_for(request, context["schooljaar"], gemeente=context.get("gemeente_tellingen"))
    context["lidmaatschappen"] = Lidmaatschap.objects.filter(user=request.user).select_related("organisatie", "rol")
    return render(request, "home.html", context)


@require_any_perm(*CIJFERS)
@require_GET
def cijfers(request):
    """Each role's figures as charts with their tables, every number a link to the list behind it
    (dossier/cijfers.py). Counts only, no pupil: no read is logged. The servicedesk and the regional
    monitor (who has /rapportage/) have no use for it: 403."""
    return render(request, "cijfers.html", cijfers_for(request))


@require_any_perm(*CIJFERS)
@require_GET
def cijfers_export(request, tabel: str):
    """One table of the Cijfers page as CSV (the default) or XLSX (`?formaat=xlsx`), counted as the
    page counts it, in the user's scope; through voroc.exports.tabel_response (counts only, no
    pupil: no read is logged). A table the page does not show the user: 404."""
    schooljaar, blok = cijfers_blok(request, tabel)
    if blok is None:
        raise Http404
    naam = f"cijfers-{slugify(tabel)}-{schooljaar.startjaar}-{timezone.localdate().isoformat()}"
    return tabel_response(
        formaat=request.GET.get("formaat", "csv"),
        naam=naam,
        koppen=blok.koppen,
        rijen=tabel_rijen(blok),
        titel=blok.titel,
    )


@require_any_perm(*LEERLINGEN_INZIEN)
@require_GET
def inzage(request, pk: int):
    """What the pupil's school holds, as JSON, for a request for inspection (the school's decaan)."""
    leerling = leerling_get(user=request.user, pk=pk)
    return inzage_response(request, leerling=leerling, organisatie=leerling.school)


@require_any_perm(*LEERLINGEN_INZIEN)
@require_GET
def inzage_pdf(request, pk: int):
    """The same as a readable PDF for the pupil or parent."""
    leerling = leerling_get(user=request.user, pk=pk)
    return inzage_response(request, leerling=leerling, organisatie=leerling.school, formaat="pdf")


@login_required
@require_GET
def hulp(request):
    """Help for the user's roles: the year's steps with this year's dates, the statuses and their
    national codes, the abbreviations, and how to reach the servicedesk."""
    schooljaar = schooljaar_actief()
    datums = {code: datum for code, _, datum in schooljaar.mijlpalen()} if schooljaar else {}
    if schooljaar:
        datums["mbo_start"] = schooljaar.mbo_start
    rollen = [
        {"rol": rol, "stappen": [{"stap": stap, "datum": datums.get(stap.mijlpaal)} for stap in rol.stappen]}
        for rol in help_content.rollen_voor(request.user)
    ]
    context = {
        "schooljaar": schooljaar,
        "rollen": rollen,
        "statussen": help_content.statussen(),
        "afkortingen": sorted(ABBREVIATIONS.items(), key=lambda item: item[0].lower()),
    }
    return render(request, "dossier/hulp.html", context)
