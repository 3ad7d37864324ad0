import logging
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from kombu.exceptions import OperationalError as KombuOperationalError

from aanmelding import selectors_school as aanmelding_selectors
from aanmelding.selectors import levende_aanmeldingen
from rmc import selectors as rmc_selectors
from terugkoppeling import selectors as terugkoppeling_selectors
from voroc import audit, policy
from voroc.exports import export_response
from voroc.forms_flow import run, submit
from voroc.lists import gefilterd, lijst
from voroc.permissions import LEERLINGEN_INZIEN, require_any_perm
from voroc.tabular import check_upload, read_table

from . import selectors, services, tasks
from .diploma import diploma_rijen_lezen
from .exports import KOLOMMEN, aanmeldingen_aanvullen
from .filters import JuniFilterSet, LeerlingFilterSet, MentorFilterSet, vertrokken_toepassen
from .forms import (
    DiplomaImportForm,
    DiplomaKlasForm,
    EldersForm,
    JuniEldersForm,
    KoppelingForm,
    LeerlingGegevensForm,
    LeerlingimportUploadForm,
    MentorToewijzenForm,
    VertrekForm,
    school_queryset,
)
from .models import ImportStatus, Leerling, Leerlingimport

logger = logging.getLogger(__name__)

PAGE_SIZE = 50


@require_any_perm(*LEERLINGEN_INZIEN)
@require_GET
def leerling_list(request):
    schooljaar = selectors.schooljaar_gekozen(request.GET)
    base = vertrokken_toepassen(
        selectors.leerling_scope(user=request.user, schooljaar=schooljaar),
        request.GET.get("vertrokken", ""),
        request.user,
    )
    leerlingen = lijst(
        request,
        LeerlingFilterSet,
        base,
        per_page=PAGE_SIZE,
        rijen=lambda qs: aanmelding_selectors.with_list_data(qs, user=request.user),
    )
    leerlingen.filterset.facetten()
    page = leerlingen.page
    audit.log_reads(request, page, actie=audit.LIJST)
    context = {
        "lijst": leerlingen,
        "page": page,
        "schooljaar": schooljaar,
        "schooljaren": selectors.schooljaren(),
        "form": leerlingen.form,
        "kan_importeren": bool(selectors.scholen_met_perm(user=request.user, perms=IMPORT_PERMS)),
    }
    template = "leerlingen/_list_rows.html" if request.htmx else "leerlingen/list.html"
    return render(request, template, context)


@require_any_perm(*LEERLINGEN_INZIEN)
@require_GET
def leerling_export(request):
    """The filtered list as CSV or XLSX (voroc.exports: columns by the visibility table, every
    exported pupil in the read log)."""
    schooljaar = selectors.schooljaar_gekozen(request.GET)
    base = vertrokken_toepassen(
        selectors.leerling_scope(user=request.user, schooljaar=schooljaar),
        request.GET.get("vertrokken", ""),
        request.user,
    )
    naam = f"leerlingen-{schooljaar.naam if schooljaar else 'alle'}-{timezone.localdate():%Y%m%d}"
    return export_response(
        request,
        formaat=request.GET.get("formaat", "csv"),
        naam=naam,
        kolommen=KOLOMMEN,
        rijen=gefilterd(request, LeerlingFilterSet, base),
        aanvullen=aanmeldingen_aanvullen(request.user),
        titel="Leerlingen",
    )


@require_any_perm(*LEERLINGEN_INZIEN)
@require_GET
def leerling_detail(request, pk: int):
    leerling = selectors.leerling_get(user=request.user, pk=pk)
    zicht = audit.log_reads(request, [leerling], actie=audit.PAGINA)[leerling.pk]
    context = {
        "leerling": leerling,
        "zicht": zicht,
        "formulier": getattr(leerling, "doorstroomformulier", None),
        "aanmeldingen": aanmelding_selectors.leerling_aanmeldingen(user=request.user, leerling=leerling),
        "terugkoppelingen": [
            e
            for e in terugkoppeling_selectors.terugkoppeling_list(user=request.user, leerling=leerling)
            if zicht.toont_terugkoppeling(e)
        ],
        "meldingen": [
            m for m in rmc_selectors.leerling_meldingen(user=request.user, leerling=leerling) if zicht.toont_melding(m)
        ],
        "mag_bewerken": policy.can_edit_leerling(request.user, leerling),
        "mag_gegevens_bewerken": services.mag_gegevens_bewerken(request.user, leerling),
    }
    return render(request, "leerlingen/detail.html", context)


