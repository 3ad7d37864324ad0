"""Run the deadline-reminder check by hand for a given day: `manage.py send_reminders --date 2027-01-18`.

The same service as the daily beat task; what was already sent (to a user, for a milestone,
in this school year) is not sent again.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from terugkoppeling.herinneringen import herinneringen_versturen
from terugkoppeling.models import Mijlpaal


def _datum(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"Ongeldige datum '{value}': gebruik JJJJ-MM-DD, bijvoorbeeld 2027-01-18.")


class Command(BaseCommand):
    help = "Verstuur de herinneringen bij de mijlpalen van het actieve schooljaar voor een datum."

    def add_arguments(self, parser):
        parser.add_argument("--date", dest="datum", help="JJJJ-MM-DD; standaard vandaag")

    def handle(self, *args, datum=None, **options):
        dag = _datum(datum) if datum else timezone.localdate()
        verstuurd = herinneringen_versturen(vandaag=dag)
        if not verstuurd:
            self.stdout.write(f"{dag.isoformat()}: geen nieuwe herinneringen te versturen.")
            return
        for item in verstuurd:
            label = Mijlpaal(item.mijlpaal).label
            self.stdout.write(f"{dag.isoformat()} {item.mijlpaal}: {item.email} ({item.aantal}) – {label}")
        self.stdout.write(self.style.SUCCESS(f"{len(verstuurd)} herinnering(en) verstuurd."))
