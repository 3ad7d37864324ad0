"""Pages of mbo intake staff: worklist, the pupil's file, each step, deadlines, programmes, imports."""

from __future__ import annotations

import datetime
from functools import partial

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from doorstroom.sections import SECTIES
from terugkoppeling.selectors import terugkoppeling_list
from voroc import audit, policy
from voroc.exports import Kolom, export_response
from voroc.forms_flow import run, submit
from voroc.inzage import inzage_response
from voroc.pdf import render_to_pdf
from voroc.permissions import require_any_perm
from voroc.policy import Deel
from voroc.tabular import decode

from . import selectors
from .forms_mbo import (
    BesluitForm,
    BulkForm,
    CsvUploadForm,
    DoorverwijzenForm,
    IntakeForm,
    IntakeGehadForm,
    OpleidingForm,
    OpleidingImportForm,
    StatusForm,
    WerklijstFilterForm,
)
from .services import aanmelding_doorverwijzen, aanmelding_status_update, plaatsingsbesluit_record
from .services_mbo import (
    BulkError,
    aanmelding_ontvangen,
    aanmeldingen_bulk,
    intake_afronden,
    intake_plannen,
    opleiding_create,
    opleiding_delete,
    opleiding_sluiten,
    opleiding_update,
    opleidingen_import,
    statuscodes_import,
)
from .status import LANDELIJKE_STATUS, OVERGANGEN, PLAATSINGSBESLUITEN, LandelijkeStatus, Status

BEHANDELEN = "aanmeldingen_behandelen"
BEHEREN = "opleidingen_beheren"
PAGE_SIZE = 50


def _bound(request):
    """Form data and files of a POST (even an empty one), or nothing on GET."""
    return (request.POST, request.FILES) if request.method == "POST" else (None, None)


# --- worklist -------------------------------------------------------------------------------


def _filter_form(request):
    form = WerklijstFilterForm(
        request.GET or None,
        opleidingen=selectors.werklijst_opleidingen(user=request.user),
        locaties=selectors.werklijst_locaties(user=request.user),
    )
    kwargs = form.selector_kwargs() if form.is_valid() else {}
    return form, kwargs


@require_any_perm(BEHANDELEN)
@require_GET
def werklijst(request):
    form, kwargs = _filter_form(request)
    aanmeldingen = selectors.werklijst(user=request.user, **kwargs)
    page = Paginator(aanmeldingen, PAGE_SIZE).get_page(request.GET.get("page"))
    _log_rijen(request, page)
    query = request.GET.copy()
    query.pop("page", None)
    huidig = form.huidige_sortering()
    sorteer = {}
    for key in ("naam", "opleiding", "aangemeld", "status", "terugkoppeling"):
        q = query.copy()
        q["sortering"] = f"-{key}" if huidig == key else key
        richting = "ascending" if huidig == key else "descending" if huidig == f"-{key}" else ""
        sorteer[key] = {"url": "?" + q.urlencode(), "richting": richting}
    return render(
        request,
        "aanmelding/mbo/werklijst.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "bulk_form": BulkForm(),
            "sorteer": sorteer,
            "landelijk": LANDELIJKE_STATUS,
        },
    )


def _log_rijen(request, aanmeldingen, actie=audit.LIJST):
    """The pupils of a list of applications, each seen through the application's institution."""
    aanmeldingen = list(aanmeldingen)
    instellingen: dict[int, set[int]] = {}
    for a in aanmeldingen:
        instellingen.setdefault(a.leerling_id, set()).add(a.opleiding.instelling_id)
    audit.log_reads(request, [a.leerling for a in aanmeldingen], actie=actie, mbo_instellingen=instellingen)


def _landelijk(a):
    code = LANDELIJKE_STATUS[a.status]
    return code if code is not None else ""


def _formulier_definitief(a):
    formulier = getattr(a.leerling, "doorstroomformulier", None)
    return "ja" if formulier and formulier.status == "definitief" else "nee"