# --- One pupil by hand ----------------------------------------------------------------


@require_any_perm("leerlingen_bewerken")
@require_http_methods(["GET", "POST"])
def leerling_nieuw(request):
    """Add one pupil (a latecomer) with the import's checks; only who may import may add."""
    scholen = _require_import_school(request)
    form = LeerlingGegevensForm(request.POST or None, scholen=scholen)
    if request.method == "POST" and (
        done := submit(
            request,
            form,
            lambda *, school, **_rest: services.leerling_create(
                school=school, schooljaar=selectors.schooljaar_actief(), gegevens=form.gegevens(), user=request.user
            ),
            success=lambda leerling: f"{leerling.volledige_naam} is toegevoegd.",
        )
    ):
        return redirect("leerlingen:detail", pk=done.value.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "leerlingen/gegevens.html", {"form": form, "leerling": None}, status=status)


@require_any_perm("leerlingen_bewerken")
@require_http_methods(["GET", "POST"])
def leerling_bewerken(request, pk: int):
    """Change one pupil's data with the import's checks (the decaan: who may import)."""
    leerling = selectors.leerling_get(user=request.user, pk=pk)
    if not services.mag_gegevens_bewerken(request.user, leerling):
        raise PermissionDenied
    form = LeerlingGegevensForm(request.POST or None, initial=LeerlingGegevensForm.initial_van(leerling), bewerken=True)
    if request.method == "POST" and submit(
        request,
        form,
        lambda **_rest: services.leerling_update(leerling=leerling, gegevens=form.gegevens(), user=request.user),
        success="De gegevens zijn opgeslagen.",
    ):
        return redirect("leerlingen:detail", pk=leerling.pk)
    audit.log_reads(request, [leerling], actie=audit.PAGINA)
    status = 400 if request.method == "POST" else 200
    return render(request, "leerlingen/gegevens.html", {"form": form, "leerling": leerling}, status=status)


@require_any_perm("leerlingen_bewerken")
@require_http_methods(["GET", "POST"])
def mentor_toewijzen(request):
    """Several pupils (of one class, if chosen) get one mentor in one step. The list (filters,
    sort, page, school year) is in the query string, which the POST keeps."""
    scholen = _require_import_school(request)
    schooljaar = selectors.schooljaar_gekozen(request.GET)
    leerlingen = selectors.bewerkbare_leerlingen(user=request.user, schooljaar=schooljaar).filter(school__in=scholen)
    mentoren = policy.users_with_perm("leerlingen_mentorgroep_inzien", [s.pk for s in scholen]).order_by("naam")
    form = MentorToewijzenForm(request.POST or None, leerlingen=leerlingen, mentoren=mentoren)
    if request.method == "POST" and submit(
        request,
        form,
        lambda *, leerlingen, mentor: services.mentor_toewijzen(
            leerlingen=leerlingen, mentor=mentor, user=request.user
        ),
        success=lambda n: f"Mentor toegewezen aan {n} leerling{'en' if n != 1 else ''}.",
    ):
        return redirect(_zelfde_lijst(request, "leerlingen:mentor_toewijzen"))
    rijen = lijst(request, MentorFilterSet, leerlingen, rijen=lambda qs: qs.select_related("mentor"))
    audit.log_reads(request, rijen.page, actie=audit.LIJST)
    gekozen = {str(pk) for pk in form.data.getlist("leerlingen")} if form.is_bound else set()
    context = {
        "form": form,
        "lijst": rijen,
        "page": rijen.page,
        "gekozen": gekozen,
        "schooljaar": schooljaar,
        "schooljaren": selectors.schooljaren(),
    }
    return render(
        request, "leerlingen/mentor_toewijzen.html", context, status=400 if form.is_bound and form.errors else 200
    )


