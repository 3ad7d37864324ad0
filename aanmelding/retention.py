"""How long applications are kept (voroc.retention): registered in AanmeldingConfig.ready."""

import datetime

from voroc.retention import RetentionRule, schooljaar_cutoff

from .models import Aanmelding, Statusvergelijking


def _expired(*, today, days):
    """Applications, with their placement decisions and terugkoppelingen, of school years that
    ended `aanmelding` days ago."""
    return Aanmelding.objects.filter(leerling__schooljaar__startjaar__lte=schooljaar_cutoff(days["aanmelding"], today))


def _vergelijking_expired(*, today, days):
    """Uploaded national status files, with their differences, `statusvergelijking` days after the
    upload: working data for a worklist, not part of the pupil's file."""
    grens = today - datetime.timedelta(days=days["statusvergelijking"])
    return Statusvergelijking.objects.filter(geupload_op__date__lt=grens)


RULE = RetentionRule(kind="aanmelding", order=10, expired=_expired)
RULE_VERGELIJKING = RetentionRule(kind="statusvergelijking", order=5, expired=_vergelijking_expired)