def _export_kolommen():
    # Labels looked up in a dict built once per export: an export can have 20,000 rows.
    status_label = {s.value: s.label for s in Status}
    landelijk_label = {c.value: c.label for c in LandelijkeStatus}
    A = Deel.AANMELDINGEN
    return (
        Kolom("Aanmeldingsnummer", lambda a: a.pk, A),
        Kolom("Achternaam", lambda a: a.leerling.achternaam),
        Kolom("Tussenvoegsel", lambda a: a.leerling.tussenvoegsel),
        Kolom("Voornaam", lambda a: a.leerling.voornaam),
        Kolom("Persoonsnummer (gemaskeerd)", lambda a: a.leerling.persoonsnummer_gemaskeerd),
        Kolom("School", lambda a: a.leerling.school.naam),
        Kolom("Crebo", lambda a: a.opleiding.crebo, A),
        Kolom("Opleiding", lambda a: a.opleiding.naam, A),
        Kolom("Niveau", lambda a: a.opleiding.niveau, A),
        Kolom("Leerweg", lambda a: a.opleiding.leerweg, A),
        Kolom("Locatie", lambda a: a.opleiding.locatie.naam, A),
        Kolom("Keuze", lambda a: a.keuze, A),
        Kolom(
            "Aangemeld op",
            lambda a: timezone.localtime(a.aangemeld_op).strftime("%d-%m-%Y %H:%M") if a.aangemeld_op else "",
            A,
        ),
        Kolom("Na aanmelddeadline", lambda a: a.te_laat, A),
        Kolom("Toelatingsrecht", lambda a: a.toelatingsrecht, A),
        Kolom("Formulier definitief", _formulier_definitief, A),
        Kolom("Status", lambda a: status_label[a.status], A),
        Kolom("Landelijke statuscode", _landelijk, A),
        Kolom("Landelijke status", lambda a: landelijk_label.get(LANDELIJKE_STATUS[a.status], ""), A),
    )


@require_any_perm(BEHANDELEN)
@require_GET
def werklijst_export(request):
    """The filtered worklist as CSV or XLSX (voroc.exports), streamed in chunks."""
    _form, kwargs = _filter_form(request)
    return export_response(
        request,
        formaat=request.GET.get("formaat", "csv"),
        naam=f"aanmeldingen-{timezone.localdate():%Y%m%d}",
        kolommen=_export_kolommen(),
        rijen=selectors.werklijst(user=request.user, **kwargs),
        leerling_van=lambda a: a.leerling,
        mbo_instelling_van=lambda a: a.opleiding.instelling_id,
        titel="Aanmeldingen",
    )


@require_any_perm(BEHANDELEN)
@require_POST
def bulk(request):
    form = BulkForm(request.POST)
    query = QueryDict(request.POST.get("query", "")[:2000]).urlencode()  # re-encoded: never raw input
    terug = reverse("mbo:werklijst") + ("?" + query if query else "")
    if not form.is_valid():
        fouten = [str(e) for errors in form.errors.values() for e in errors]
        messages.error(request, "Niets vastgelegd. " + " ".join(fouten))
        return redirect(terug)
    pks = form.cleaned_data["aanmelding"]
    aanmeldingen = selectors.aanmeldingen_mbo_by_pks(user=request.user, pks=pks)
    if len(aanmeldingen) != len(set(pks)):
        raise Http404  # an application outside the user's scope does not exist for them
    d = form.cleaned_data
    intake = (
        {"datum": d["datum"], "tijd": d["tijd"], "plaats": d["plaats"], "bericht": d["bericht"]}
        if d["actie"] == "intake"
        else None
    )
    run(
        request,
        lambda: aanmeldingen_bulk(aanmeldingen=aanmeldingen, actie=d["actie"], user=request.user, intake=intake),
        success=lambda n: f"{n} aanmelding(en) bijgewerkt.",
        explain=_bulk_weigering,
    )
    return redirect(terug)