def _zelfde_lijst(request, name: str) -> str:
    """The list the user came from: the URL with the query string (filters, sort, page, school
    year) re-encoded, never raw input."""
    query = request.GET.urlencode()
    return reverse(name) + (f"?{query}" if query else "")


def _met_schooljaar(request, url: str) -> str:
    """`url` with the school year chosen on the page, if one was chosen."""
    jaar = request.GET.get("schooljaar", "")[:4]
    if not jaar.isdigit():
        return url
    return f"{url}{'&' if '?' in url else '?'}{urlencode({'schooljaar': jaar})}"


# --- Diploma results -------------------------------------------------------------------


def _klas_keuze(request, klassen):
    """The (school id, class) chosen in the query string, if it is one of `klassen`."""
    klas = request.GET.get("klas", "")
    school = request.GET.get("school", "")
    for k in klassen:
        if k["klas"] == klas and str(k["school_id"]) == school:
            return k
    return None


@require_any_perm("leerlingen_bewerken")
@require_http_methods(["GET", "POST"])
def diploma_klas(request):
    """Diploma results of one class in one screen (of the school year chosen)."""
    schooljaar = selectors.schooljaar_gekozen(request.GET)
    klassen = selectors.diploma_klassen(user=request.user, schooljaar=schooljaar)
    gekozen = _klas_keuze(request, klassen)
    form = None
    if gekozen:
        leerlingen = aanmelding_selectors.with_list_data(
            selectors.bewerkbare_leerlingen(user=request.user, schooljaar=schooljaar)
            .filter(school_id=gekozen["school_id"], klas=gekozen["klas"])
            .order_by("achternaam", "voornaam", "pk"),
            user=request.user,
        )
        if request.method == "GET":
            leerlingen = list(leerlingen)
            audit.log_reads(request, leerlingen, actie=audit.LIJST)
        form = DiplomaKlasForm(request.POST or None, leerlingen=leerlingen)
        if request.method == "POST" and submit(
            request,
            form,
            lambda **_rest: services.diploma_resultaten_record(resultaten=form.resultaten(), user=request.user),
            success=lambda n: f"Diplomaresultaten van klas {gekozen['klas']} opgeslagen ({n} gewijzigd).",
        ):
            query = urlencode({"school": gekozen["school_id"], "klas": gekozen["klas"]})
            return redirect(_met_schooljaar(request, f"{reverse('leerlingen:diploma')}?{query}"))
    elif request.method == "POST":
        return HttpResponseBadRequest("Kies een klas.")
    context = {
        "schooljaar": schooljaar,
        "schooljaren": selectors.schooljaren(),
        "klassen": klassen,
        "gekozen": gekozen,
        "form": form,
        "import_form": DiplomaImportForm(scholen=school_queryset({k["school_id"] for k in klassen})),
        "meerdere_scholen": len({k["school_id"] for k in klassen}) > 1,
    }
    return render(request, "leerlingen/diploma.html", context)


@require_any_perm("leerlingen_bewerken")
@require_POST
def diploma_import(request):
    """Diploma results from a CSV file (leerlingnummer;resultaat): all lines or none, for the
    pupils of the school year chosen on the page."""
    schooljaar = selectors.schooljaar_gekozen(request.GET)
    scholen = school_queryset(selectors.scholen_met_perm(user=request.user, perms=("leerlingen_bewerken",)))
    form = DiplomaImportForm(request.POST, request.FILES, scholen=scholen)
    fouten: list[str] = []

    def inlezen(*, school, bestand, **_rest):
        """All lines or none: the results are recorded only when no line has an error."""
        nonlocal fouten
        rows = read_table(bestand.read(), check_upload(bestand, max_bytes=2 * 1024 * 1024))
        leerlingen = {
            leerling.leerlingnummer: leerling
            for leerling in selectors.bewerkbare_leerlingen(user=request.user, schooljaar=schooljaar)
            .filter(school=school)
            .select_related("school")
        }
        resultaten, fouten = diploma_rijen_lezen(rows, leerlingen)
        if fouten:
            return None
        return len(resultaten), services.diploma_resultaten_record(resultaten=resultaten, user=request.user)

    done = submit(
        request,
        form,
        inlezen,
        success=lambda gelezen: gelezen and f"{gelezen[0]} diplomaresultaten ingelezen, {gelezen[1]} gewijzigd.",
    )
    if done and done.value:
        return redirect(_met_schooljaar(request, reverse("leerlingen:diploma")))
    context = {
        "schooljaar": schooljaar,
        "schooljaren": selectors.schooljaren(),
        "klassen": selectors.diploma_klassen(user=request.user, schooljaar=schooljaar),
        "gekozen": None,
        "form": None,
        "import_form": form,
        "import_fouten": fouten,
    }
    if fouten:
        messages.error(request, "Het bestand is niet ingelezen: herstel de fouten en probeer het opnieuw.")
    return render(request, "leerlingen/diploma.html", context, status=400)


