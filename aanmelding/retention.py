"""How long applications are kept (voroc.retention): registered in AanmeldingConfig.ready."""

from voroc.retention import RetentionRule, schooljaar_cutoff

from .models import Aanmelding


def _expired(*, today, days):
    """Applications, with their placement decisions and terugkoppelingen, of school years that
    ended `aanmelding` days ago."""
    return Aanmelding.objects.filter(leerling__schooljaar__startjaar__lte=schooljaar_cutoff(days["aanmelding"], today))


RULE = RetentionRule(kind="aanmelding", order=10, expired=_expired)