def _bulk_weigering(error) -> str:
    """A refused bulk action names every refused application and why."""
    if not isinstance(error, BulkError):
        return error.message
    regels = "; ".join(f"{a.leerling.volledige_naam} ({a.opleiding.naam}): {reden}" for a, reden in error.weigeringen)
    return f"{error.message} Geweigerd: {regels}"


# --- the pupil's file as the mbo sees it ----------------------------------------------------


def _formulier_secties(formulier, zicht):
    """The sections of the form as the mbo sees them: only parts the visibility table allows."""
    if formulier is None or not zicht.formulier:
        return []
    secties = []
    for sectie in SECTIES:
        if sectie.zorg and not zicht.zorg:
            continue
        velden = []
        for naam in sectie.velden:
            if naam == "zorg_delen_met_mbo":
                continue
            veld = formulier._meta.get_field(naam)
            waarde = getattr(formulier, naam)
            if veld.choices:
                waarde = getattr(formulier, f"get_{naam}_display")()
            elif isinstance(waarde, bool):
                waarde = "ja" if waarde else "nee"
            elif hasattr(waarde, "name"):
                waarde = "aanwezig (pdf), zie de link hierboven" if waarde else ""
            velden.append((veld.verbose_name, waarde))
        secties.append((sectie.titel, velden))
    return secties


def _dossier_context(request, aanmelding, **forms):
    user = request.user
    leerling = aanmelding.leerling
    formulier = selectors.formulier_voor_mbo(user=user, leerling=leerling)
    zicht = _zicht(request, aanmelding, formulier)
    mogelijk = set(OVERGANGEN.get(aanmelding.status, ()))
    context = {
        "aanmelding": aanmelding,
        "leerling": leerling,
        "zicht": zicht,
        "formulier": formulier,
        "secties": _formulier_secties(formulier, zicht),
        "andere": selectors.andere_aanmeldingen(user=user, aanmelding=aanmelding),
        "terugkoppelingen": [
            e for e in terugkoppeling_list(user=user, leerling=leerling) if zicht.toont_terugkoppeling(e)
        ],
        "intakes": aanmelding.intakes.select_related("gepland_door"),
        "landelijk": LANDELIJKE_STATUS[aanmelding.status],
        "landelijk_label": (
            LandelijkeStatus(LANDELIJKE_STATUS[aanmelding.status]).label
            if LANDELIJKE_STATUS[aanmelding.status] is not None
            else ""
        ),
        "mag": {
            "ontvangen": Status.IN_BEHANDELING in mogelijk,
            "intake_plannen": Status.INTAKE_GEPLAND in mogelijk,
            "intake_gehad": Status.INTAKE_GEHAD in mogelijk,
            "besluit": bool(mogelijk & set(PLAATSINGSBESLUITEN)),
            "ingeschreven": Status.INGESCHREVEN in mogelijk,
            "gestart": Status.GESTART in mogelijk,
            "niet_verschenen": Status.NIET_VERSCHENEN in mogelijk,
            "doorverwijzen": Status.DOORVERWEZEN in mogelijk,
            "intrekken": Status.INGETROKKEN in mogelijk,
        },
        "intake_form": forms.get("intake_form") or IntakeForm(),
        "intake_gehad_form": forms.get("intake_gehad_form") or IntakeGehadForm(),
        "besluit_form": forms.get("besluit_form") or BesluitForm(initial={"van_status": aanmelding.status}),
        "doorverwijzen_form": forms.get("doorverwijzen_form")
        or DoorverwijzenForm(opleidingen=selectors.doorverwijs_opleidingen(user=request.user, aanmelding=aanmelding)),
    }
    return context


def _zicht(request, aanmelding, formulier):
    """What the user sees of the application's pupil (voroc.policy), seen through its institution."""
    return policy.zicht(
        request.user,
        aanmelding.leerling,
        formulier=formulier,
        mbo_instellingen={aanmelding.opleiding.instelling_id},
    )


