"""The municipality's file outlives the school's (voroc.retention): registered in RmcConfig.ready."""

import datetime

from voroc.retention import RetentionHold

from .models import Melding


def _recent_melding(*, today, days):
    """Pupils with a melding less than `melding` days old keep their whole file until then."""
    since = today - datetime.timedelta(days=days["melding"])
    return Melding.objects.filter(aangemaakt__date__gt=since).values("leerling_id")


HOLD = RetentionHold(kind="leerling_dossier", keep=_recent_melding)
