"""The pupil a portal page is about: the signed-in portal account's own file (a pupil) or its
child's (a parent), only through `policy.eigen_leerling_q`. A staff account has no such pupil and
gets 403 on every portal page."""

from django.core.exceptions import PermissionDenied

from leerlingen.models import Leerling
from voroc import policy


def eigen_leerling(user, *, relatie: str | None = None) -> Leerling:
    """The first pupil the account reaches (a parent of two children sees the eldest access
    first); PermissionDenied when it reaches none in `relatie`."""
    leerling = (
        Leerling.objects.filter(policy.eigen_leerling_q(user, relatie=relatie))
        .select_related("school", "schooljaar")
        .order_by("pk")
        .first()
    )
    if leerling is None:
        raise PermissionDenied
    return leerling
