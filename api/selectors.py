"""Reads of API clients: the servicedesk's only."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from voroc import policy

from .models import ApiClient
from .services import BEHEER


def apiclient_list(*, user) -> QuerySet[ApiClient]:
    if not policy.has_perm(user, BEHEER):
        return ApiClient.objects.none()
    return ApiClient.objects.select_related("organisatie").order_by("organisatie__naam", "naam", "pk")


def apiclient_get(*, user, pk: int) -> ApiClient:
    return get_object_or_404(apiclient_list(user=user).select_related("aangemaakt_door"), pk=pk)


def afleveringen(*, client: ApiClient):
    """The delivery log of one client the caller already found through `apiclient_get`."""
    return client.afleveringen.all()
