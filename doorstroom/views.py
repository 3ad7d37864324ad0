"""The doorstroomformulier in the browser: edit per section, conflicts, read-only view, PDF and PDF batches."""

import copy

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from aanmelding.selectors_school import aanmeldingen_van
from leerlingen.models import Leerling
from leerlingen.selectors import schooljaar_actief
from voroc import audit, policy
from voroc.forms_flow import run, submit
from voroc.pdf import pdf_filename, render_to_pdf
from voroc.permissions import LEERLINGEN_INZIEN, require_any_perm

from . import selectors, services
from .forms import FormulierForm, HeropenForm
from .models import FormulierStatus, PdfBatchStatus

SCHOOL_INZIEN = ("leerlingen_alle_inzien", "leerlingen_mentorgroep_inzien")
BEWERKEN = ("leerlingen_bewerken", "zorg_bewerken")


def _formulier_context(request, leerling, formulier, form=None, **extra):
    return {
        "leerling": leerling,
        "formulier": formulier,
        "form": form,
        "secties": selectors.secties_weergave(formulier=formulier, user=request.user, form=form),
        "mag_afronden": policy.has_perm(request.user, "leerlingen_bewerken", leerling.school_id),
        "heropen_form": HeropenForm(),
        "ontbrekend": [str(formulier._meta.get_field(f).verbose_name) for f in services.ontbrekende_velden(formulier)],
        **extra,
    }


@require_any_perm(*LEERLINGEN_INZIEN)
@require_GET
def formulier_detail(request, pk: int):
    """The form of one pupil: editable for the school while concept, otherwise read-only."""
    leerling = selectors.leerling_get(user=request.user, pk=pk)
    formulier = selectors.formulier_voor_gebruiker(user=request.user, leerling=leerling)
    audit.log_reads(request, [leerling], actie=audit.PAGINA)
    velden = selectors.bewerkbaar(user=request.user, formulier=formulier)
    form = None
    if velden:
        form = FormulierForm(instance=formulier, velden=velden, initial={"versie": formulier.versie})
    return render(request, "doorstroom/formulier.html", _formulier_context(request, leerling, formulier, form))


def _verschillen(form, data: dict, opgeslagen) -> list[dict]:
    """Per field the user submitted: their value against the stored one, where they differ."""
    rows = []
    for naam, mijn in data.items():
        stored = getattr(opgeslagen, naam)
        if naam == "lob_paspoort_pdf":
            if not mijn and not stored:
                continue
            rows.append(
                {
                    "label": form.fields[naam].label,
                    "mijn": "nieuw bestand" if mijn else "—",
                    "opgeslagen": selectors.weergave(opgeslagen, naam),
                }
            )
            continue
        if (mijn or None) == (stored or None):
            continue
        rows.append(
            {
                "label": form.fields[naam].label,
                "mijn": selectors.weergave(opgeslagen, naam, waarde=mijn),
                "opgeslagen": selectors.weergave(opgeslagen, naam),
            }
        )
    return rows