def _render_dossier(request, aanmelding, status=200, **forms):
    instellingen = {aanmelding.leerling_id: {aanmelding.opleiding.instelling_id}}
    audit.log_reads(request, [aanmelding.leerling], actie=audit.PAGINA, mbo_instellingen=instellingen)
    return render(request, "aanmelding/mbo/dossier.html", _dossier_context(request, aanmelding, **forms), status=status)


@require_any_perm(BEHANDELEN)
@require_GET
def dossier(request, pk: int):
    aanmelding = selectors.aanmelding_mbo_get(user=request.user, pk=pk)
    return _render_dossier(request, aanmelding)


@require_any_perm(BEHANDELEN)
@require_GET
def formulier_pdf(request, pk: int):
    aanmelding = selectors.aanmelding_mbo_get(user=request.user, pk=pk)
    formulier = selectors.formulier_voor_mbo(user=request.user, leerling=aanmelding.leerling)
    if formulier is None:
        messages.error(request, "Het doorstroomformulier is nog niet definitief gemaakt door de school.")
        return redirect("mbo:dossier", pk=pk)
    zicht = _zicht(request, aanmelding, formulier)
    pdf = render_to_pdf(
        "aanmelding/mbo/formulier_pdf.html",
        {
            "aanmelding": aanmelding,
            "leerling": aanmelding.leerling,
            "secties": _formulier_secties(formulier, zicht),
            "formulier": formulier,
            "nu": timezone.localtime(),
        },
    )
    instellingen = {aanmelding.leerling_id: {aanmelding.opleiding.instelling_id}}
    audit.log_reads(request, [aanmelding.leerling], actie=audit.PDF, mbo_instellingen=instellingen)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="doorstroomformulier-{aanmelding.pk}.pdf"'
    return response


@require_any_perm(BEHANDELEN)
@require_GET
def lob_paspoort(request, pk: int):
    """The pupil's LOB-paspoort (pdf) that travels with the final form."""
    aanmelding = selectors.aanmelding_mbo_get(user=request.user, pk=pk)
    formulier = selectors.formulier_voor_mbo(user=request.user, leerling=aanmelding.leerling)
    if formulier is None or not formulier.lob_paspoort_pdf:
        raise Http404
    audit.log_reads(request, [aanmelding.leerling], actie=audit.PDF)
    return FileResponse(
        formulier.lob_paspoort_pdf.open("rb"),
        content_type="application/pdf",
        filename=f"lob-paspoort-{aanmelding.pk}.pdf",
    )


# --- inzage: what the institution holds about the pupil (its applications) ------------------


@require_any_perm(BEHANDELEN)
@require_GET
def inzage(request, pk: int):
    aanmelding = selectors.aanmelding_mbo_get(user=request.user, pk=pk)
    return inzage_response(
        request,
        leerling=aanmelding.leerling,
        organisatie=aanmelding.opleiding.instelling,
        naam=f"inzage-mbo-leerling-{aanmelding.leerling_id}",
    )


@require_any_perm(BEHANDELEN)
@require_GET
def inzage_pdf(request, pk: int):
    aanmelding = selectors.aanmelding_mbo_get(user=request.user, pk=pk)
    return inzage_response(
        request,
        leerling=aanmelding.leerling,
        organisatie=aanmelding.opleiding.instelling,
        formaat="pdf",
        naam=f"inzage-mbo-leerling-{aanmelding.leerling_id}",
    )


# --- steps ----------------------------------------------------------------------------------

TERUG = {"noshow": "mbo:noshow", "terugkoppeling": "mbo:terugkoppeling"}


def _terug(request, aanmelding):
    name = TERUG.get(request.POST.get("terug", ""))
    return redirect(name) if name else redirect("mbo:dossier", pk=aanmelding.pk)


