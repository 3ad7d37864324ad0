"""View decorators on top of voroc.policy. Object scope is the selectors' job (404);
these only refuse a whole page to a role that has no use for it (403)."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from voroc import policy

LEERLINGEN_INZIEN = (
    "leerlingen_alle_inzien",
    "leerlingen_mentorgroep_inzien",
    "woongemeente_inzien",
    "aanmeldingen_behandelen",
)


def require_any_perm(*perms: str):
    """Signed-in users holding at least one of `perms` at some organisation."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not policy.holds_any(request.user, *perms):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
