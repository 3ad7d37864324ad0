"""The school's side of the portal, on the pupil's page in the school: the pupil's programme
wishes with "Zet wensen om in aanmeldingen", the parents' access and invitations, the parents'
views. Lives in the portaal app (top layer) because the school's apps may not import it."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from leerlingen.models import Leerling
from voroc import audit, policy
from voroc.forms_flow import run

from . import deel_a, ouders
from .forms_ouder import OuderUitnodigenForm
from .models import Relatie, Toegang
from .views_ouders import ouder_uitnodigen_verwerken

SCHOOL_INZIEN = ("leerlingen_alle_inzien", "leerlingen_mentorgroep_inzien")


def _leerling(request, pk: int) -> Leerling:
    """A pupil seen through the school (the whole school or the mentor group); 403 for a user
    who sees no pupil through a school, 404 outside the scope."""
    if not policy.holds_any(request.user, *SCHOOL_INZIEN):
        raise PermissionDenied
    return get_object_or_404(
        Leerling.objects.filter(policy.leerling_school_q(request.user)).select_related("school", "schooljaar"), pk=pk
    )


def _context(request, leerling, form=None):
    toegangen, uitnodigingen = ouders.ouders_van(user=request.user, leerling=leerling)
    mag_beheren = ouders.mag_ouders_beheren(request.user, leerling)
    wensen = list(deel_a.opleidingswensen_van(user=request.user, leerling=leerling))
    return {
        "leerling": leerling,
        "wensen": wensen,
        "open_wensen": [w for w in wensen if not w.omgezet_in_id],
        "mag_omzetten": policy.has_perm(request.user, "aanmelden", leerling.school_id),
        "toegangen": toegangen,
        "uitnodigingen": uitnodigingen,
        "mag_beheren": mag_beheren,
        "form": (form or OuderUitnodigenForm()) if mag_beheren else None,
        "zienswijzen": ouders.zienswijzen_van(user=request.user, leerling=leerling),
    }


@login_required
@require_GET
def leerling_portaal(request, pk: int):
    leerling = _leerling(request, pk)
    audit.log_reads(request, [leerling], actie=audit.PAGINA)
    return render(request, "portaal/ouder_school.html", _context(request, leerling))


@login_required
@require_POST
def wensen_omzetten(request, pk: int):
    leerling = _leerling(request, pk)
    if not policy.has_perm(request.user, "aanmelden", leerling.school_id):
        raise PermissionDenied
    run(
        request,
        lambda: deel_a.opleidingswensen_omzetten(leerling=leerling, user=request.user),
        success="De wensen zijn omgezet in aanmeldingen en verstuurd naar het mbo.",
    )
    return redirect("portaal_school:leerling", pk=leerling.pk)


@login_required
@require_POST
def ouder_uitnodigen(request, pk: int):
    leerling = _leerling(request, pk)
    return ouder_uitnodigen_verwerken(
        request,
        leerling,
        success="De uitnodiging is per e-mail verstuurd.",
        terug=reverse("portaal_school:leerling", kwargs={"pk": leerling.pk}),
        template="portaal/ouder_school.html",
        context=_context,
    )


@login_required
@require_POST
def ouder_intrekken(request, pk: int, toegang: int):
    leerling = _leerling(request, pk)
    if not ouders.mag_ouders_beheren(request.user, leerling):
        raise PermissionDenied
    rij = get_object_or_404(
        Toegang.objects.filter(policy.toegang_q(request.user)), pk=toegang, leerling=leerling, relatie=Relatie.OUDER
    )
    run(
        request,
        lambda: ouders.ouder_verwijderen(toegang=rij, user=request.user),
        success="De toegang van deze ouder is ingetrokken.",
    )
    return redirect("portaal_school:leerling", pk=leerling.pk)
