"""Errors as JSON with a Dutch `detail`, one shape for every 400 (serializers.FoutSchema): a
broken rule of a service (DomainError) is a 400, and its transaction has been undone already; the
bulk endpoints add their rows' errors (`fouten`), bad input its fields' errors (`velden`)."""

from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from voroc.errors import DomainError

from .services import BulkFouten

ONGELDIGE_INVOER = "Niet alle gegevens zijn goed ingevuld; er is niets vastgelegd."


def exception_handler(exc, context):
    if isinstance(exc, BulkFouten):
        return Response({"detail": exc.message, "fouten": exc.fouten}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DomainError):
        data = {"detail": exc.message}
        if exc.field:
            data["velden"] = {exc.field: [exc.message]}
        return Response(data, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, exceptions.ValidationError):
        velden = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        return Response({"detail": ONGELDIGE_INVOER, "velden": velden}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound("Niet gevonden.")
    return drf_exception_handler(exc, context)
