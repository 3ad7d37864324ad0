import datetime

from django.core.management.base import BaseCommand, CommandError

from leerlingen.models import Schooljaar
from rapportage.services import momentopname_maken


class Command(BaseCommand):
    help = (
        "Maak de dagelijkse momentopname van de tellingen (zonder persoonsgegevens); "
        "een tweede keer op dezelfde dag vervangt die van die dag."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="De datum van de momentopname (JJJJ-MM-DD); standaard vandaag.")
        parser.add_argument("--schooljaar", type=int, help="Beginjaar van het schooljaar; standaard het actieve.")

    def handle(self, *args, date=None, schooljaar=None, **options):
        try:
            datum = datetime.date.fromisoformat(date) if date else None
        except ValueError:
            raise CommandError(f"Ongeldige datum {date!r}: gebruik JJJJ-MM-DD, bijvoorbeeld 2027-03-01.")
        jaar = None
        if schooljaar is not None:
            jaar = Schooljaar.objects.filter(startjaar=schooljaar).first()
            if jaar is None:
                raise CommandError(f"Schooljaar {schooljaar} bestaat niet.")
        n = momentopname_maken(datum=datum, schooljaar=jaar)
        self.stdout.write(f"Momentopname gemaakt: {n} tellingen.")
