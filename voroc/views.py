import json

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from leerlingen.selectors import leerling_get
from voroc import policy
from voroc.accounts.models import Lidmaatschap
from voroc.audit import log_access, log_denied
from voroc.dashboard import dashboard_for
from voroc.inzage import inzage_export
from voroc.permissions import LEERLINGEN_INZIEN, require_any_perm


def permission_denied(request, exception=None):
    log_denied(request, 403)
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    log_denied(request, 404)
    return render(request, "404.html", status=404)


@login_required
@require_GET
def home(request):
    context = dashboard_for(request.user)
    context["lidmaatschappen"] = Lidmaatschap.objects.filter(user=request.user).select_related("organisatie", "rol")
    return render(request, "home.html", context)


@require_any_perm(*LEERLINGEN_INZIEN)
@require_GET
def inzage(request, pk: int):
    """The pupil's complete file as JSON, for a request for inspection; only the school's decaan."""
    leerling = leerling_get(user=request.user, pk=pk)
    if not policy.has_perm(request.user, "inzage_verstrekken", leerling.school_id):
        raise PermissionDenied
    log_access(request, leerling, action="inzage-export")
    body = json.dumps(inzage_export(leerling=leerling), cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="inzage-leerling-{leerling.pk}.json"'
    return response
