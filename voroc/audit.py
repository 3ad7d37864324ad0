"""Access logging (SECURITY.md R12): every view, export and print of a pupil's file.

An auditlog ACCESS entry is written for the object (who, when, which object,
from which address via AuditlogMiddleware), and a structured line goes to the
`voroc.access` logger. Neither holds names, BSN or care text (R13).
"""

import logging

from auditlog.signals import accessed

from voroc import policy

logger = logging.getLogger("voroc.access")


def _who(request) -> str:
    """Actor, their organisations and the origin address: never a name or e-mail address."""
    user = getattr(request, "user", None)
    pk = getattr(user, "pk", None)
    orgs = ",".join(str(o) for o in sorted(policy.grants_for(user).all_orgs)) if pk else ""
    return f"user={pk} orgs={orgs} origin={request.META.get('REMOTE_ADDR', '')}"


def audit_repr(model, pk) -> str:
    """How the audit trail names an object: model and id, never the object's own text (a name)."""
    name = model._meta.verbose_name if model is not None else "object"
    return f"{name} {pk}"


def log_access(request, obj, *, action: str = "view") -> None:
    accessed.send(sender=obj.__class__, instance=obj)
    logger.info("access action=%s object=%s:%s result=ok %s", action, obj._meta.label, obj.pk, _who(request))


def log_denied(request, status: int) -> None:
    """A refused request: 403 (page not for this role) or 404 (not found or out of scope)."""
    logger.warning("denied method=%s path=%s result=%s %s", request.method, request.path, status, _who(request))


def log_login(sender, request, user, **kwargs) -> None:
    if request is not None:
        logger.info("login result=ok %s", _who(request))


def log_login_failed(sender, credentials=None, request=None, **kwargs) -> None:
    # The attempted e-mail address is not logged (R13); django-axes keeps the failure count.
    logger.warning("login result=failed origin=%s", request.META.get("REMOTE_ADDR", "") if request else "")
