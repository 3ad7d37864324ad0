"""Pages of mbo intake staff: worklist, the pupil's file, each step, deadlines, programmes, imports."""

from __future__ import annotations

import datetime
from functools import partial
from urllib.parse import urlencode

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from doorstroom.sections import SECTIES
from leerlingen.selectors import schooljaar_gekozen, schooljaren
from terugkoppeling.selectors import terugkoppeling_list
from voroc import audit, policy
from voroc.exports import Kolom, export_response, persoonsnummer, veld
from voroc.forms_flow import run, submit
from voroc.inzage import inzage_response
from voroc.lists import gefilterd, lijst
from voroc.pdf import pdf_filename, render_to_pdf
from voroc.permissions import require_any_perm
from voroc.policy import Deel
from voroc.tabular import decode

from . import selectors
from .filters_mbo import AchterstandFilterSet, NoshowFilterSet, OpleidingFilterSet, WerklijstFilterSet
from .forms_mbo import (
    BesluitForm,
    BulkForm,
    CsvUploadForm,
    DocumentenForm,
    DoorverwijzenForm,
    IntakeForm,
    IntakeGehadForm,
    OpleidingForm,
    OpleidingImportForm,
    StatusForm,
    WarmeOverdrachtForm,
)
from .services import aanmelding_doorverwijzen, aanmelding_status_update, plaatsingsbesluit_record
from .services_mbo import (
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
from .services_overdracht import documenten_vastleggen, warme_overdracht_gehouden, warme_overdracht_plannen
from .status import LANDELIJKE_STATUS, OVERGANGEN, PLAATSINGSBESLUITEN, POSITIEF, VERVALLEN, LandelijkeStatus, Status

BEHANDELEN = "aanmeldingen_behandelen"
BEHEREN = "opleidingen_beheren"


def _bound(request):
    """Form data and files of a POST (even an empty one), or nothing on GET."""
    return (request.POST, request.FILES) if request.method == "POST" else (None, None)


# --- worklist -------------------------------------------------------------------------------


@require_any_perm(BEHANDELEN)
@require_GET
def werklijst(request):
    return _werklijst_render(request, BulkForm())


def _werklijst_render(request, bulk_form, status=200):
    """The worklist with its bulk form: empty, or bound with its errors after a refused POST."""
    schooljaar = schooljaar_gekozen(request.GET)
    scope = selectors.werklijst_scope(user=request.user, schooljaar=schooljaar)
    aanmeldingen = lijst(request, WerklijstFilterSet, scope)
    _log_rijen(request, aanmeldingen.page)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "aanmelding/mbo/werklijst.html",
        {
            "lijst": aanmeldingen,
            "form": aanmeldingen.form,
            "page": aanmeldingen.page,
            "query": query.urlencode(),
            "bulk_form": bulk_form,
            "gekozen": {str(pk) for pk in bulk_form.data.getlist("aanmelding")} if bulk_form.is_bound else set(),
            "landelijk": LANDELIJKE_STATUS,
            "schooljaar": schooljaar,
            "schooljaren": schooljaren(),
        },
        status=status,
    )


def _log_rijen(request, aanmeldingen, actie=audit.LIJST):
    """The pupils of a list of applications, each seen through the application's institution."""
    aanmeldingen = list(aanmeldingen)
    instellingen: dict[int, set[int]] = {}
    for a in aanmeldingen:
        instellingen.setdefault(a.leerling_id, set()).add(a.opleiding.instelling_id)
    audit.log_reads(request, [a.leerling for a in aanmeldingen], actie=actie, mbo_instellingen=instellingen)


