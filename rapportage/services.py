"""The daily snapshot: every count of the active school year (and of an earlier year whose
pupils still count), and its lead times as of that day, stored per date. Idempotent per date: a
second run the same day replaces that day's rows in one transaction."""

import datetime

from django.db import transaction
from django.utils import timezone

from leerlingen.models import Schooljaar

from .models import Telling
from .selectors import cijfers_voor_momentopname


@transaction.atomic
def momentopname_maken(*, datum: datetime.date | None = None, schooljaar: Schooljaar | None = None) -> int:
    """Write the snapshot of `datum` (today) for `schooljaar` (the active one); returns the number
    of rows. A system task: it counts the whole installation and stores no personal data."""
    datum = datum or timezone.localdate()
    schooljaar = schooljaar or Schooljaar.objects.actief()
    if schooljaar is None:
        return 0
    cijfers = cijfers_voor_momentopname(schooljaar=schooljaar)
    Telling.objects.filter(datum=datum, schooljaar=schooljaar).delete()
    Telling.objects.bulk_create(
        Telling(
            datum=datum,
            schooljaar=schooljaar,
            dimensie=c.dimensie,
            sleutel=c.sleutel,
            naam=c.naam[:200],
            onderdeel=c.onderdeel,
            onderdeel_naam=c.onderdeel_naam[:200],
            categorie=c.categorie,
            waarde=c.waarde,
            aantal=c.aantal,
        )
        for c in cijfers
    )
    return len(cijfers)
