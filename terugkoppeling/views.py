"""The notification centre: list, detail, mark read, mark handled, mail preferences. Every
signed-in user has one (a consulent's includes the municipal team's notifications)."""

from functools import partial
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from voroc import audit
from voroc.forms_flow import run, submit
from voroc.lists import lijst

from . import selectors_notificaties as selectors
from . import services_notificaties as services
from .filters import NotificatieFilterSet
from .forms import VoorkeurForm

# The filter values "mark all read" takes over from the list (the page is not one of them).
FILTER_VELDEN = ("q", "filter", "soort", "afhandeling", "van", "tot")


def _filter_query(data) -> str:
    waarden = {k: data.get(k) for k in FILTER_VELDEN if data.get(k)}
    return f"?{urlencode(waarden)}" if waarden else ""


@login_required
@require_GET
def notificatie_list(request):
    notificaties = lijst(request, NotificatieFilterSet, selectors.notificatie_list(user=request.user))
    page = notificaties.page
    open_rijen, open_aantal = selectors.notificaties_af_te_handelen(user=request.user)
    getoond = [n.leerling for n in [*open_rijen, *page] if n.leerling_id and n.leerling_zichtbaar]
    audit.log_reads(request, list({leerling.pk: leerling for leerling in getoond}.values()), actie=audit.LIJST)
    # What "mark all read" takes over: the filters in force (a refused value is not one of them).
    geldig = notificaties.filterset.waarden()
    filters = [(k, request.GET[k]) for k in FILTER_VELDEN if request.GET.get(k) and geldig.get(k) not in (None, "")]
    context = {
        "lijst": notificaties,
        "page": page,
        "af_te_handelen": open_rijen,
        "af_te_handelen_aantal": open_aantal,
        "filters": filters,
    }
    return render(request, "terugkoppeling/list.html", context)


@login_required
@require_GET
def notificatie_detail(request, pk: int):
    notificatie = selectors.notificatie_get(user=request.user, pk=pk)
    context = {"notificatie": notificatie, "terugkoppeling": None, "werk": None, "werk_aantal": 0}
    if notificatie.leerling_id and notificatie.leerling_zichtbaar:
        zicht = audit.log_reads(request, [notificatie.leerling], actie=audit.PAGINA)[notificatie.leerling_id]
        terugkoppeling = selectors.notificatie_terugkoppeling(user=request.user, notificatie=notificatie)
        # The event's text only if the visibility table lets the user see its part of the file.
        context["terugkoppeling"] = (
            terugkoppeling if terugkoppeling and zicht.toont_terugkoppeling(terugkoppeling) else None
        )
    if notificatie.herinnering_id:
        context["werk"], context["werk_aantal"] = selectors.herinnering_werk(user=request.user, notificatie=notificatie)
        audit.log_reads(request, [getattr(rij, "leerling", rij) for rij in context["werk"]], actie=audit.LIJST)
    return render(request, "terugkoppeling/detail.html", context)


@login_required
@require_POST
def notificatie_gelezen(request, pk: int):
    notificatie = selectors.notificatie_get(user=request.user, pk=pk)
    run(
        request,
        lambda: services.notificatie_mark_read(notificatie=notificatie, user=request.user),
        success="Notificatie gemarkeerd als gelezen.",
    )
    return redirect("terugkoppeling:list")


@login_required
@require_POST
def notificatie_afgehandeld(request, pk: int):
    notificatie = selectors.notificatie_get(user=request.user, pk=pk)
    run(
        request,
        lambda: services.notificatie_mark_handled(notificatie=notificatie, user=request.user),
        success="Notificatie gemarkeerd als afgehandeld.",
    )
    terug = request.POST.get("terug")
    return redirect("terugkoppeling:detail", pk=pk) if terug == "detail" else redirect("terugkoppeling:list")


@login_required
@require_POST
def notificaties_alle_gelezen(request):
    """Mark read what the list shows under its current filter (all when unfiltered)."""
    filterset = NotificatieFilterSet(
        request.POST, queryset=selectors.notificatie_list(user=request.user), request=request
    )
    run(
        request,
        lambda: services.notificaties_mark_all_read(user=request.user, notificaties=filterset.qs),
        success=lambda aantal: f"{aantal} notificatie(s) gemarkeerd als gelezen.",
    )
    return redirect(reverse("terugkoppeling:list") + _filter_query(request.POST))


@login_required
@require_http_methods(["GET", "POST"])
def voorkeuren(request):
    # The preference in force: the user's own, else the role's default, else the setting.
    initial = {"mail": selectors.mail_voorkeur(request.user)}
    form = VoorkeurForm(request.POST if request.method == "POST" else None, initial=initial)
    action = partial(services.notificatievoorkeur_save, user=request.user)
    if request.method == "POST" and submit(request, form, action, success="Uw voorkeur is opgeslagen."):
        return redirect("terugkoppeling:voorkeuren")
    return render(request, "terugkoppeling/voorkeuren.html", {"form": form})


@login_required
@require_POST
def testmail(request):
    run(
        request,
        lambda: services.testmail_send(user=request.user),
        success=f"Er is een testbericht naar {request.user.email} onderweg.",
    )
    return redirect("terugkoppeling:voorkeuren")
