"""Parents in the portal: the pupil's list of parents (invite and remove from 16), a parent's
view on the form (zienswijze), a parent's choice of messages, and "Code invoeren" (a signed-in
portal account adds a child with a parent's code). Every page about a pupil carries it in the URL
(`/mijn/<pk>/...`, portaal/eigen.py)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from voroc import audit, policy
from voroc.forms_flow import run, submit

from . import ouders, services
from .activatie import GEBLOKKEERD, pogingen_sleutels
from .eigen import eigen_leerling
from .forms_ouder import KindCodeForm, MeldingenForm, OuderUitnodigenForm, ZienswijzeForm
from .models import Relatie, Toegang


def ouder_uitnodigen_verwerken(request, leerling, *, success: str, terug: str, template: str, context):
    """The POST of "invite a parent", from the pupil's own page and from the school's page of the
    pupil: only for who manages the pupil's parents (else 403); the invitation through
    `ouders.ouder_uitnodigen`; on success back to `terug`, else the page again with the form's
    errors (`context(request, leerling, form)`, status 400)."""
    if not ouders.mag_ouders_beheren(request.user, leerling):
        raise PermissionDenied
    form = OuderUitnodigenForm(request.POST)

    def uitnodigen(*, email):
        return ouders.ouder_uitnodigen(leerling=leerling, email=email, user=request.user)

    if submit(request, form, uitnodigen, success=success):
        return redirect(terug)
    audit.log_reads(request, [leerling], actie=audit.PAGINA)
    return render(request, template, context(request, leerling, form), status=400)


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
def ouders_lijst(request, pk: int):
    """The pupil's parents with access and open invitations (part TOEGANG: the pupil, not a parent)."""
    leerling = eigen_leerling(request.user, pk, relatie=Relatie.LEERLING)
    audit.log_reads(request, [leerling], actie=audit.PAGINA)
    return render(request, "portaal/ouders.html", _ouders_context(request, leerling))


@login_required
@require_POST
def ouder_uitnodigen(request, pk: int):
    leerling = eigen_leerling(request.user, pk, relatie=Relatie.LEERLING)
    return ouder_uitnodigen_verwerken(
        request,
        leerling,
        success="De uitnodiging is verstuurd. De code is twee weken geldig.",
        terug=reverse("portaal:ouders", kwargs={"pk": leerling.pk}),
        template="portaal/ouders.html",
        context=_ouders_context,
    )


@login_required
@require_POST
def ouder_verwijderen(request, pk: int, toegang: int):
    leerling = eigen_leerling(request.user, pk, relatie=Relatie.LEERLING)
    if not ouders.mag_ouders_beheren(request.user, leerling):
        raise PermissionDenied
    rij = get_object_or_404(
        Toegang.objects.filter(policy.toegang_q(request.user)), pk=toegang, leerling=leerling, relatie=Relatie.OUDER
    )
    run(
        request,
        lambda: ouders.ouder_verwijderen(toegang=rij, user=request.user),
        success="Deze ouder kan je dossier niet meer bekijken.",
    )
    return redirect("portaal:ouders", pk=leerling.pk)


@login_required
@require_http_methods(["GET", "POST"])
def zienswijze(request, pk: int):
    """A parent writes a view on the form; the pupil reads the parents' views."""
    leerling = eigen_leerling(request.user, pk)
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
            return redirect("portaal:zienswijze", pk=leerling.pk)
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
def ouder_berichten(request, pk: int):
    """A parent chooses, per child, whether to receive the same messages as the pupil."""
    leerling = eigen_leerling(request.user, pk, relatie=Relatie.OUDER)
    toegang = get_object_or_404(
        Toegang, user=request.user, leerling=leerling, relatie=Relatie.OUDER, ingetrokken_op__isnull=True
    )
    form = MeldingenForm(request.POST if request.method == "POST" else None, initial={"meldingen": toegang.meldingen})
    if request.method == "POST":

        def kiezen(*, meldingen):
            return ouders.ouder_meldingen_kiezen(user=request.user, leerling=leerling, meldingen=meldingen)

        if submit(request, form, kiezen, success="Uw keuze is opgeslagen."):
            return redirect("portaal:ouder_berichten", pk=leerling.pk)
    audit.log_reads(request, [leerling], actie=audit.PAGINA)
    return render(request, "portaal/ouder_berichten.html", {"leerling": leerling, "form": form})


@never_cache
@sensitive_post_parameters("code")
@login_required
@require_http_methods(["GET", "POST"])
def code_invoeren(request):
    """ "Code invoeren": a signed-in portal account (a parent) adds a child with the code from the
    invitation and the child's date of birth (`ouders.toegang_voor_code`, the activation page's
    core and attempt limit). Also for an account whose accesses were all revoked; never for staff
    (403)."""
    if not request.user.portaal:
        raise PermissionDenied
    form = KindCodeForm(request.POST or None, initial={"code": request.GET.get("code", "")[:40]})
    sleutels = pogingen_sleutels(request)
    if services.geblokkeerd(sleutels):
        return render(request, "portaal/code_invoeren.html", {"form": form, "geblokkeerd": GEBLOKKEERD}, status=429)
    status = 200
    if request.method == "POST":

        def toevoegen(*, code, geboortedatum):
            return ouders.toegang_voor_code(
                code=code, geboortedatum=geboortedatum, user=request.user, sleutels=sleutels
            )

        outcome = submit(request, form, toevoegen, success="Gelukt. U kunt nu ook het dossier van dit kind bekijken.")
        if outcome:
            return redirect("portaal:leerling", pk=outcome.value.leerling_id)
        if isinstance(outcome.error, services.Geblokkeerd):
            return render(request, "portaal/code_invoeren.html", {"form": form, "geblokkeerd": GEBLOKKEERD}, status=429)
        status = 400
    return render(request, "portaal/code_invoeren.html", {"form": form}, status=status)