def _export_kolommen():
    # Rows are values() dicts of the application; labels from dicts built once per export.
    status_label = dict(Status.choices)
    landelijk_label = dict(LandelijkeStatus.choices)
    landelijk = {status: "" if code is None else code for status, code in LANDELIJKE_STATUS.items()}
    A = Deel.AANMELDINGEN

    def aangemeld_op(rij):
        op = rij["aangemeld_op"]
        return timezone.localtime(op).strftime("%d-%m-%Y %H:%M") if op else ""

    return (
        veld("Aanmeldingsnummer", "id", A),
        veld("Achternaam", "leerling__achternaam"),
        veld("Tussenvoegsel", "leerling__tussenvoegsel"),
        veld("Voornaam", "leerling__voornaam"),
        persoonsnummer("leerling__"),
        veld("School", "leerling__school__naam"),
        veld("Crebo", "opleiding__crebo", A),
        veld("Opleiding", "opleiding__naam", A),
        veld("Niveau", "opleiding__niveau", A),
        veld("Leerweg", "opleiding__leerweg", A),
        veld("Locatie", "opleiding__locatie__naam", A),
        veld("Keuze", "keuze", A),
        Kolom("Aangemeld op", aangemeld_op, A, ("aangemeld_op",)),
        Kolom("Na aanmelddeadline", lambda rij: rij["op_tijd"] is False, A, ("op_tijd",)),
        veld("Toelatingsrecht", "toelatingsrecht", A),
        Kolom(
            "Formulier definitief",
            lambda rij: rij["leerling__doorstroomformulier__status"] == "definitief",
            A,
            ("leerling__doorstroomformulier__status",),
        ),
        veld("Status", "status", A, labels=status_label),
        Kolom("Landelijke statuscode", lambda rij: landelijk[rij["status"]], A, ("status",)),
        Kolom(
            "Landelijke status",
            lambda rij: landelijk_label.get(LANDELIJKE_STATUS[rij["status"]], ""),
            A,
            ("status",),
        ),
    )


@require_any_perm(BEHANDELEN)
@require_GET
def werklijst_export(request):
    """The filtered worklist of the school year chosen as CSV or XLSX (voroc.exports), streamed in
    chunks."""
    schooljaar = schooljaar_gekozen(request.GET)
    scope = selectors.werklijst_scope(user=request.user, schooljaar=schooljaar)
    return export_response(
        request,
        formaat=request.GET.get("formaat", "csv"),
        naam=f"aanmeldingen-{schooljaar.naam if schooljaar else 'alle'}-{timezone.localdate():%Y%m%d}",
        kolommen=_export_kolommen(),
        rijen=gefilterd(request, WerklijstFilterSet, scope),
        leerling="leerling__",
        mbo_instelling="opleiding__instelling_id",
        titel="Aanmeldingen",
    )


@require_any_perm(BEHANDELEN)
@require_POST
def bulk(request):
    """One step for every selected application, all or nothing (`aanmeldingen_bulk`). A refusal,
    naming the pupils, comes back in the form's error summary on the worklist as it was filtered;
    nothing is recorded then."""
    form = BulkForm(request.POST)
    query = QueryDict(request.POST.get("query", "")[:2000]).urlencode()  # re-encoded: never raw input
    terug = reverse("mbo:werklijst") + ("?" + query if query else "")
    aanmeldingen = []
    if form.is_valid():
        pks = form.cleaned_data["aanmelding"]
        aanmeldingen = selectors.aanmeldingen_mbo_by_pks(user=request.user, pks=pks)
        if len(aanmeldingen) != len(set(pks)):
            raise Http404  # an application outside the user's scope does not exist for them
        schooljaar = schooljaar_gekozen(QueryDict(query))
        if set(pks) - selectors.aanmeldingen_van_jaar_pks(user=request.user, pks=pks, schooljaar=schooljaar):
            form.add_error("aanmelding", "Kies aanmeldingen uit de lijst van het getoonde schooljaar.")

    def uitvoeren(*, actie, datum, tijd, plaats, bericht, **_rest):
        intake = {"datum": datum, "tijd": tijd, "plaats": plaats, "bericht": bericht} if actie == "intake" else None
        return aanmeldingen_bulk(
            aanmeldingen=aanmeldingen, actie=actie, user=request.user, intake=intake, bericht=bericht
        )

    if submit(request, form, uitvoeren, success=lambda n: f"{n} aanmelding(en) bijgewerkt."):
        return redirect(terug)
    # The worklist again, as it was filtered, with the form's error summary: nothing recorded.
    request.GET = QueryDict(query)
    return _werklijst_render(request, form, status=400)


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
    context["open_stap"], context["andere_stappen"] = _stap_formulieren(aanmelding.status, context["mag"], forms)
    context.update(_overdracht_context(aanmelding, **forms))
    return context


