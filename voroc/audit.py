"""Access logging (SECURITY.md R12): every view, export and print of a pupil's file.

An auditlog ACCESS entry is written for the object (who, when, which object,
from which address via AuditlogMiddleware), and a structured line goes to the
`voroc.access` logger. Neither holds names, BSN or care text (R13).
"""

import logging

from auditlog.signals import accessed

from voroc import policy

logger = logging.getLogger("voroc.access")


def log_access(request, obj, *, action: str = "view") -> None:
    accessed.send(sender=obj.__class__, instance=obj)
    user = request.user
    logger.info(
        "access action=%s object=%s:%s user=%s orgs=%s",
        action,
        obj._meta.label,
        obj.pk,
        getattr(user, "pk", None),
        ",".join(str(pk) for pk in sorted(policy.grants_for(user).all_orgs)),
    )


def log_denied(request, what: str) -> None:
    logger.warning("denied path=%s what=%s user=%s", request.path, what, getattr(request.user, "pk", None))