# --- Leaving the school ----------------------------------------------------------------


@require_any_perm("leerlingen_bewerken")
@require_http_methods(["GET", "POST"])
def vertrek(request, pk: int):
    """Record that the pupil left the school, or undo it (the same page shows which applies)."""
    leerling = selectors.leerling_get(user=request.user, pk=pk)
    if not policy.has_perm(request.user, "leerlingen_bewerken", leerling.school_id):
        raise PermissionDenied
    form = VertrekForm(request.POST or None, initial={"datum": timezone.localdate()})
    if request.method == "POST" and submit(
        request,
        form,
        lambda *, datum, reden, toelichting: services.leerling_vertrek_record(
            leerling=leerling, datum=datum, reden=reden, toelichting=toelichting, user=request.user
        ),
        success=f"Vertrek vastgelegd voor {leerling.volledige_naam}.",
    ):
        return redirect("leerlingen:detail", pk=leerling.pk)
    audit.log_reads(request, [leerling], actie=audit.PAGINA)
    status = 400 if form.is_bound else 200
    return render(request, "leerlingen/vertrek.html", {"leerling": leerling, "form": form}, status=status)


@require_any_perm("leerlingen_bewerken")
@require_POST
def vertrek_ongedaan(request, pk: int):
    leerling = selectors.leerling_get(user=request.user, pk=pk)
    if not policy.has_perm(request.user, "leerlingen_bewerken", leerling.school_id):
        raise PermissionDenied
    run(
        request,
        lambda: services.leerling_vertrek_undo(leerling=leerling, user=request.user),
        success=f"Het vertrek van {leerling.volledige_naam} is ongedaan gemaakt.",
    )
    return redirect("leerlingen:detail", pk=leerling.pk)


# --- Elders and the June check ---------------------------------------------------------


@require_any_perm("leerlingen_bewerken", "woongemeente_inzien")
@require_http_methods(["GET", "POST"])
def elders(request, pk: int):
    leerling = selectors.leerling_get(user=request.user, pk=pk)
    if not policy.can_edit_leerling(request.user, leerling):
        raise PermissionDenied
    bestaand = getattr(leerling, "elders", None)
    initial = {"terug": request.GET.get("terug", "")}
    if bestaand:
        initial.update(soort=bestaand.soort, toelichting=bestaand.toelichting)
    form = EldersForm(request.POST or None, initial=initial)
    if request.method == "POST" and submit(
        request,
        form,
        lambda *, soort, toelichting, aanmeldingen_intrekken, **_rest: services.elders_record(
            leerling=leerling,
            soort=soort,
            toelichting=toelichting,
            aanmeldingen_intrekken=aanmeldingen_intrekken,
            user=request.user,
        ),
        success=f"Bestemming Elders vastgelegd voor {leerling.volledige_naam}.",
    ):
        if form.cleaned_data["terug"] == "juni":
            return redirect("leerlingen:juni_controle")
        return redirect("leerlingen:detail", pk=leerling.pk)
    audit.log_reads(request, [leerling], actie=audit.PAGINA)
    lopende = levende_aanmeldingen(leerling=leerling, user=request.user)
    context = {"leerling": leerling, "form": form, "bestaand": bestaand, "lopende": lopende}
    return render(request, "leerlingen/elders.html", context)