STAP_MELDING = {
    Status.IN_BEHANDELING: "Aanmelding gemarkeerd als ontvangen; de school ziet de terugkoppeling.",
    Status.INGESCHREVEN: "Inschrijving vastgelegd.",
    Status.GESTART: "Start van de leerling bevestigd.",
    Status.NIET_VERSCHENEN: "Niet verschenen vastgelegd; Leerplicht/RMC van de woongemeente heeft een melding.",
    Status.INGETROKKEN: "Aanmelding ingetrokken.",
}


@require_any_perm(BEHANDELEN)
@require_POST
def stap(request, pk: int):
    aanmelding = selectors.aanmelding_mbo_get(user=request.user, pk=pk)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Kies een geldige stap.")
        return _terug(request, aanmelding)
    naar = form.cleaned_data["naar"]
    bericht = form.cleaned_data["bericht"]
    if naar == Status.IN_BEHANDELING:
        action = partial(aanmelding_ontvangen, aanmelding=aanmelding, user=request.user, bericht=bericht)
    else:
        action = partial(aanmelding_status_update, aanmelding=aanmelding, naar=naar, user=request.user, bericht=bericht)
    run(request, action, success=STAP_MELDING[naar])
    return _terug(request, aanmelding)


# Who else sees a planned intake in VOROC, by the visibility table (an intake is part of the
# applications). No pupil has an account, so the pupil sees nothing and must be invited directly.
INTAKE_ZIEN = {policy.Relatie.SCHOOL: "de school", policy.Relatie.GEMEENTE: "Leerplicht/RMC van de woongemeente"}


def intake_gepland_tekst() -> str:
    wie = [
        label
        for relatie, label in INTAKE_ZIEN.items()
        if policy.ZICHTBAARHEID[Deel.AANMELDINGEN][relatie] not in (policy.NEE, policy.INZAGE)
    ]
    gezien = f" In VOROC {'zien' if len(wie) > 1 else 'ziet'} {' en '.join(wie)} de uitnodiging." if wie else ""
    return f"Intake gepland.{gezien} De leerling ziet niets in VOROC: nodig de leerling zelf uit."


@require_any_perm(BEHANDELEN)
@require_POST
def intake_plannen_view(request, pk: int):
    aanmelding = selectors.aanmelding_mbo_get(user=request.user, pk=pk)
    form = IntakeForm(request.POST)
    action = partial(intake_plannen, aanmelding=aanmelding, user=request.user)
    if submit(
        request,
        form,
        action,
        success=intake_gepland_tekst(),
        failure="De intake is niet gepland. Controleer het formulier.",
    ):
        return redirect("mbo:dossier", pk=pk)
    return _render_dossier(request, aanmelding, intake_form=form)


@require_any_perm(BEHANDELEN)
@require_POST
def intake_gehad_view(request, pk: int):
    aanmelding = selectors.aanmelding_mbo_get(user=request.user, pk=pk)
    form = IntakeGehadForm(request.POST)
    action = partial(intake_afronden, aanmelding=aanmelding, user=request.user)
    if submit(request, form, action, success="Intake vastgelegd.", failure="De intake is niet vastgelegd."):
        return redirect("mbo:dossier", pk=pk)
    return _render_dossier(request, aanmelding, intake_gehad_form=form)


@require_any_perm(BEHANDELEN)
@require_POST
def besluit(request, pk: int):
    aanmelding = selectors.aanmelding_mbo_get(user=request.user, pk=pk)
    form = BesluitForm(request.POST)
    action = partial(plaatsingsbesluit_record, aanmelding=aanmelding, user=request.user)
    if submit(
        request,
        form,
        action,
        success="Plaatsingsbesluit vastgelegd; de school ziet de terugkoppeling.",
        failure="Het plaatsingsbesluit is niet vastgelegd. Controleer het formulier.",
    ):
        return redirect("mbo:dossier", pk=pk)
    # Show the state as it is now (a colleague may have decided meanwhile); a new try decides on that.
    aanmelding.refresh_from_db()
    form.data = form.data.copy()
    form.data["van_status"] = aanmelding.status
    return _render_dossier(request, aanmelding, besluit_form=form)


