"""R14: audit rows cannot be updated or deleted, not even through the ORM."""
import pytest
from auditlog.models import LogEntry
from django.db import DatabaseError, transaction


@pytest.fixture
def entry(world):
    leerling = world["leerling_a"]
    leerling.klas = "4Z"
    leerling.save()
    return LogEntry.objects.get_for_object(leerling).latest("timestamp")


def test_audit_row_cannot_be_updated(entry):
    with pytest.raises(DatabaseError), transaction.atomic():
        LogEntry.objects.filter(pk=entry.pk).update(changes_text="vervalst")
    entry.refresh_from_db()
    assert entry.changes_text != "vervalst"


@pytest.mark.postgresql
def test_audit_row_cannot_be_deleted(entry):
    with pytest.raises(DatabaseError), transaction.atomic():
        LogEntry.objects.filter(pk=entry.pk).delete()
    assert LogEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.postgresql
def test_retention_may_delete_inside_a_purge_transaction(entry):
    from django.db import connection

    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL voroc.audit_purge = 'on'")
        LogEntry.objects.filter(pk=entry.pk).delete()
    assert not LogEntry.objects.filter(pk=entry.pk).exists()
