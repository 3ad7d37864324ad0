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


# --- What a school's client reads of its own pupils ------------------------------------------------


def school_aanmeldingen(*, user):
    """Applications of the pupils the client sees through its school (never as an mbo)."""
    from aanmelding.models import Aanmelding

    return (
        Aanmelding.objects.for_user(user)
        .filter(policy.leerling_school_q(user, "leerling__"))
        .select_related("leerling", "opleiding", "plaatsingsbesluit")
    )


def school_aanmelding_get(*, user, pk: int):
    return get_object_or_404(school_aanmeldingen(user=user), pk=pk)


def school_terugkoppelingen(*, user):
    """The timeline events of the pupils the client sees through its school."""
    from terugkoppeling.models import Terugkoppeling

    return (
        Terugkoppeling.objects.for_user(user)
        .filter(policy.leerling_school_q(user, "leerling__"))
        .select_related("leerling")
    )


# --- What a municipality's client reads -------------------------------------------------------------


def met_laatste_wijziging(qs):
    """Annotate each pupil with `laatst_gewijzigd`: the latest change of the pupil, of one of its
    applications or of its Elders destination, the changes that move its state (`toestand`). The
    municipality's list is ordered and filtered (`updated_since`) on it, so a decision of the mbo
    shows as a change of the pupil. Two small lookups per returned row, through the pupil's index."""
    from django.db.models import F, OuterRef, Subquery
    from django.db.models.functions import Coalesce, Greatest

    from aanmelding.models import Aanmelding
    from leerlingen.models import Elders

    aanmelding = Aanmelding.objects.filter(leerling_id=OuterRef("pk")).order_by("-gewijzigd").values("gewijzigd")[:1]
    elders = Elders.objects.filter(leerling_id=OuterRef("pk")).values("vastgelegd_op")[:1]
    return qs.annotate(
        laatst_gewijzigd=Greatest(
            F("gewijzigd"),
            Coalesce(Subquery(aanmelding), F("gewijzigd")),
            Coalesce(Subquery(elders), F("gewijzigd")),
        )
    )