# The steps with a form of their own, in the order of the life cycle, with the form's context name.
STAP_FORMULIEREN = (
    ("intake_plannen", "intake_form"),
    ("intake_gehad", "intake_gehad_form"),
    ("besluit", "besluit_form"),
    ("doorverwijzen", "doorverwijzen_form"),
)


def _stap_formulieren(status, mag, forms) -> tuple[str | None, list[str]]:
    """The one step form the dossier shows open, and the other allowed ones (behind a disclosure).

    Open is the form that came back with errors (the user was working on it), else the first
    allowed step of the life cycle that moves the application on, unless receiving comes first
    (a button of its own). Planning the intake again and referring elsewhere are side roads:
    open only when they came back with errors."""
    toegestaan = [stap for stap, _ in STAP_FORMULIEREN if mag[stap]]
    met_fouten = (
        stap for stap, naam in STAP_FORMULIEREN if stap in toegestaan and forms.get(naam) and forms[naam].errors
    )
    open_stap = next(met_fouten, None)
    zijweg = {"doorverwijzen", "intake_plannen" if status == Status.INTAKE_GEPLAND else ""}
    if open_stap is None and not mag["ontvangen"]:
        open_stap = next((stap for stap in toegestaan if stap not in zijweg), None)
    return open_stap, [stap for stap in toegestaan if stap != open_stap]


def _overdracht_context(aanmelding, **forms):
    """The warm handover (placed pupils) and the documents checklist (sent, live applications)."""
    overdracht = getattr(aanmelding, "warme_overdracht", None)
    documenten = list(aanmelding.documenten.all())
    initial_overdracht = {"datum": overdracht.datum, "deelnemers": overdracht.deelnemers} if overdracht else {}
    return {
        "overdracht": overdracht,
        "overdracht_mag": aanmelding.status in POSITIEF,
        "overdracht_form": forms.get("overdracht_form") or WarmeOverdrachtForm(initial=initial_overdracht),
        "documenten": documenten,
        "documenten_mag": aanmelding.status != Status.CONCEPT and aanmelding.status not in VERVALLEN,
        "documenten_form": forms.get("documenten_form")
        or DocumentenForm(initial={"soorten": [d.soort for d in documenten]}),
    }


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
    naam = pdf_filename("doorstroomformulier", aanmelding.leerling.volledige_naam)
    response["Content-Disposition"] = f'inline; filename="{naam}"'
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
        filename=pdf_filename("lob-paspoort", aanmelding.leerling.volledige_naam),
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
    """Back to the list the step was taken on (with the school year it showed), else the dossier."""
    name = TERUG.get(request.POST.get("terug", ""))
    if not name:
        return redirect("mbo:dossier", pk=aanmelding.pk)
    jaar = request.POST.get("schooljaar", "")[:4]
    return redirect(reverse(name) + (f"?{urlencode({'schooljaar': jaar})}" if jaar.isdigit() else ""))


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


def intake_gepland_tekst(*, leerling_heeft_account: bool = False) -> str:
    """Who sees the invitation in VOROC: the relations whose column shows the applications, and the
    pupil itself once it has an active portal account (app portaal); else the mbo invites it."""
    wie = [
        label
        for relatie, label in INTAKE_ZIEN.items()
        if policy.ZICHTBAARHEID[Deel.AANMELDINGEN][relatie] not in (policy.NEE, policy.INZAGE)
    ]
    leerling_ziet = leerling_heeft_account and policy.ZICHTBAARHEID[Deel.AANMELDINGEN][policy.Relatie.LEERLING] not in (
        policy.NEE,
        policy.INZAGE,
    )
    if leerling_ziet:
        wie.append("de leerling zelf")
    namen = f"{', '.join(wie[:-1])} en {wie[-1]}" if len(wie) > 1 else "".join(wie)
    gezien = f" In VOROC {'zien' if len(wie) > 1 else 'ziet'} {namen} de uitnodiging." if wie else ""
    if leerling_ziet:
        return f"Intake gepland.{gezien}"
    return f"Intake gepland.{gezien} De leerling ziet niets in VOROC: nodig de leerling zelf uit."


