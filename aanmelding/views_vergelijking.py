"""Reconciliation with the national statuses: the decaan's and the intaker's page (upload the
national status file, work through the differences) and the school's action on a difference."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from voroc import audit, policy
from voroc.forms_flow import run, submit
from voroc.lists import lijst
from voroc.permissions import require_any_perm

from . import selectors_vergelijking as selectors
from .filters_vergelijking import VergelijkingFilterSet
from .forms_vergelijking import LandelijkBestandForm
from .services_vergelijking import (
    MBO_PERM,
    SCHOOL_PERMS,
    statusvergelijking_create,
    vergelijkingsregel_extern_record,
)


def _pagina(request, *, organisatie_ids, kant: str, terug: str):
    if not organisatie_ids:
        raise PermissionDenied
    form = LandelijkBestandForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        organisatie_ids=organisatie_ids,
    )
    if request.method == "POST" and submit(
        request,
        form,
        lambda *, organisatie, bestand: statusvergelijking_create(
            organisatie=organisatie, bestand=bestand, user=request.user
        ),
        success=lambda v: f"Het bestand is vergeleken: {v.aantal_regels} regel(s) gelezen.",
    ):
        return redirect(terug)
    vergelijking = selectors.vergelijking_laatste(organisatie_ids=organisatie_ids)
    regels = lijst(
        request, VergelijkingFilterSet, selectors.vergelijkingsregels(user=request.user, vergelijking=vergelijking)
    )
    audit.log_reads(request, [r.leerling for r in regels.page], actie=audit.LIJST)
    context = {"form": form, "vergelijking": vergelijking, "lijst": regels, "page": regels.page, "kant": kant}
    return render(request, "aanmelding/vergelijking.html", context, status=400 if form.errors else 200)


@require_any_perm(*SCHOOL_PERMS)
@require_http_methods(["GET", "POST"])
def vergelijking_school(request):
    """The decaan's page: only where the user both applies for pupils and sees all of them."""
    return _pagina(
        request,
        organisatie_ids=policy.organisaties(request.user, *SCHOOL_PERMS),
        kant="school",
        terug="aanmelden:vergelijking",
    )


@require_any_perm(MBO_PERM)
@require_http_methods(["GET", "POST"])
def vergelijking_mbo(request):
    return _pagina(
        request,
        organisatie_ids=policy.organisaties(request.user, MBO_PERM),
        kant="mbo",
        terug="mbo:vergelijking",
    )


@require_any_perm(*SCHOOL_PERMS)
@require_POST
def vergelijking_extern(request, pk: int):
    """Record an application the national exchange knows and VOROC does not as an application
    outside VOROC for the pupil."""
    if not policy.organisaties(request.user, *SCHOOL_PERMS):
        raise PermissionDenied
    regel = selectors.vergelijkingsregel_get(user=request.user, pk=pk)
    run(
        request,
        lambda: vergelijkingsregel_extern_record(regel=regel, user=request.user),
        success="De aanmelding is vastgelegd als aanmelding buiten VOROC.",
    )
    return redirect("aanmelden:vergelijking")
