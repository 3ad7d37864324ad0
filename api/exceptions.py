"""Errors as JSON with a Dutch `detail`: a broken rule of a service (DomainError) is a 400, and
its transaction has been undone already; the bulk upsert adds its rows' errors."""

from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from voroc.errors import DomainError

from .services import BulkFouten


def exception_handler(exc, context):
    if isinstance(exc, BulkFouten):
        return Response({"detail": exc.message, "fouten": exc.fouten}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DomainError):
        return Response({"detail": exc.message}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound("Niet gevonden.")
    return drf_exception_handler(exc, context)