def _leerling_heeft_account(leerling) -> bool:
    """An active portal account of the pupil's own (the portal's access rows; one query)."""
    return leerling.toegangen.filter(relatie=policy.Relatie.LEERLING, ingetrokken_op__isnull=True).exists()


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
        success=lambda _intake: intake_gepland_tekst(
            leerling_heeft_account=_leerling_heeft_account(aanmelding.leerling)
        ),
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
    schooljaar = schooljaar_gekozen(request.GET)
    rijen = selectors.terugkoppeling_achterstand(user=request.user, schooljaar=schooljaar)
    aanmeldingen = lijst(request, AchterstandFilterSet, rijen)
    page = aanmeldingen.page
    _log_rijen(request, page)
    deadline = schooljaar.terugkoppeling_gereed if schooljaar else None
    return render(
        request,
        "aanmelding/mbo/terugkoppeling.html",
        {
            "lijst": aanmeldingen,
            "page": page,
            "schooljaar": schooljaar,
            "schooljaren": schooljaren(),
            "deadline": deadline,
            "dagen": (deadline - today).days if deadline else None,
        },
    )


@require_any_perm(BEHANDELEN)
@require_GET
def noshow(request):
    today = timezone.localdate()
    schooljaar = schooljaar_gekozen(request.GET)
    rijen = selectors.noshow_lijst(user=request.user, today=today, schooljaar=schooljaar)
    aanmeldingen = lijst(request, NoshowFilterSet, rijen)
    _log_rijen(request, aanmeldingen.page)
    for a in aanmeldingen.page:
        a.meld_uiterlijk = a.opleiding.startdatum + datetime.timedelta(days=a.leerling.schooljaar.noshow_termijn_dagen)
        a.termijn_voorbij = today > a.meld_uiterlijk
    context = {
        "lijst": aanmeldingen,
        "page": aanmeldingen.page,
        "nog_niet_gestart": selectors.noshow_nog_niet_gestart(user=request.user, today=today, schooljaar=schooljaar),
        "schooljaar": schooljaar,
        "schooljaren": schooljaren(),
    }
    return render(request, "aanmelding/mbo/noshow.html", context)


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
    opleidingen_ = lijst(request, OpleidingFilterSet, selectors.opleiding_list(user=request.user))
    return render(request, "aanmelding/mbo/opleidingen.html", {"lijst": opleidingen_, "page": opleidingen_.page})


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


@require_any_perm(BEHANDELEN)
@require_POST
def warme_overdracht_view(request, pk: int):
    aanmelding = selectors.aanmelding_mbo_get(user=request.user, pk=pk)
    form = WarmeOverdrachtForm(request.POST)
    action = partial(warme_overdracht_plannen, aanmelding=aanmelding, user=request.user)
    if submit(
        request,
        form,
        action,
        success="Warme overdracht gepland; de school ziet de datum.",
        failure="De warme overdracht is niet gepland. Controleer het formulier.",
    ):
        return redirect("mbo:dossier", pk=pk)
    return _render_dossier(request, aanmelding, overdracht_form=form)


@require_any_perm(BEHANDELEN)
@require_POST
def warme_overdracht_gehouden_view(request, pk: int):
    aanmelding = selectors.aanmelding_mbo_get(user=request.user, pk=pk)
    run(
        request,
        partial(warme_overdracht_gehouden, aanmelding=aanmelding, user=request.user),
        success="Warme overdracht vastgelegd als gehouden.",
    )
    return redirect("mbo:dossier", pk=pk)


@require_any_perm(BEHANDELEN)
@require_POST
def documenten_view(request, pk: int):
    aanmelding = selectors.aanmelding_mbo_get(user=request.user, pk=pk)
    form = DocumentenForm(request.POST)
    action = partial(documenten_vastleggen, aanmelding=aanmelding, user=request.user)
    if submit(
        request,
        form,
        action,
        success="De lijst met ontvangen documenten is bijgewerkt.",
        failure="De documenten zijn niet vastgelegd.",
    ):
        return redirect("mbo:dossier", pk=pk)
    return _render_dossier(request, aanmelding, documenten_form=form)
