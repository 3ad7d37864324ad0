"""Parents in the portal: the pupil's list of parents (invite and remove from 16), a parent's
view on the form (zienswijze) and a parent's choice of messages."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from voroc import audit, policy
from voroc.forms_flow import run, submit

from . import ouders
from .eigen import eigen_leerling
from .forms_ouder import MeldingenForm, OuderUitnodigenForm, ZienswijzeForm
from .models import Relatie, Toegang


def _ouders_context(request, leerling, form=None):
    toegangen, uitnodigingen = ouders.ouders_van(user=request.user, leerling=leerling)
    mag = ouders.mag_ouders_beheren(request.user, leerling)
    return {
        "leerling": leerling,
        "toegangen": toegangen,
        "uitnodigingen": uitnodigingen,
        "mag_beheren": mag,
        "vanaf": ouders.ZELF_BEHEREN_VANAF,
        "form": (form or OuderUitnodigenForm()) if mag else None,
    }


@login_required
@require_http_methods(["GET"])
def ouders_lijst(request):
    """The pupil's parents with access and open invitations (part TOEGANG: the pupil, not a parent)."""
    leerling = eigen_leerling(request.user, relatie=Relatie.LEERLING)
    audit.log_reads(request, [leerling], actie=audit.PAGINA)
    return render(request, "portaal/ouders.html", _ouders_context(request, leerling))


@login_required
@require_POST
def ouder_uitnodigen(request):
    leerling = eigen_leerling(request.user, relatie=Relatie.LEERLING)
    if not ouders.mag_ouders_beheren(request.user, leerling):
        raise PermissionDenied
    form = OuderUitnodigenForm(request.POST)

    def uitnodigen(*, email):
        return ouders.ouder_uitnodigen(
            leerling=leerling, email=email, user=request.user, base_url=settings.VOROC_BASE_URL
        )

    if submit(request, form, uitnodigen, success="De uitnodiging is verstuurd. De code is twee weken geldig."):
        return redirect("portaal:ouders")
    audit.log_reads(request, [leerling], actie=audit.PAGINA)
    return render(request, "portaal/ouders.html", _ouders_context(request, leerling, form), status=400)


@login_required
@require_POST
def ouder_verwijderen(request, pk: int):
    leerling = eigen_leerling(request.user, relatie=Relatie.LEERLING)
    if not ouders.mag_ouders_beheren(request.user, leerling):
        raise PermissionDenied
    toegang = get_object_or_404(
        Toegang.objects.filter(policy.toegang_q(request.user)), pk=pk, leerling=leerling, relatie=Relatie.OUDER
    )
    run(
        request,
        lambda: ouders.ouder_verwijderen(toegang=toegang, user=request.user),
        success="Deze ouder kan je dossier niet meer bekijken.",
    )
    return redirect("portaal:ouders")


@login_required
@require_http_methods(["GET", "POST"])
def zienswijze(request):
    """A parent writes a view on the form; the pupil reads the parents' views."""
    leerling = eigen_leerling(request.user)
    zicht = policy.zicht(request.user, leerling)
    if not zicht.deel_a:
        raise PermissionDenied
    is_ouder = policy.eigen_relatie(request.user, leerling.pk) == Relatie.OUDER
    if request.method == "POST" and not is_ouder:
        raise PermissionDenied
    form = ZienswijzeForm(request.POST if request.method == "POST" else None) if is_ouder else None
    status = 200
    if request.method == "POST":

        def toevoegen(*, tekst):
            return ouders.zienswijze_toevoegen(leerling=leerling, user=request.user, tekst=tekst)

        if submit(request, form, toevoegen, success="Uw zienswijze is toegevoegd. De school kan hem nu lezen."):
            return redirect("portaal:zienswijze")
        status = 400
    audit.record_reads(request, {leerling.pk: zicht}, actie=audit.PAGINA)
    return render(
        request,
        "portaal/zienswijze.html",
        {
            "leerling": leerling,
            "zienswijzen": ouders.zienswijzen_van(user=request.user, leerling=leerling),
            "form": form,
            "is_ouder": is_ouder,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def ouder_berichten(request):
    """A parent chooses whether to receive the same messages as the pupil."""
    leerling = eigen_leerling(request.user, relatie=Relatie.OUDER)
    toegang = get_object_or_404(
        Toegang, user=request.user, leerling=leerling, relatie=Relatie.OUDER, ingetrokken_op__isnull=True
    )
    form = MeldingenForm(request.POST if request.method == "POST" else None, initial={"meldingen": toegang.meldingen})
    if request.method == "POST":

        def kiezen(*, meldingen):
            return ouders.ouder_meldingen_kiezen(user=request.user, leerling=leerling, meldingen=meldingen)

        if submit(request, form, kiezen, success="Uw keuze is opgeslagen."):
            return redirect("portaal:ouder_berichten")
    audit.log_reads(request, [leerling], actie=audit.PAGINA)
    return render(request, "portaal/ouder_berichten.html", {"leerling": leerling, "form": form})
