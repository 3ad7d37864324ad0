"""The school activates its pupils' portal: "Portaal activeren" for one pupil, a class, or all leavers.

For the school's editors who see all its pupils (`leerlingen_bewerken` with `leerlingen_alle_inzien`
at the school: the decaan); others get 403, a pupil of another school 404. Each pupil gets a new
code (an earlier unused one is revoked): on a printable letter (one page per pupil, the codes
shown only there; the read of the pupils is logged as a pdf) or in an invitation mail.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from leerlingen.models import Leerling
from leerlingen.selectors import schooljaar_actief
from voroc import audit, policy
from voroc.forms_flow import submit
from voroc.pdf import pdf_filename, render_to_pdf

from . import selectors, services
from .forms import BRIEF, EMAIL, KLAS, ActiverenGroepForm, ActiverenLeerlingForm
from .mail import activeren_url
from .models import Relatie

ACTIVEREN = ("leerlingen_bewerken", "leerlingen_alle_inzien")


def _scholen(user) -> frozenset[int]:
    return policy.organisaties(user, *ACTIVEREN)


def activeren_required(view):
    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not _scholen(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _leerlingen(user):
    """The pupils the user may activate: in scope through the school, at a school where the user
    holds both permissions."""
    return Leerling.objects.filter(policy.leerling_school_q(user), school_id__in=_scholen(user)).select_related(
        "school", "schooljaar"
    )


def _brief(request, gemaakt) -> HttpResponse:
    """The letters (one page per pupil); the pupils' read is logged."""
    audit.log_reads(request, [leerling for leerling, _, _ in gemaakt], actie=audit.PDF)
    brieven = [
        {"leerling": leerling, "code": services.code_tonen(code), "verloopt_op": rij.verloopt_op}
        for leerling, rij, code in gemaakt
    ]
    pdf = render_to_pdf("portaal/brief_pdf.html", {"brieven": brieven, "adres": activeren_url()})
    naam = "activatiebrief" if len(brieven) > 1 else "activatiebrief-leerling"
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pdf_filename(naam)}"'
    return response


@never_cache
@activeren_required
@require_http_methods(["GET", "POST"])
def leerling_activeren(request, pk: int):
    """One pupil: a letter or an e-mail invitation."""
    leerling = get_object_or_404(_leerlingen(request.user), pk=pk)
    form = ActiverenLeerlingForm(request.POST or None, initial={"manier": BRIEF, "email": leerling.email})
    if request.method == "POST":
        outcome = submit(
            request,
            form,
            lambda manier, email: services.activatiecode_aanmaken(
                leerling=leerling, user=request.user, email=email if manier == EMAIL else ""
            ),
            success=lambda value: "De uitnodiging is verstuurd." if value[0].email else None,
        )
        if outcome:
            rij, code = outcome.value
            if rij.email:
                return redirect("leerlingen:detail", pk=leerling.pk)
            return _brief(request, [(leerling, rij, code)])
    audit.log_reads(request, [leerling], actie=audit.PAGINA)
    context = {
        "leerling": leerling,
        "form": form,
        "open_code": selectors.open_code(leerling=leerling, relatie=Relatie.LEERLING),
        "toegang": leerling.toegangen.filter(relatie=Relatie.LEERLING, ingetrokken_op__isnull=True).first(),
    }
    return render(request, "portaal/activeren_leerling.html", context)


@never_cache
@activeren_required
@require_http_methods(["GET", "POST"])
def groep_activeren(request):
    """A class or all leavers of the active school year (pupils still at school, without an own
    account yet)."""
    schooljaar = schooljaar_actief()
    scope = (
        _leerlingen(request.user)
        .filter(schooljaar=schooljaar, vertrokken_op__isnull=True)
        .exclude(toegangen__relatie=Relatie.LEERLING, toegangen__ingetrokken_op__isnull=True)
    )
    klassen = sorted(set(scope.values_list("klas", flat=True)))
    form = ActiverenGroepForm(request.POST or None, klassen=klassen, initial={"manier": BRIEF})
    if request.method == "POST":

        def maak(wie, klas, manier):
            leerlingen = scope.filter(klas=klas) if wie == KLAS else scope
            return services.activatiecodes_aanmaken(
                leerlingen=list(leerlingen.order_by("klas", "achternaam", "voornaam", "pk")),
                user=request.user,
                email=manier == EMAIL,
            )

        outcome = submit(
            request,
            form,
            maak,
            success=lambda gemaakt: (
                f"{len(gemaakt)} uitnodigingen verstuurd." if gemaakt and gemaakt[0][1].email else None
            ),
        )
        if outcome:
            if outcome.value[0][1].email:
                return redirect("leerlingen:list")
            return _brief(request, outcome.value)
    return render(request, "portaal/activeren_groep.html", {"form": form, "aantal": scope.count()})