@require_any_perm(BEHANDELEN)
@require_POST
def doorverwijzen(request, pk: int):
    aanmelding = selectors.aanmelding_mbo_get(user=request.user, pk=pk)
    opleidingen = selectors.doorverwijs_opleidingen(user=request.user, aanmelding=aanmelding)
    form = DoorverwijzenForm(request.POST, opleidingen=opleidingen)
    if done := submit(
        request,
        form,
        partial(aanmelding_doorverwijzen, aanmelding=aanmelding, user=request.user),
        success="Doorverwezen; er is een nieuwe aanmelding voor de andere opleiding.",
        failure="Niet doorverwezen. Controleer het formulier.",
    ):
        return redirect("mbo:dossier", pk=done.value.pk)
    return _render_dossier(request, aanmelding, doorverwijzen_form=form)


# --- feedback deadline and no-shows ---------------------------------------------------------


@require_any_perm(BEHANDELEN)
@require_GET
def terugkoppeling(request):
    today = timezone.localdate()
    schooljaar = selectors.schooljaar_actief()
    rijen = selectors.terugkoppeling_achterstand(user=request.user)
    if schooljaar is not None:
        rijen = rijen.filter(leerling__schooljaar=schooljaar)
    page = Paginator(rijen, PAGE_SIZE).get_page(request.GET.get("page"))
    _log_rijen(request, page)
    deadline = schooljaar.terugkoppeling_gereed if schooljaar else None
    return render(
        request,
        "aanmelding/mbo/terugkoppeling.html",
        {
            "page": page,
            "schooljaar": schooljaar,
            "deadline": deadline,
            "dagen": (deadline - today).days if deadline else None,
        },
    )


@require_any_perm(BEHANDELEN)
@require_GET
def noshow(request):
    today = timezone.localdate()
    rijen = list(selectors.noshow_lijst(user=request.user, today=today))
    _log_rijen(request, rijen)
    for a in rijen:
        a.meld_uiterlijk = a.opleiding.startdatum + datetime.timedelta(days=a.leerling.schooljaar.noshow_termijn_dagen)
        a.termijn_voorbij = today > a.meld_uiterlijk
    return render(
        request,
        "aanmelding/mbo/noshow.html",
        {"rijen": rijen, "nog_niet_gestart": selectors.noshow_nog_niet_gestart(user=request.user, today=today)},
    )


# --- statutory status codes -----------------------------------------------------------------


def _csv_import(request, form, importeren, *, gelukt, terug):
    """The two CSV imports of the mbo work the same way: check the file, show a preview of every
    line, and record all lines (or none) when the user confirms. Returns the redirect after a
    recorded import, else the context (form, preview, the file's text for the confirm step)."""
    context = {"form": form, "resultaat": None, "inhoud": ""}
    if request.method != "POST" or not form.is_valid():
        return context
    data = form.data_bytes()
    if data is None:
        form.add_error("bestand", "Kies een CSV-bestand.")
        return context
    opslaan = request.POST.get("bevestig") == "1"
    done = submit(
        request,
        form,
        lambda **velden: importeren(data=data, opslaan=opslaan, **velden),
        success=lambda r: gelukt(r) if r.opgeslagen else None,
    )
    if done and done.value.opgeslagen:
        return redirect(terug)
    if done:
        resultaat = context["resultaat"] = done.value
        if resultaat.fouten:
            messages.error(request, f"Niets vastgelegd: {len(resultaat.fouten)} regel(s) kunnen niet worden verwerkt.")
        context["inhoud"] = decode(data) if isinstance(data, bytes) else data
    return context