@require_any_perm("leerlingen_bewerken")
@require_GET
def juni_controle(request):
    """Every pupil without a positive placement or an Elders destination, worked down to zero."""
    return _juni_controle_render(request, JuniEldersForm(leerlingen=Leerling.objects.none()))


@require_any_perm("leerlingen_bewerken")
@require_POST
def juni_controle_elders(request):
    """The bulk action: one POST, one transaction, the permission checked per pupil (service).
    The pupils to choose from are those of the school year the page shows (its query string)."""
    schooljaar = selectors.schooljaar_gekozen(request.GET)
    form = JuniEldersForm(
        request.POST, leerlingen=selectors.bewerkbare_leerlingen(user=request.user, schooljaar=schooljaar)
    )
    if submit(
        request,
        form,
        lambda *, leerlingen, soort, toelichting, aanmeldingen_intrekken: services.elders_record_bulk(
            leerlingen=leerlingen,
            soort=soort,
            toelichting=toelichting,
            aanmeldingen_intrekken=aanmeldingen_intrekken,
            user=request.user,
        ),
        success=lambda n: f"Bestemming Elders vastgelegd voor {n} leerling{'en' if n != 1 else ''}.",
    ):
        return redirect(_met_schooljaar(request, reverse("leerlingen:juni_controle")))
    return _juni_controle_render(request, form, status=400)


def _juni_controle_render(request, bulk_form, status=200):
    schooljaar = selectors.schooljaar_gekozen(request.GET)
    open_ = lijst(
        request,
        JuniFilterSet,
        aanmelding_selectors.juni_controle_open(user=request.user, schooljaar=schooljaar),
        per_page=PAGE_SIZE,
        rijen=lambda qs: aanmelding_selectors.with_list_data(qs, user=request.user),
    )
    page = open_.page
    totaal = selectors.bewerkbare_leerlingen(user=request.user, schooljaar=schooljaar).count()
    gezakt = aanmelding_selectors.with_list_data(
        aanmelding_selectors.juni_controle_gezakt_voorwaardelijk(user=request.user, schooljaar=schooljaar).order_by(
            "klas", "achternaam", "voornaam", "pk"
        ),
        user=request.user,
    )[:PAGE_SIZE]
    gezakt = list(gezakt)
    audit.log_reads(request, [*page, *gezakt], actie=audit.LIJST)
    gekozen = {str(pk) for pk in bulk_form.data.getlist("leerlingen")} if bulk_form.is_bound else set()
    context = {
        "lijst": open_,
        "page": page,
        "schooljaar": schooljaar,
        "schooljaren": selectors.schooljaren(),
        "totaal": totaal,
        "gezakt": gezakt,
        "bulk_form": bulk_form,
        "gekozen": gekozen,
    }
    return render(request, "leerlingen/juni_controle.html", context, status=status)


# --- Import of pupils ------------------------------------------------------------------

IMPORT_PERMS = ("leerlingen_bewerken", "leerlingen_alle_inzien")


def _import_scholen(user):
    return school_queryset(selectors.scholen_met_perm(user=user, perms=IMPORT_PERMS))


def _import_get(request, pk: int) -> Leerlingimport:
    _require_import_school(request)  # a role that cannot import gets 403 for every import
    scoped = Leerlingimport.objects.for_user(request.user).select_related("school", "schooljaar")
    return get_object_or_404(scoped, pk=pk)


def _sync(leerlingimport) -> bool:
    """Small files are handled within the request; large ones by a Celery worker."""
    return leerlingimport.totaal <= getattr(settings, "VOROC_IMPORT_SYNC_MAX", 200)


def _queue(request, task, leerlingimport, *, terug_status: str) -> bool:
    """Hand a large import to a worker. With the broker down the import goes back a step and the
    user is told; nothing is lost."""
    try:
        task.delay_on_commit(leerlingimport.pk)
    except (KombuOperationalError, OSError):
        logger.warning("import %s: broker unavailable, task not queued", leerlingimport.pk)
        Leerlingimport.objects.filter(pk=leerlingimport.pk).update(status=terug_status)
        messages.error(
            request,
            "De verwerking kon nu niet gestart worden. Er is niets opgeslagen; probeer het over een paar "
            "minuten opnieuw.",
        )
        return False
    return True


