from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from dossier.dashboard import dashboard_for
from leerlingen.selectors import leerling_get
from voroc.accounts.models import Lidmaatschap
from voroc.inzage import inzage_response
from voroc.permissions import LEERLINGEN_INZIEN, require_any_perm


@login_required
@require_GET
def home(request):
    context = dashboard_for(request.user)
    context["lidmaatschappen"] = Lidmaatschap.objects.filter(user=request.user).select_related("organisatie", "rol")
    return render(request, "home.html", context)


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
