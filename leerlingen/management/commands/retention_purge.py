import datetime

from django.core.management.base import BaseCommand, CommandError

from voroc.retention import retention_purge


class Command(BaseCommand):
    help = "Verwijder leerlinggegevens waarvan de bewaartermijn is verstreken (zie voroc/retention.py)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Reken alsof het deze datum is (JJJJ-MM-DD).")
        parser.add_argument("--dry-run", action="store_true", help="Toon wat verwijderd zou worden; verwijder niets.")

    def handle(self, *args, date=None, dry_run=False, **options):
        try:
            today = datetime.date.fromisoformat(date) if date else None
        except ValueError:
            raise CommandError(f"Ongeldige datum {date!r}: gebruik JJJJ-MM-DD, bijvoorbeeld 2027-08-01.")
        counts = retention_purge(today=today, dry_run=dry_run)
        verb = "Zou verwijderen" if dry_run else "Verwijderd"
        if not counts:
            self.stdout.write("Niets te verwijderen.")
        for label, n in sorted(counts.items()):
            self.stdout.write(f"{verb}: {n} × {label}")
