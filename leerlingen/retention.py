"""How long a pupil's file is kept (voroc.retention): registered in LeerlingenConfig.ready."""

from voroc.retention import RetentionRule, schooljaar_cutoff

from .models import Leerling


def _expired(*, today, days):
    """The whole file of pupils whose school year ended `leerling_dossier` days ago (other apps
    may hold some of them back: rmc/retention.py)."""
    return Leerling.objects.filter(schooljaar__startjaar__lte=schooljaar_cutoff(days["leerling_dossier"], today))


RULE = RetentionRule(kind="leerling_dossier", order=20, expired=_expired)
