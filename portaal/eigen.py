"""The pupil a portal page is about: the one its URL names (`/mijn/<pk>/...`), if it is the
signed-in portal account's own file (a pupil) or its child's (a parent), only through
`policy.eigen_leerling_q`. A parent of several children chooses on `/mijn/`; nothing is picked
for the account. A staff account has no such pupil and gets 403 on every portal page."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from leerlingen.models import Leerling
from voroc import policy


def eigen_leerling(user, pk: int, *, relatie: str | None = None) -> Leerling:
    """The account's own pupil `pk`: PermissionDenied for an account that reaches no pupil at all
    (staff, a revoked access) or reaches this one in another relation than `relatie` (a parent on
    the pupil's own page); Http404 for a pupil it has no access to."""
    if not policy.viewer(user).grants.eigen_leerlingen:
        raise PermissionDenied
    leerling = get_object_or_404(
        Leerling.objects.filter(policy.eigen_leerling_q(user)).select_related("school", "schooljaar"), pk=pk
    )
    if relatie is not None and policy.eigen_relatie(user, leerling.pk) != relatie:
        raise PermissionDenied
    return leerling


def enige_leerling(user) -> int | None:
    """The pk of the account's only pupil; None when it has several (PermissionDenied: none)."""
    ids = policy.viewer(user).grants.eigen_leerlingen
    if not ids:
        raise PermissionDenied
    return next(iter(ids)) if len(ids) == 1 else None
