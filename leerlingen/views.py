from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from voroc import policy
from voroc.audit import log_access
from voroc.permissions import LEERLINGEN_INZIEN, require_any_perm

from . import selectors

PAGE_SIZE = 50


@require_any_perm(*LEERLINGEN_INZIEN)
@require_GET
def leerling_list(request):
    schooljaar = selectors.schooljaar_actief()
    zoek = request.GET.get("q", "")[:100]
    leerlingen = selectors.leerling_list(user=request.user, schooljaar=schooljaar, zoek=zoek)
    page = Paginator(leerlingen, PAGE_SIZE).get_page(request.GET.get("page"))
    template = "leerlingen/_list_rows.html" if request.htmx else "leerlingen/list.html"
    return render(request, template, {"page": page, "zoek": zoek, "schooljaar": schooljaar})


@require_any_perm(*LEERLINGEN_INZIEN)
@require_GET
def leerling_detail(request, pk: int):
    leerling = selectors.leerling_get(user=request.user, pk=pk)
    log_access(request, leerling)
    context = {
        "leerling": leerling,
        "formulier": getattr(leerling, "doorstroomformulier", None),
        "aanmeldingen": selectors.leerling_aanmeldingen(user=request.user, leerling=leerling),
        "tijdlijn": selectors.leerling_tijdlijn(user=request.user, leerling=leerling),
        "meldingen": selectors.leerling_meldingen(user=request.user, leerling=leerling),
        "mag_bewerken": policy.can_edit_leerling(request.user, leerling),
        "ziet_zorg": policy.can_see_zorg(request.user, leerling),
    }
    return render(request, "leerlingen/detail.html", context)
