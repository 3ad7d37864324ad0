"""The regional monitor's report: the page, every table as CSV/XLSX, and the whole as PDF. Only
for holders of `regio_monitoren` (403 for everyone else); it shows counts, never a pupil, so no
read is logged."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from leerlingen.selectors import schooljaar_gekozen, schooljaren
from voroc.exports import tabel_response
from voroc.pdf import pdf_filename, render_to_pdf
from voroc.permissions import require_any_perm

from .rapport import TABELLEN, rapport_maken

MONITOR = "regio_monitoren"
# Rows of a table on the page; a national installation has hundreds of municipalities and a thousand
# programmes, which the downloads (and the PDF) hold in full.
PAGINA_RIJEN = 60


def _rapport(request):
    schooljaar = schooljaar_gekozen(request.GET)
    return schooljaar, rapport_maken(user=request.user, schooljaar=schooljaar)


@require_any_perm(MONITOR)
@require_GET
def regio(request):
    schooljaar, rapport = _rapport(request)
    tabellen = [t.ingekort(PAGINA_RIJEN) for t in rapport.tabellen]
    return render(
        request,
        "rapportage/regio.html",
        {"rapport": rapport, "tabellen": tabellen, "schooljaar": schooljaar, "schooljaren": schooljaren()},
    )


@require_any_perm(MONITOR)
@require_GET
def export(request, tabel: str):
    """One table of the report as CSV (the default) or XLSX, through voroc.exports (cells that a
    spreadsheet would read as a formula are neutralised)."""
    if tabel not in TABELLEN:
        raise Http404
    _, rapport = _rapport(request)
    t = rapport.tabel(tabel)
    if t is None:
        raise Http404
    naam = f"rapportage-{slugify(tabel)}-{rapport.schooljaar.startjaar}-{timezone.localdate().isoformat()}"
    return tabel_response(
        formaat=request.GET.get("formaat", "csv"), naam=naam, koppen=t.koppen, rijen=t.rijen, titel=t.titel
    )


@require_any_perm(MONITOR)
@require_GET
def pdf(request):
    """The whole report with its charts (inline SVG) as a tagged PDF, for the platform's meetings."""
    schooljaar, rapport = _rapport(request)
    if schooljaar is None:
        raise Http404
    inhoud = render_to_pdf("rapportage/regio_pdf.html", {"rapport": rapport})
    response = HttpResponse(inhoud, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pdf_filename("rapportage", str(schooljaar))}"'
    response["Cache-Control"] = "no-store"
    return response
