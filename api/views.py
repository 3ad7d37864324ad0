"""The API's endpoints: thin, like the pages. Each checks that the client holds a permission for
the endpoint at all (403), reads through an existing selector (scoped: another organisation's
row is a 404) or calls a service (a broken rule is a 400, api.exceptions), logs every pupil it
shows in the read log, and shows of a pupil what the visibility table allows."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.dateparse import parse_datetime
from django.utils.timezone import is_naive, make_aware
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework import exceptions, permissions
from rest_framework.decorators import api_view, permission_classes
from rest_framework.response import Response

from aanmelding import selectors as aanmelding_selectors
from aanmelding.services import aanmelding_status_update, plaatsingsbesluit_record
from aanmelding.services_mbo import (
    aanmelding_landelijke_status_record,
    aanmelding_ontvangen,
    intake_afronden,
    intake_plannen,
)
from aanmelding.status import LANDELIJKE_STATUS, Status
from leerlingen.selectors import schooljaar_actief
from rmc import selectors as rmc_selectors
from voroc import audit, policy
from voroc.policy import Deel

from . import selectors, serializers, services
from .pagination import GewijzigdCursor, LaatstGewijzigdCursor, TijdstipCursor


def _recht(*perms: str):
    """The client holds at least one of `perms` (the endpoint is of use to it at all)."""

    class HeeftRecht(permissions.BasePermission):
        message = "Deze client heeft geen recht op dit deel van de API."

        def has_permission(self, request, view):
            return policy.holds_any(request.user, *perms)

    return [permissions.IsAuthenticated, HeeftRecht]


UPDATED_SINCE = OpenApiParameter(
    "updated_since",
    OpenApiTypes.DATETIME,
    description="Alleen wat op of na dit moment is gewijzigd (ISO 8601, bijvoorbeeld 2026-09-01T00:00:00+02:00).",
)


def _updated_since(request, qs, veld: str = "gewijzigd"):
    value = request.query_params.get("updated_since")
    if value is None:
        return qs
    try:
        moment = parse_datetime(value.strip())
        if moment is not None:
            # In UTC: the database refuses offsets Python accepts (up to 23:59).
            moment = (make_aware(moment) if is_naive(moment) else moment).astimezone(datetime.UTC)
    except (ValueError, OverflowError):
        moment = None
    if moment is None:
        raise exceptions.ValidationError({"updated_since": ["Geen geldig tijdstip (ISO 8601)."]})
    return qs.filter(**{f"{veld}__gte": moment})


# --- mbo: applications to the client's institution ---------------------------------------------


def _aanmelding(aanmelding, zichten) -> dict:
    zicht = zichten[aanmelding.leerling_id]
    data = serializers.velden(serializers.AANMELDING, aanmelding, zicht)
    data["landelijke_status"] = aanmelding.landelijke_status
    data["opleiding"] = serializers.opleiding(aanmelding.opleiding)
    data["leerling"] = serializers.velden(serializers.LEERLING, aanmelding.leerling, zicht)
    besluit = getattr(aanmelding, "plaatsingsbesluit", None)  # loaded with select_related
    data["plaatsingsbesluit"] = (
        serializers.velden(serializers.BESLUIT, besluit, zicht) if besluit and Deel.BESLUITEN in zicht else None
    )
    return data


def _mbo_relatie(aanmeldingen) -> dict[int, set[int]]:
    """{pupil: institutions} from the applications at hand (they are all to the client's own)."""
    result: dict[int, set[int]] = {}
    for aanmelding in aanmeldingen:
        result.setdefault(aanmelding.leerling_id, set()).add(aanmelding.opleiding.instelling_id)
    return result


@extend_schema(
    parameters=[UPDATED_SINCE],
    responses={200: serializers.AanmeldingPagina, 400: serializers.FoutSchema},
    tags=["mbo"],
    operation_id="aanmeldingen_list",
)
@api_view(["GET"])
@permission_classes(_recht("aanmeldingen_behandelen"))
def aanmeldingen(request):
    """The applications sent to the client's institution, oldest change first."""
    qs = _updated_since(
        request,
        aanmelding_selectors.mbo_aanmeldingen(user=request.user).select_related(
            "leerling", "opleiding__instelling", "opleiding", "plaatsingsbesluit"
        ),
    )
    paginator = GewijzigdCursor()
    page = paginator.paginate_queryset(qs, request)
    zichten = audit.log_reads(
        request, [a.leerling for a in page], actie=audit.LIJST, mbo_instellingen=_mbo_relatie(page)
    )
    return paginator.get_paginated_response([_aanmelding(a, zichten) for a in page])


@extend_schema(responses=serializers.AanmeldingSchema, tags=["mbo"])
@api_view(["GET"])
@permission_classes(_recht("aanmeldingen_behandelen"))
def aanmelding(request, pk: int):
    """One application to the client's institution; another's is not found (404)."""
    a = aanmelding_selectors.aanmelding_mbo_get(user=request.user, pk=pk)
    zichten = audit.log_reads(request, [a.leerling], actie=audit.PAGINA, mbo_instellingen=_mbo_relatie([a]))
    return Response(_aanmelding(a, zichten))


# --- mbo: the steps of an application ------------------------------------------------------------
#
# One endpoint per step, each calling the mbo's own service (aanmelding.services_mbo, .services) in
# one transaction; a step the life cycle or the service refuses is a 400 with its Dutch message and
# records nothing. The answer is the application as it is now, with its national status code.


def _stap(naam: str, invoer, uitvoeren, beschrijving: str):
    def view(request, pk: int):
        aanmelding = aanmelding_selectors.aanmelding_mbo_get(user=request.user, pk=pk)
        data = invoer(data=request.data)
        data.is_valid(raise_exception=True)
        with transaction.atomic():
            uitvoeren(aanmelding=aanmelding, user=request.user, **data.validated_data)
        aanmelding = aanmelding_selectors.aanmelding_mbo_get(user=request.user, pk=pk)
        zichten = audit.log_reads(
            request, [aanmelding.leerling], actie=audit.PAGINA, mbo_instellingen=_mbo_relatie([aanmelding])
        )
        return Response(_aanmelding(aanmelding, zichten))

    view.__name__ = view.__qualname__ = naam
    view.__doc__ = beschrijving
    view = permission_classes(_recht("aanmeldingen_behandelen"))(view)
    view = api_view(["POST"])(view)
    return extend_schema(
        request=invoer,
        responses={200: serializers.AanmeldingSchema, 400: serializers.FoutSchema},
        tags=["mbo"],
        description=beschrijving,
    )(view)


def _status(naar: str):
    return lambda *, aanmelding, user, bericht: aanmelding_status_update(
        aanmelding=aanmelding, naar=naar, user=user, bericht=bericht
    )


aanmelding_ontvangst = _stap(
    "aanmelding_ontvangst",
    serializers.StapInvoer,
    aanmelding_ontvangen,
    "De aanmelding is ontvangen en in behandeling (terugkoppelmoment 1; landelijke code 1).",
)
aanmelding_intake = _stap(
    "aanmelding_intake",
    serializers.IntakeInvoer,
    intake_plannen,
    "Plan de intake, of verzet haar (terugkoppelmoment 2).",
)
aanmelding_intake_gehad = _stap(
    "aanmelding_intake_gehad",
    serializers.IntakeGehadInvoer,
    intake_afronden,
    "De intake is gehouden, eventueel met een studiekeuzeadvies.",
)
aanmelding_besluit = _stap(
    "aanmelding_besluit",
    serializers.BesluitInvoer,
    plaatsingsbesluit_record,
    "Het plaatsingsbesluit (terugkoppelmoment 3); bij afwijzing met een wettelijke reden, bij "
    "voorwaardelijke plaatsing met de voorwaarde.",
)
aanmelding_inschrijving = _stap(
    "aanmelding_inschrijving",
    serializers.StapInvoer,
    _status(Status.INGESCHREVEN),
    "De leerling is ingeschreven (landelijke code 5).",
)
aanmelding_start = _stap(
    "aanmelding_start",
    serializers.StapInvoer,
    _status(Status.GESTART),
    "De leerling is met de opleiding begonnen.",
)
aanmelding_niet_verschenen = _stap(
    "aanmelding_niet_verschenen",
    serializers.StapInvoer,
    _status(Status.NIET_VERSCHENEN),
    "De ingeschreven leerling is niet verschenen (vanaf de startdatum; landelijke code 3): "
    "Leerplicht/RMC van de woongemeente krijgt een melding.",
)
aanmelding_landelijke_status = _stap(
    "aanmelding_landelijke_status",
    serializers.LandelijkeStatusInvoer,
    lambda *, aanmelding, user, status, reden: aanmelding_landelijke_status_record(
        aanmelding=aanmelding, code=int(status), reden=reden, user=user
    ),
    "Een stap op de landelijke statuscode (0-5), zoals de statusimport van het studentsysteem: "
    "1 ontvangen, 2 geplaatst, 3 afgewezen (met reden), uitgeloot of niet verschenen, 4 ingetrokken, "
    "5 ingeschreven. Heeft de aanmelding die code al, dan verandert er niets.",
)


# --- municipality: pupils living there -------------------------------------------------------------


def _gemeente_leerling(leerling, zichten) -> dict:
    data = serializers.velden(serializers.LEERLING, leerling, zichten[leerling.pk])
    data["toestand"] = leerling.toestand
    data["laatst_gewijzigd"] = leerling.laatst_gewijzigd
    return data


@extend_schema(
    parameters=[UPDATED_SINCE],
    responses={200: serializers.GemeenteLeerlingPagina, 400: serializers.FoutSchema},
    tags=["gemeente"],
    operation_id="leerlingen_list",
)
@api_view(["GET"])
@permission_classes(_recht("woongemeente_inzien"))
def leerlingen(request):
    """The pupils of the active school year living in the client's municipality, with where each
    stands (toestand), oldest change first; a change of an application or of the Elders
    destination counts as a change of the pupil (`laatst_gewijzigd`, which `updated_since` reads)."""
    qs = _updated_since(
        request,
        selectors.met_laatste_wijziging(
            rmc_selectors.met_toestand(
                rmc_selectors.gemeente_leerlingen(user=request.user, schooljaar=schooljaar_actief())
            )
        ),
        veld="laatst_gewijzigd",
    )
    paginator = LaatstGewijzigdCursor()
    page = paginator.paginate_queryset(qs, request)
    zichten = audit.log_reads(request, page, actie=audit.LIJST)
    return paginator.get_paginated_response([_gemeente_leerling(leerling, zichten) for leerling in page])


@extend_schema(responses=serializers.GemeenteLeerlingSchema, tags=["gemeente"])
@api_view(["GET"])
@permission_classes(_recht("woongemeente_inzien"))
def leerling(request, pk: int):
    """One pupil living in the client's municipality; another's is not found (404)."""
    obj = rmc_selectors.gemeente_leerling_get(user=request.user, pk=pk)
    obj = selectors.met_laatste_wijziging(rmc_selectors.met_toestand(type(obj).objects.filter(pk=obj.pk))).get()
    zichten = audit.log_reads(request, [obj], actie=audit.PAGINA)
    return Response(_gemeente_leerling(obj, zichten))


# --- school: pupils in bulk ----------------------------------------------------------------------


@extend_schema(
    request=serializers.BulkInvoer,
    responses={200: serializers.BulkUitkomst, 400: serializers.FoutSchema},
    tags=["school"],
)
@api_view(["POST"])
@permission_classes(_recht("leerlingen_bewerken"))
def leerlingen_bulk(request):
    """Create or update the school's pupils of the active school year by leerlingnummer, with the
    checks of the pupil import. All or nothing: one bad row gives a 400 with every row's errors
    and writes nothing. Sending the same rows again changes nothing."""
    invoer = serializers.BulkInvoer(data=request.data)
    invoer.is_valid(raise_exception=True)
    rijen = [dict(rij) for rij in invoer.validated_data["leerlingen"]]
    client = request.auth
    telling = services.leerlingen_bulk_upsert(
        school=client.organisatie, rijen=rijen, user=request.user, bron=f"API: {client.naam}"
    )
    return Response(telling)


def _bulk_schema(request, response):
    return extend_schema(
        request=request,
        responses={200: response, 400: serializers.FoutSchema},
        tags=["school"],
    )


@_bulk_schema(serializers.KlasMentorInvoer, serializers.KlasMentorUitkomst)
@api_view(["POST"])
@permission_classes(_recht("leerlingen_bewerken"))
def leerlingen_klassen(request):
    """Set the class and/or the mentor (by the e-mail address of a mentor of the school) of the
    school's pupils of the active school year, by leerlingnummer. All or nothing: one bad row
    gives a 400 with every row's errors and writes nothing."""
    invoer = serializers.KlasMentorInvoer(data=request.data)
    invoer.is_valid(raise_exception=True)
    rijen = [dict(rij) for rij in invoer.validated_data["leerlingen"]]
    return Response(
        services.leerlingen_klas_mentor_update(school=request.auth.organisatie, rijen=rijen, user=request.user)
    )


@_bulk_schema(serializers.DiplomaInvoer, serializers.DiplomaUitkomst)
@api_view(["POST"])
@permission_classes(_recht("leerlingen_bewerken"))
def leerlingen_diploma(request):
    """Diploma results (geslaagd, gezakt, herexamen, onbekend) by leerlingnummer, with the rules of
    the results file; all or nothing."""
    invoer = serializers.DiplomaInvoer(data=request.data)
    invoer.is_valid(raise_exception=True)
    rijen = [dict(rij) for rij in invoer.validated_data["resultaten"]]
    return Response(services.diploma_resultaten_bulk(school=request.auth.organisatie, rijen=rijen, user=request.user))


@extend_schema(
    parameters=[UPDATED_SINCE],
    responses={200: serializers.AanmeldingPagina, 400: serializers.FoutSchema},
    tags=["school"],
    operation_id="school_aanmeldingen_list",
)
@api_view(["GET"])
@permission_classes(_recht("leerlingen_alle_inzien"))
def school_aanmeldingen(request):
    """The applications of the school's pupils, with their national status code and the decision,
    oldest change first."""
    qs = _updated_since(request, selectors.school_aanmeldingen(user=request.user))
    paginator = GewijzigdCursor()
    page = paginator.paginate_queryset(qs, request)
    zichten = audit.log_reads(request, [a.leerling for a in page], actie=audit.LIJST)
    return paginator.get_paginated_response([_aanmelding(a, zichten) for a in page])


@extend_schema(responses=serializers.AanmeldingSchema, tags=["school"], operation_id="school_aanmeldingen_retrieve")
@api_view(["GET"])
@permission_classes(_recht("leerlingen_alle_inzien"))
def school_aanmelding(request, pk: int):
    """One application of one of the school's pupils; another school's is not found (404)."""
    a = selectors.school_aanmelding_get(user=request.user, pk=pk)
    zichten = audit.log_reads(request, [a.leerling], actie=audit.PAGINA)
    return Response(_aanmelding(a, zichten))


def _terugkoppeling(e, zicht) -> dict:
    data = serializers.velden(serializers.TERUGKOPPELING, e, zicht)
    data["leerling"] = e.leerling_id
    if "status" in data:
        data["landelijke_status"] = LANDELIJKE_STATUS.get(e.status) if e.status else None
    return data


@extend_schema(
    parameters=[
        OpenApiParameter(
            "updated_since",
            OpenApiTypes.DATETIME,
            description="Alleen wat op of na dit moment is vastgelegd (ISO 8601).",
        )
    ],
    responses={200: serializers.TerugkoppelingPagina, 400: serializers.FoutSchema},
    tags=["school"],
    operation_id="school_terugkoppelingen_list",
)
@api_view(["GET"])
@permission_classes(_recht("leerlingen_alle_inzien"))
def school_terugkoppelingen(request):
    """The timeline of the school's pupils (feedback of the mbo on applications, decisions,
    intakes, and the school's own steps), oldest first; of each event only the fields the
    visibility table allows, and only the events whose part the school may see."""
    qs = _updated_since(request, selectors.school_terugkoppelingen(user=request.user), veld="tijdstip")
    paginator = TijdstipCursor()
    page = paginator.paginate_queryset(qs, request)
    zichten = audit.log_reads(request, [e.leerling for e in page], actie=audit.LIJST)
    rows = [_terugkoppeling(e, zichten[e.leerling_id]) for e in page if zichten[e.leerling_id].toont_terugkoppeling(e)]
    return paginator.get_paginated_response(rows)


class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI from our own static files, its script a separate file (the CSP allows no inline script)."""

    template_name = "api/docs.html"
    authentication_classes = []
    permission_classes = [permissions.AllowAny]
    throttle_classes = []