@require_any_perm(BEHANDELEN)
@require_http_methods(["GET", "POST"])
def status_import(request):
    instellingen = [i.pk for i in selectors.mbo_instellingen(user=request.user)]
    uitkomst = _csv_import(
        request,
        CsvUploadForm(*_bound(request)),
        lambda *, data, opslaan, **_rest: statuscodes_import(
            instelling_ids=instellingen, data=data, opslaan=opslaan, user=request.user
        ),
        gelukt=lambda r: f"{r.aantal_wijzigingen} aanmelding(en) bijgewerkt.",
        terug="mbo:werklijst",
    )
    if not isinstance(uitkomst, dict):
        return uitkomst
    return render(request, "aanmelding/mbo/status_import.html", {**uitkomst, "codes": LandelijkeStatus.choices})


# --- programmes -----------------------------------------------------------------------------


@require_any_perm(BEHEREN)
@require_GET
def opleidingen(request):
    context = {"opleidingen": selectors.opleiding_list(user=request.user)}
    return render(request, "aanmelding/mbo/opleidingen.html", context)


def _opleiding_form(request, instance=None):
    return OpleidingForm(
        request.POST if request.method == "POST" else None,
        instance=instance,
        instellingen=selectors.mbo_instellingen(user=request.user, perm=BEHEREN),
        locaties=selectors.locaties_voor_beheer(user=request.user),
    )


@require_any_perm(BEHEREN)
@require_http_methods(["GET", "POST"])
def opleiding_nieuw(request):
    form = _opleiding_form(request)
    action = partial(opleiding_create, user=request.user)
    if request.method == "POST" and submit(request, form, action, success="Opleiding toegevoegd."):
        return redirect("mbo:opleidingen")
    return render(request, "aanmelding/mbo/opleiding_form.html", {"form": form, "opleiding": None})


@require_any_perm(BEHEREN)
@require_http_methods(["GET", "POST"])
def opleiding_bewerken(request, pk: int):
    opleiding = selectors.opleiding_get(user=request.user, pk=pk)
    form = _opleiding_form(request, instance=opleiding)
    action = partial(opleiding_update, opleiding=opleiding, user=request.user)
    if request.method == "POST" and submit(request, form, action, success="Opleiding opgeslagen."):
        return redirect("mbo:opleidingen")
    return render(request, "aanmelding/mbo/opleiding_form.html", {"form": form, "opleiding": opleiding})


@require_any_perm(BEHEREN)
@require_POST
def opleiding_sluiten_view(request, pk: int):
    opleiding = selectors.opleiding_get(user=request.user, pk=pk)
    heropenen = request.POST.get("actief") == "1"
    run(
        request,
        partial(opleiding_sluiten, opleiding=opleiding, user=request.user, actief=heropenen),
        success="Opleiding heropend." if heropenen else "Opleiding gesloten voor aanmelding.",
    )
    return redirect("mbo:opleidingen")


@require_any_perm(BEHEREN)
@require_POST
def opleiding_verwijderen_view(request, pk: int):
    opleiding = selectors.opleiding_get(user=request.user, pk=pk)
    run(request, partial(opleiding_delete, opleiding=opleiding, user=request.user), success="Opleiding verwijderd.")
    return redirect("mbo:opleidingen")


@require_any_perm(BEHEREN)
@require_http_methods(["GET", "POST"])
def opleiding_import(request):
    instellingen = selectors.mbo_instellingen(user=request.user, perm=BEHEREN)
    uitkomst = _csv_import(
        request,
        OpleidingImportForm(*_bound(request), instellingen=instellingen),
        lambda *, instelling, data, opslaan, **_rest: opleidingen_import(
            instelling=instelling, data=data, opslaan=opslaan, user=request.user
        ),
        gelukt=lambda r: f"{len(r.regels)} opleiding(en) geïmporteerd.",
        terug="mbo:opleidingen",
    )
    if not isinstance(uitkomst, dict):
        return uitkomst
    return render(request, "aanmelding/mbo/opleiding_import.html", uitkomst)