def _require_import_school(request):
    scholen = _import_scholen(request.user)
    if not scholen:
        raise PermissionDenied
    return scholen


@require_any_perm("leerlingen_bewerken")
@require_http_methods(["GET", "POST"])
def import_start(request):
    scholen = _require_import_school(request)
    form = LeerlingimportUploadForm(request.POST or None, request.FILES or None, scholen=scholen)
    if request.method == "POST" and (
        done := submit(
            request,
            form,
            lambda *, school, bestand, **_rest: services.leerlingimport_start(
                school=school, schooljaar=selectors.schooljaar_actief(), upload=bestand, user=request.user
            ),
            success=None,
        )
    ):
        messages.info(request, "Bestand ontvangen. Controleer welke kolom bij welk gegeven hoort.")
        return redirect("leerlingen:import_koppelen", pk=done.value.pk)
    recent = Leerlingimport.objects.for_user(request.user).select_related("school", "aangemaakt_door")[:10]
    status = 400 if request.method == "POST" else 200
    return render(request, "leerlingen/import_start.html", {"form": form, "recent": recent}, status=status)


@require_any_perm("leerlingen_bewerken")
@require_http_methods(["GET", "POST"])
def import_koppelen(request, pk: int):
    leerlingimport = _import_get(request, pk)
    form = KoppelingForm(request.POST or None, leerlingimport=leerlingimport)
    if request.method == "POST" and (
        done := submit(
            request,
            form,
            lambda **_rest: services.leerlingimport_koppelen(
                leerlingimport=leerlingimport, koppeling=form.koppeling(), user=request.user
            ),
            success=None,
        )
    ):
        leerlingimport = done.value
        if _sync(leerlingimport):
            services.leerlingimport_controleren(leerlingimport_id=leerlingimport.pk)
        elif not _queue(request, tasks.leerlingimport_controleren, leerlingimport, terug_status=ImportStatus.KOPPELEN):
            return redirect("leerlingen:import_koppelen", pk=leerlingimport.pk)
        return redirect("leerlingen:import_detail", pk=leerlingimport.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "leerlingen/import_koppelen.html", {"form": form, "leerlingimport": leerlingimport}, status=status
    )


@require_any_perm("leerlingen_bewerken")
@require_GET
def import_detail(request, pk: int):
    leerlingimport = _import_get(request, pk)
    return render(request, "leerlingen/import_detail.html", {"leerlingimport": leerlingimport})


@require_any_perm("leerlingen_bewerken")
@require_GET
def import_status(request, pk: int):
    """The progress bar (htmx polls it); a finished import makes the page reload."""
    leerlingimport = _import_get(request, pk)
    response = render(request, "leerlingen/_import_voortgang.html", {"leerlingimport": leerlingimport})
    if request.htmx and not leerlingimport.bezig:
        response["HX-Refresh"] = "true"
    return response


@require_any_perm("leerlingen_bewerken")
@require_POST
def import_bevestigen(request, pk: int):
    leerlingimport = _import_get(request, pk)
    done = run(
        request,
        lambda: services.leerlingimport_bevestigen(leerlingimport=leerlingimport, user=request.user),
        success=None,
    )
    if not done:
        return redirect("leerlingen:import_detail", pk=leerlingimport.pk)
    leerlingimport = done.value
    if _sync(leerlingimport):
        services.leerlingimport_verwerken(leerlingimport_id=leerlingimport.pk)
        leerlingimport.refresh_from_db()
        if leerlingimport.status == ImportStatus.KLAAR:
            messages.success(
                request,
                f"Import verwerkt: {leerlingimport.nieuw} nieuw, {leerlingimport.bijgewerkt} bijgewerkt, "
                f"{leerlingimport.ongewijzigd} ongewijzigd.",
            )
        else:
            messages.error(request, "De import is niet verwerkt; er is niets opgeslagen.")
    elif _queue(request, tasks.leerlingimport_verwerken, leerlingimport, terug_status=ImportStatus.GECONTROLEERD):
        messages.info(request, "De import wordt verwerkt. U kunt deze pagina open laten of later terugkomen.")
    return redirect("leerlingen:import_detail", pk=leerlingimport.pk)
