"""The pupil's (and parent's) own pages under /mijn/: status and timeline, who opened the file.

A page is for a portal account with an active access only (else 403, as a staff page refuses a
portal account); a pupil is reached through `policy.eigen_leerling_q` only (another pupil: 404)
and what the page shows of it through `policy.zicht`. Every page logs the read of the pupil.
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from aanmelding.models import DocumentSoort
from voroc import audit, policy

from . import selectors
from .eigen import enige_leerling
from .stappen import volgende_stap

WIE_ZAG_PER_PAGINA = 25


def portaal_required(view):
    """Signed in with an active access to some pupil's file (a pupil's or a parent's account)."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not policy.viewer(request.user).grants.eigen_leerlingen:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _leerling(request, pk: int):
    leerling = selectors.eigen_leerling_get(user=request.user, pk=pk)
    leerling.zicht = policy.zicht(request.user, leerling)
    audit.log_reads(request, [leerling], actie=audit.PAGINA)
    return leerling


# The pages a child is chosen for (`?naar=` on /mijn/, from an old URL without the pupil).
# Not the list of parents: that page is the pupil's own, and a pupil has one file (no chooser).
KIESBAAR = ("leerling", "deel_a", "wensen", "zienswijze", "ouder_berichten", "wie_zag")


@portaal_required
@require_GET
def home(request):
    """One pupil: straight to its page; a parent of several children chooses ("Kies het kind")."""
    naar = request.GET.get("naar")
    naar = naar if naar in KIESBAAR else "leerling"
    leerlingen = list(selectors.eigen_leerlingen(user=request.user).order_by("voornaam", "pk"))
    if len(leerlingen) == 1:
        return redirect(f"portaal:{naar}", pk=leerlingen[0].pk)
    audit.log_reads(request, leerlingen, actie=audit.LIJST)
    return render(request, "portaal/home.html", {"leerlingen": leerlingen, "naar": f"portaal:{naar}"})


@login_required
@require_http_methods(["GET", "POST"])
def oude_url(request, naar: str, **kwargs):
    """A page's URL from before the pages carried the pupil (/mijn/formulier/, /mijn/berichten/
    ...): an account with one pupil goes on to that pupil's page (a POST with 307, so that its
    form arrives; the page checks everything again); with several it chooses first on /mijn/."""
    pk = enige_leerling(request.user)
    if pk is not None:
        url = reverse(f"portaal:{naar}", kwargs={"pk": pk, **kwargs})
        if request.method == "POST":
            return redirect(url, preserve_request=True)
        query = request.GET.urlencode()
        return redirect(f"{url}?{query}" if query else url)
    if request.method == "POST":
        messages.error(request, "Kies eerst het kind. Er is niets opgeslagen.")
    home = reverse("portaal:home")
    return redirect(f"{home}?naar={naar}" if naar in KIESBAAR and not kwargs else home)


@portaal_required
@require_GET
def leerling(request, pk: int):
    """Where the pupil stands: applications, intakes, decisions, the timeline, the next step."""
    leerling = _leerling(request, pk)
    zicht = leerling.zicht
    aanmeldingen = selectors.aanmeldingen(user=request.user, leerling=leerling) if zicht.aanmeldingen else []
    tijdlijn = selectors.terugkoppelingen(user=request.user, leerling=leerling, zicht=zicht)
    context = {
        "leerling": leerling,
        "zicht": zicht,
        "aanmeldingen": aanmeldingen,
        "tijdlijn": tijdlijn,
        "documentsoorten": DocumentSoort.choices,
        "stap": volgende_stap(leerling, aanmeldingen, timezone.localdate()),
        "relatie": policy.eigen_relatie(request.user, leerling.pk),
    }
    return render(request, "portaal/leerling.html", context)


@portaal_required
@require_GET
def wie_zag(request, pk: int):
    """Who opened the file: organisation, role and date, never a staff member's name; paged."""
    leerling = _leerling(request, pk)
    if not leerling.zicht.wie_zag:
        raise PermissionDenied
    page = Paginator(selectors.wie_zag(leerling=leerling), WIE_ZAG_PER_PAGINA).get_page(request.GET.get("page"))
    return render(request, "portaal/wie_zag.html", {"leerling": leerling, "page": page})