@require_any_perm(*BEWERKEN)
@require_POST
def formulier_opslaan(request, pk: int):
    """Save as concept. A stale version gives the conflict page with both versions; nothing is overwritten."""
    leerling = selectors.leerling_get(user=request.user, pk=pk)
    formulier = selectors.formulier_voor_gebruiker(user=request.user, leerling=leerling)
    velden = selectors.bewerkbare_velden(user=request.user, leerling=leerling)
    if not velden:
        raise PermissionDenied
    if formulier.status == FormulierStatus.DEFINITIEF:
        messages.error(request, "Dit formulier is definitief. Heropen het om het te wijzigen.")
        return redirect("doorstroom:formulier", pk=leerling.pk)
    form = FormulierForm(request.POST, request.FILES, instance=formulier, velden=velden)
    if not form.is_valid():
        messages.error(request, "Het formulier is niet opgeslagen: controleer de gemarkeerde velden.")
        return render(
            request, "doorstroom/formulier.html", _formulier_context(request, leerling, formulier, form), status=400
        )
    data = form.service_data(request.FILES)

    def opslaan(*, versie, **_rest):
        bestaand = services.formulier_voor(leerling=leerling)
        services.formulier_save(formulier=bestaand, user=request.user, versie=versie, data=data)

    try:
        done = submit(
            request,
            form,
            opslaan,
            success="Het formulier is als concept opgeslagen.",
            passthrough=(services.ConflictError,),
        )
    except services.ConflictError as conflict:
        opgeslagen = conflict.opgeslagen
        opgeslagen.leerling = leerling
        verschillen = _verschillen(form, data, opgeslagen)
        post = request.POST.copy()
        post["versie"] = str(opgeslagen.versie)
        # The form works on a copy: binding it must not change the stored version we show beside it.
        opnieuw = FormulierForm(post, instance=copy.copy(opgeslagen), velden=velden)
        opnieuw.is_valid()
        context = _formulier_context(
            request,
            leerling,
            opgeslagen,
            opnieuw,
            conflict={
                "melding": conflict.message,
                "verschillen": verschillen,
                "door": opgeslagen.gewijzigd_door,
                "op": opgeslagen.gewijzigd,
                "bestand_kwijt": "lob_paspoort_pdf" in request.FILES,
            },
        )
        return render(request, "doorstroom/formulier.html", context, status=409)
    if not done:
        return render(
            request, "doorstroom/formulier.html", _formulier_context(request, leerling, formulier, form), status=400
        )
    if request.POST.get("actie") == "definitief":
        # "Definitief maken" is a button of this form: the text just typed is saved first (above),
        # then the form is finalised; if that is refused (incomplete), the text stays saved.
        run(
            request,
            lambda: services.formulier_definitief_maken(
                formulier=services.formulier_voor(leerling=leerling), user=request.user
            ),
            success="Het formulier is definitief gemaakt.",
        )
    return redirect(reverse("doorstroom:formulier", kwargs={"pk": leerling.pk}))


def _formulier_van_leerling(request, pk):
    leerling = selectors.leerling_get(user=request.user, pk=pk)
    formulier = selectors.formulier_voor_gebruiker(user=request.user, leerling=leerling)
    if formulier.pk is None:
        raise Http404
    return leerling, formulier


@require_any_perm("leerlingen_bewerken")
@require_POST
def formulier_definitief(request, pk: int):
    leerling, formulier = _formulier_van_leerling(request, pk)
    run(
        request,
        lambda: services.formulier_definitief_maken(formulier=formulier, user=request.user),
        success="Het formulier is definitief gemaakt.",
    )
    return redirect("doorstroom:formulier", pk=leerling.pk)


@require_any_perm("leerlingen_bewerken")
@require_POST
def formulier_heropenen(request, pk: int):
    leerling, formulier = _formulier_van_leerling(request, pk)
    form = HeropenForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Geef aan waarom het formulier wordt heropend.")
        return redirect("doorstroom:formulier", pk=leerling.pk)
    run(
        request,
        lambda: services.formulier_heropenen(formulier=formulier, user=request.user, reden=form.cleaned_data["reden"]),
        success="Het formulier is heropend; de reden staat bij de terugkoppeling.",
    )
    return redirect("doorstroom:formulier", pk=leerling.pk)


@require_any_perm(*LEERLINGEN_INZIEN)
@require_GET
def lob_paspoort(request, pk: int):
    """The uploaded LOB-paspoort, only through this scoped view (never via MEDIA_URL); logged."""
    formulier = selectors.formulier_get(user=request.user, pk=pk)
    if not formulier.lob_paspoort_pdf:
        raise Http404
    audit.log_reads(request, [formulier.leerling], actie=audit.PDF)
    try:
        handle = formulier.lob_paspoort_pdf.open("rb")
    except FileNotFoundError:
        raise Http404
    return FileResponse(
        handle,
        as_attachment=True,
        filename=pdf_filename("lob-paspoort", formulier.leerling.volledige_naam),
        content_type="application/pdf",
    )


def _aanmeldingen_zichtbaar(user, leerling) -> list:
    """The applications the form PDF lists (the programmes and institutions applied to), when the
    visibility table lets the user see them."""
    if not policy.zicht(user, leerling).aanmeldingen:
        return []
    return list(aanmeldingen_van(user=user, leerling=leerling))


