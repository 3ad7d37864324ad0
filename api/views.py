"""The API's endpoints: thin, like the pages. Each checks that the client holds a permission for
the endpoint at all (403), reads through an existing selector (scoped: another organisation's
row is a 404) or calls a service (a broken rule is a 400, api.exceptions), logs every pupil it
shows in the read log, and shows of a pupil what the visibility table allows."""

from __future__ import annotations

from django.utils.dateparse import parse_datetime
from django.utils.timezone import is_naive, make_aware
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework import exceptions, permissions
from rest_framework.decorators import api_view, permission_classes
from rest_framework.response import Response

from aanmelding import selectors as aanmelding_selectors
from leerlingen.selectors import schooljaar_actief
from rmc import selectors as rmc_selectors
from voroc import audit, policy

from . import serializers, services
from .pagination import GewijzigdCursor


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


def _updated_since(request, qs):
    value = request.query_params.get("updated_since")
    if value is None:
        return qs
    try:
        moment = parse_datetime(value.strip())
    except ValueError:
        moment = None
    if moment is None:
        raise exceptions.ValidationError({"updated_since": ["Geen geldig tijdstip (ISO 8601)."]})
    if is_naive(moment):
        moment = make_aware(moment)
    return qs.filter(gewijzigd__gte=moment)


# --- mbo: applications to the client's institution ---------------------------------------------


def _aanmelding(aanmelding, zichten) -> dict:
    zicht = zichten[aanmelding.leerling_id]
    data = serializers.velden(serializers.AANMELDING, aanmelding, zicht)
    data["landelijke_status"] = aanmelding.landelijke_status
    data["opleiding"] = serializers.opleiding(aanmelding.opleiding)
    data["leerling"] = serializers.velden(serializers.LEERLING, aanmelding.leerling, zicht)
    return data


def _mbo_relatie(aanmeldingen) -> dict[int, set[int]]:
    """{pupil: institutions} from the applications at hand (they are all to the client's own)."""
    result: dict[int, set[int]] = {}
    for aanmelding in aanmeldingen:
        result.setdefault(aanmelding.leerling_id, set()).add(aanmelding.opleiding.instelling_id)
    return result


@extend_schema(parameters=[UPDATED_SINCE], responses=serializers.AanmeldingSchema(many=True), tags=["mbo"])
@api_view(["GET"])
@permission_classes(_recht("aanmeldingen_behandelen"))
def aanmeldingen(request):
    """The applications sent to the client's institution, oldest change first."""
    qs = _updated_since(
        request,
        aanmelding_selectors.mbo_aanmeldingen(user=request.user).select_related(
            "leerling", "opleiding__instelling", "opleiding"
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


# --- municipality: pupils living there -------------------------------------------------------------


def _gemeente_leerling(leerling, zichten) -> dict:
    data = serializers.velden(serializers.LEERLING, leerling, zichten[leerling.pk])
    data["toestand"] = leerling.toestand
    return data


@extend_schema(parameters=[UPDATED_SINCE], responses=serializers.GemeenteLeerlingSchema(many=True), tags=["gemeente"])
@api_view(["GET"])
@permission_classes(_recht("woongemeente_inzien"))
def leerlingen(request):
    """The pupils of the active school year living in the client's municipality, with where each
    stands (toestand), oldest change first."""
    qs = _updated_since(
        request,
        rmc_selectors.met_toestand(
            rmc_selectors.gemeente_leerlingen(user=request.user, schooljaar=schooljaar_actief())
        ),
    )
    paginator = GewijzigdCursor()
    page = paginator.paginate_queryset(qs, request)
    zichten = audit.log_reads(request, page, actie=audit.LIJST)
    return paginator.get_paginated_response([_gemeente_leerling(leerling, zichten) for leerling in page])


@extend_schema(responses=serializers.GemeenteLeerlingSchema, tags=["gemeente"])
@api_view(["GET"])
@permission_classes(_recht("woongemeente_inzien"))
def leerling(request, pk: int):
    """One pupil living in the client's municipality; another's is not found (404)."""
    obj = rmc_selectors.gemeente_leerling_get(user=request.user, pk=pk)
    obj = rmc_selectors.met_toestand(type(obj).objects.filter(pk=obj.pk)).get()
    zichten = audit.log_reads(request, [obj], actie=audit.PAGINA)
    return Response(_gemeente_leerling(obj, zichten))


# --- school: pupils in bulk ----------------------------------------------------------------------


@extend_schema(
    request=serializers.BulkInvoer,
    responses={200: serializers.BulkUitkomst, 400: serializers.BulkFoutSchema},
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


class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI from our own static files, its script a separate file (the CSP allows no inline script)."""

    template_name = "api/docs.html"
    authentication_classes = []
    permission_classes = [permissions.AllowAny]
    throttle_classes = []
