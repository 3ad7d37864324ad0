"""Retention per data kind, automatic, idempotent, with boundary dates."""

import datetime
from io import StringIO

import pytest
from auditlog.models import LogEntry
from django.core.management import CommandError, call_command

from aanmelding.models import Aanmelding
from leerlingen.models import Leerling
from rmc.services import melding_create_risico
from terugkoppeling.models import Terugkoppeling
from tests import factories as f
from voroc.retention import retention_purge

# School year 2026-2027 ends on 31 July 2027.
AANMELDING_EXPIRES = datetime.date(2028, 7, 30)  # 365 days later (2028 is a leap year)
DOSSIER_EXPIRES = datetime.date(2029, 7, 30)  # 730 days later


@pytest.fixture
def later_year(world):
    """A pupil of the next school year: never touched by these dates."""
    return f.LeerlingFactory(school=world["school_a"], schooljaar=f.SchooljaarFactory(startjaar=2027, actief=False))


def test_nothing_expires_the_day_before(world, later_year):
    assert retention_purge(today=AANMELDING_EXPIRES - datetime.timedelta(days=1)) == {}
    assert Aanmelding.objects.count() == 2


def test_applications_go_after_their_period_pupil_file_stays(world, later_year):
    counts = retention_purge(today=AANMELDING_EXPIRES)
    assert counts["aanmelding.Aanmelding"] == 2
    assert not Aanmelding.objects.exists()
    assert Leerling.objects.count() == 3
    assert retention_purge(today=AANMELDING_EXPIRES) == {}, "a second run deletes nothing"


def test_pupil_file_goes_with_its_timeline_and_audit_entries(world, later_year):
    leerling = world["leerling_a"]
    leerling.klas = "4B"
    leerling.save()  # an audit entry for the pupil
    assert LogEntry.objects.get_for_object(leerling).exists()
    retention_purge(today=DOSSIER_EXPIRES - datetime.timedelta(days=1))
    assert Leerling.objects.filter(pk=leerling.pk).exists()

    counts = retention_purge(today=DOSSIER_EXPIRES)
    assert counts["leerlingen.Leerling"] == 2
    assert set(Leerling.objects.values_list("pk", flat=True)) == {later_year.pk}
    assert not Terugkoppeling.objects.filter(leerling_id=leerling.pk).exists()
    assert not LogEntry.objects.filter(content_type__model="leerling", object_pk=str(leerling.pk)).exists()
    assert LogEntry.objects.filter(content_type__model="leerling", object_pk=str(later_year.pk)).exists()
    assert not LogEntry.objects.filter(action=LogEntry.Action.DELETE).exists(), "purging copies nothing into the log"
    assert retention_purge(today=DOSSIER_EXPIRES) == {}


def test_a_recent_melding_keeps_the_file_for_the_municipality(world):
    melding_create_risico(leerling=world["leerling_a"], user=world["decaan"], reden="Veel verzuim")
    retention_purge(today=DOSSIER_EXPIRES)
    assert Leerling.objects.filter(pk=world["leerling_a"].pk).exists()
    assert not Leerling.objects.filter(pk=world["leerling_b"].pk).exists()


def test_dry_run_deletes_nothing(world):
    counts = retention_purge(today=DOSSIER_EXPIRES, dry_run=True)
    assert counts["leerlingen.Leerling"] == 2
    assert Leerling.objects.count() == 2


def test_dry_run_counts_what_a_real_run_deletes(world):
    """Both rules reach the applications (the file's deletion cascades into them); a dry run,
    which deletes nothing between the rules, must still count each row once."""
    assert Aanmelding.objects.count() == 2
    dry = retention_purge(today=DOSSIER_EXPIRES, dry_run=True)
    assert dry["aanmelding.Aanmelding"] == 2
    assert dry == retention_purge(today=DOSSIER_EXPIRES)
    out = StringIO()
    call_command("retention_purge", "--date", "2029-07-30", "--dry-run", stdout=out)
    assert out.getvalue() == "Niets te verwijderen.\n"


def test_command_reports_and_refuses_a_bad_date(world):
    out = StringIO()
    call_command("retention_purge", "--date", "2029-07-30", "--dry-run", stdout=out)
    assert "Zou verwijderen: 2 × leerlingen.Leerling" in out.getvalue()
    with pytest.raises(CommandError, match="JJJJ-MM-DD"):
        call_command("retention_purge", "--date", "30-07-2029")