@require_any_perm(*LEERLINGEN_INZIEN)
@require_GET
def formulier_pdf(request, pk: int):
    formulier = selectors.formulier_get(user=request.user, pk=pk)
    audit.log_reads(request, [formulier.leerling], actie=audit.PDF)
    context = {
        "leerling": formulier.leerling,
        "formulier": formulier,
        "secties": selectors.secties_weergave(formulier=formulier, user=request.user),
        "aanmeldingen": _aanmeldingen_zichtbaar(request.user, formulier.leerling),
        "gemaakt_op": timezone.now(),
        "kijker": request.user,  # whose scope the parents' views are read in (portaal's tag)
    }
    response = HttpResponse(render_to_pdf("doorstroom/pdf/formulier.html", context), content_type="application/pdf")
    naam = pdf_filename("doorstroomformulier", formulier.leerling.volledige_naam)
    response["Content-Disposition"] = f'attachment; filename="{naam}"'
    return response


@require_any_perm(*SCHOOL_INZIEN)
@require_http_methods(["GET", "POST"])
def batch_nieuw(request):
    """Choose a class (or tick pupils of it) and queue a PDF of their forms."""
    from .forms import BatchForm

    schooljaar = schooljaar_actief()
    klassen = selectors.klassen_voor(user=request.user, schooljaar=schooljaar)
    klas = (request.POST.get("klas") or request.GET.get("klas") or "")[:20]
    scoped = Leerling.objects.for_user(request.user).filter(policy.leerling_school_gemeente_q(request.user))
    if schooljaar is not None:
        scoped = scoped.filter(schooljaar=schooljaar)
    klas_leerlingen = scoped.filter(klas=klas).order_by("achternaam", "voornaam", "pk") if klas else scoped.none()
    if request.method == "POST":
        form = BatchForm(request.POST, leerlingen=scoped.select_related("school"))
        if form.is_valid():
            omschrijving = form.cleaned_data["omschrijving"] or (f"Klas {klas}" if klas else "Selectie")
            if done := submit(
                request,
                form,
                lambda *, leerling, **_rest: services.pdf_batch_request(
                    leerlingen=leerling, omschrijving=omschrijving, user=request.user
                ),
                success="De pdf-bundel wordt gemaakt. U kunt hem hier downloaden zodra hij klaar is.",
            ):
                return redirect("doorstroom:batch_status", pk=done.value.pk)
    else:
        getoond = list(klas_leerlingen)
        audit.log_reads(request, getoond, actie=audit.LIJST)
        form = BatchForm(initial={"leerling": getoond}, leerlingen=klas_leerlingen)
    return render(
        request,
        "doorstroom/batch_nieuw.html",
        {
            "form": form,
            "klassen": klassen,
            "klas": klas,
            "klas_leerlingen": klas_leerlingen,
            "batches": selectors.pdf_batches_van(user=request.user)[:10],
        },
    )


@require_any_perm(*SCHOOL_INZIEN)
@require_GET
def batch_status(request, pk: int):
    batch = get_object_or_404(selectors.pdf_batches_van(user=request.user), pk=pk)
    template = "doorstroom/_batch_status.html" if request.htmx else "doorstroom/batch_status.html"
    return render(
        request,
        template,
        {
            "batch": batch,
            "klaar": batch.status == PdfBatchStatus.KLAAR,
            "bezig": batch.status in (PdfBatchStatus.WACHTRIJ, PdfBatchStatus.BEZIG),
        },
    )


@require_any_perm(*SCHOOL_INZIEN)
@require_GET
def batch_download(request, pk: int):
    """Only the user who asked for the batch may download it; every pupil in it is logged."""
    batch = get_object_or_404(selectors.pdf_batches_van(user=request.user), pk=pk, status=PdfBatchStatus.KLAAR)
    if not batch.bestand:
        raise Http404
    audit.log_reads(request, batch.leerlingen.all(), actie=audit.PDF)
    try:
        handle = batch.bestand.open("rb")
    except FileNotFoundError:
        raise Http404
    return FileResponse(
        handle,
        as_attachment=True,
        filename=pdf_filename("doorstroomformulieren", batch.omschrijving, day=timezone.localdate(batch.gereed_op)),
        content_type="application/pdf",
    )
