"""The pupil's part A of the transfer form and programme wishes in the portal
(`/mijn/<pk>/formulier/`, `/mijn/<pk>/wensen/`): the pupil edits while the form is not final, a
parent reads."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from doorstroom.forms import FormulierForm
from doorstroom.models import Doorstroomformulier, FormulierStatus
from doorstroom.selectors import weergave
from doorstroom.services import (
    DEEL_A_VELDEN,
    ConflictError,
    doorstroomformulier_deel_a_inleveren,
    doorstroomformulier_deel_a_opslaan,
)
from voroc import audit, policy
from voroc.forms_flow import run, submit

from . import deel_a
from .eigen import eigen_leerling
from .forms_ouder import WensenForm

# The order in which the pupil reads and fills in part A (every field of part A, a test checks).
VOLGORDE = (
    "motivatie",
    "beroepswensen",
    "keuze_voorbereiding",
    "sterke_punten",
    "stage_werkervaring",
    "lob_activiteiten",
    "lob_open_dagen",
    "lob_meeloopdagen",
    "lob_reflectie",
    "lob_paspoort_pdf",
)


def _deel_a_pagina(request, pk: int):
    """The pupil, the relation, and the pupil's form (None when not started); 403 without part A."""
    leerling = eigen_leerling(request.user, pk)
    zicht = policy.zicht(request.user, leerling)
    if not zicht.deel_a:
        raise PermissionDenied
    formulier = Doorstroomformulier.objects.filter(leerling=leerling).first()
    audit.record_reads(request, {leerling.pk: zicht}, actie=audit.PAGINA)
    return leerling, policy.eigen_relatie(request.user, leerling.pk), formulier


def _velden(formulier):
    return [
        {
            "label": Doorstroomformulier._meta.get_field(naam).verbose_name,
            "naam": naam,
            "waarde": weergave(formulier, naam) if formulier else "",
        }
        for naam in VOLGORDE
    ]


@login_required
@require_http_methods(["GET", "POST"])
def deel_a_formulier(request, pk: int):
    leerling, relatie, formulier = _deel_a_pagina(request, pk)
    mag_bewerken = relatie == policy.Relatie.LEERLING and (
        formulier is None or formulier.status != FormulierStatus.DEFINITIEF
    )
    if request.method == "POST" and relatie != policy.Relatie.LEERLING:
        raise PermissionDenied  # a parent reads part A, never changes it
    form = None
    if mag_bewerken:
        versie = formulier.versie if formulier else 1
        form = FormulierForm(
            request.POST if request.method == "POST" else None,
            request.FILES if request.method == "POST" else None,
            instance=formulier or Doorstroomformulier(leerling=leerling),
            velden=set(DEEL_A_VELDEN),
            initial={"versie": versie},
        )
        for naam in VOLGORDE:
            form.fields[naam].required = False
        form.order_fields(VOLGORDE)
    status = 200
    if request.method == "POST":
        if not mag_bewerken:
            messages.error(
                request, "Je formulier is al definitief gemaakt door school. Je kunt het niet meer wijzigen."
            )
            return redirect("portaal:deel_a", pk=leerling.pk)
        if form.is_valid():
            data = form.service_data(request.FILES)

            def opslaan(*, versie, **_rest):
                return doorstroomformulier_deel_a_opslaan(
                    leerling=leerling, leerling_account=request.user, data=data, versie=versie
                )

            try:
                done = submit(
                    request, form, opslaan, success="Je antwoorden zijn opgeslagen.", passthrough=(ConflictError,)
                )
            except ConflictError:
                messages.error(
                    request,
                    "Iemand anders heeft je formulier net opgeslagen. Je ziet nu de nieuwste versie. "
                    "Vul je wijziging opnieuw in.",
                )
                return redirect("portaal:deel_a", pk=leerling.pk)
            if done:
                if request.POST.get("actie") == "inleveren":
                    run(
                        request,
                        lambda: doorstroomformulier_deel_a_inleveren(leerling=leerling, leerling_account=request.user),
                        success="Je deel is naar school gestuurd. Je mentor of decaan kijkt ernaar.",
                    )
                return redirect("portaal:deel_a", pk=leerling.pk)
        status = 400
    return render(
        request,
        "portaal/deel_a.html",
        {
            "leerling": leerling,
            "formulier": formulier,
            "form": form,
            "velden": _velden(formulier),
            "is_leerling": relatie == policy.Relatie.LEERLING,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def wensen(request, pk: int):
    leerling, relatie, _formulier = _deel_a_pagina(request, pk)
    gekozen = list(deel_a.opleidingswensen_van(user=request.user, leerling=leerling))
    omgezet = any(w.omgezet_in_id for w in gekozen)
    mag_kiezen = relatie == policy.Relatie.LEERLING and not omgezet
    if request.method == "POST" and relatie != policy.Relatie.LEERLING:
        raise PermissionDenied
    form = None
    status = 200
    if mag_kiezen:
        initial = {naam: w.opleiding_id for naam, w in zip(("eerste", "tweede"), gekozen, strict=False)}
        form = WensenForm(
            request.POST if request.method == "POST" else None,
            initial=initial,
            opleidingen=deel_a.opleidingen_te_kiezen(),
        )
        if request.method == "POST":

            def opslaan(**_cleaned):
                return deel_a.opleidingswensen_opslaan(
                    leerling=leerling, leerling_account=request.user, opleidingen=form.opleidingen()
                )

            if submit(request, form, opslaan, success="Je wensen zijn opgeslagen. Je decaan ziet ze nu."):
                return redirect("portaal:wensen", pk=leerling.pk)
            status = 400
    elif request.method == "POST":
        messages.error(request, "Je school heeft je wensen al omgezet in aanmeldingen. Vraag je decaan.")
        return redirect("portaal:wensen", pk=leerling.pk)
    return render(
        request,
        "portaal/deel_a_wensen.html",
        {
            "leerling": leerling,
            "wensen": gekozen,
            "form": form,
            "omgezet": omgezet,
            "is_leerling": relatie == policy.Relatie.LEERLING,
        },
        status=status,
    )
