"""Audit rows cannot be changed by the identity the application runs as (BIO 8.15).

On PostgreSQL the test logs in as the application's database role, in a connection of its own,
and tries what an attacker holding the application's credentials would: UPDATE, DELETE, TRUNCATE,
disabling or dropping the append-only trigger, the old purge switch, taking the table over. Each
must fail on privileges, and the rows must be unchanged. It may still add entries and read them.
Expired entries go only through voroc_audit_purge(), which deletes the entries of objects that no
longer exist (never of a live one) and records each purge.

Planted-bug checks (each run once): with `GRANT UPDATE, DELETE, TRUNCATE ON auditlog_logentry` for
the application role (what the table's owner had before) the statement tests fail; with the
`NOT EXISTS` condition removed from the purge function the live-object test fails.
"""

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, connection, transaction

from leerlingen.models import Elders, Leerling
from tests import dbroles

ATTACKS = {
    "update": "UPDATE auditlog_logentry SET changes_text = 'vervalst'",
    "delete": "DELETE FROM auditlog_logentry",
    "purge_switch_then_delete": "SET voroc.audit_purge = 'on'; DELETE FROM auditlog_logentry",
    "truncate": "TRUNCATE auditlog_logentry",
    "disable_trigger": "ALTER TABLE auditlog_logentry DISABLE TRIGGER auditlog_logentry_append_only",
    "disable_all_triggers": "ALTER TABLE auditlog_logentry DISABLE TRIGGER ALL",
    "drop_trigger": "DROP TRIGGER auditlog_logentry_append_only ON auditlog_logentry",
    "replace_trigger_function": (
        "CREATE OR REPLACE FUNCTION voroc_audit_append_only() RETURNS trigger AS $$ BEGIN RETURN OLD; END $$ "
        "LANGUAGE plpgsql"
    ),
    "take_ownership": "ALTER TABLE auditlog_logentry OWNER TO CURRENT_USER",
    "rename_away": "ALTER TABLE auditlog_logentry RENAME TO auditlog_old",
    "redirect_purge_table_lookup": "UPDATE django_content_type SET model = 'schooljaar' WHERE model = 'leerling'",
    "forge_purge_log": "DELETE FROM voroc_audit_purge_log",
}


# The read log (who saw which pupil) is out of the application's reach the same way.
READ_LOG_ATTACKS = {
    "update": "UPDATE leerlingen_raadpleging SET pagina = 'vervalst'",
    "delete": "DELETE FROM leerlingen_raadpleging",
    "purge_switch_then_delete": "SET voroc.audit_purge = 'on'; DELETE FROM leerlingen_raadpleging",
    "truncate": "TRUNCATE leerlingen_raadpleging",
    "disable_trigger": "ALTER TABLE leerlingen_raadpleging DISABLE TRIGGER leerlingen_raadpleging_append_only",
    "take_ownership": "ALTER TABLE leerlingen_raadpleging OWNER TO CURRENT_USER",
}


@pytest.fixture
def entry(world):
    leerling = world["leerling_a"]
    leerling.klas = "4Z"
    leerling.save()
    return LogEntry.objects.get_for_object(leerling).latest("timestamp")


def test_audit_row_cannot_be_updated_through_the_orm(entry):
    with pytest.raises(DatabaseError), transaction.atomic():
        LogEntry.objects.filter(pk=entry.pk).update(changes_text="vervalst")
    entry.refresh_from_db()
    assert entry.changes_text != "vervalst"


@pytest.mark.postgresql
def test_audit_row_cannot_be_deleted_through_the_orm(entry):
    with pytest.raises(DatabaseError), transaction.atomic():
        LogEntry.objects.filter(pk=entry.pk).delete()
    assert LogEntry.objects.filter(pk=entry.pk).exists()


@pytest.fixture
def app_role(transactional_db):
    """The application role, with its rights in this (committed) test database; a few entries."""
    from tests import factories as f

    dbroles.ensure_app_role()
    leerling = f.LeerlingFactory()
    leerling.klas = "4Z"
    leerling.save()
    with dbroles.connect_as_app_role() as conn:
        yield conn


def _snapshot():
    return list(LogEntry.objects.order_by("pk").values_list("pk", "changes", "changes_text", "object_repr"))


@pytest.mark.postgresql
def test_the_application_role_cannot_rewrite_the_audit_trail(app_role):
    import psycopg

    before = _snapshot()
    assert before
    allowed = []
    with app_role.cursor() as cursor:
        cursor.execute("SELECT current_user")
        assert cursor.fetchone()[0] == dbroles.app_role()
        for attack, sql in ATTACKS.items():
            try:
                cursor.execute(sql)
            except psycopg.errors.InsufficientPrivilege:
                continue
            allowed.append(attack)
    assert not allowed, f"the application role could: {allowed}"
    assert _snapshot() == before


@pytest.mark.postgresql
def test_the_application_role_may_add_and_read_entries(app_role):
    """The rights the application needs are there: otherwise the refusals above prove nothing."""
    ct = ContentType.objects.get_for_model(Leerling)
    with app_role.cursor() as cursor:
        cursor.execute(
            "INSERT INTO auditlog_logentry (content_type_id, object_pk, object_id, object_repr, action, changes_text,"
            " timestamp, additional_data, changes) VALUES (%s, '1', 1, 'leerling 1', 3, '', now(), NULL, '{}')"
            " RETURNING id",
            [ct.pk],
        )
        new = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM auditlog_logentry")
        assert cursor.fetchone()[0] == LogEntry.objects.count()
        cursor.execute("UPDATE leerlingen_leerling SET klas = '4Y'")  # domain tables stay writable
    assert LogEntry.objects.filter(pk=new).exists()


@pytest.mark.postgresql
def test_the_purge_function_deletes_only_entries_of_objects_that_are_gone(app_role):
    """What retention does: delete the objects, then their entries, through the function."""
    from tests import factories as f

    live = f.LeerlingFactory()
    gone = Elders.objects.create(leerling=live, soort="werk", toelichting="x")
    gone_pk = gone.pk
    leerling_ct = ContentType.objects.get_for_model(Leerling)
    elders_ct = ContentType.objects.get_for_model(Elders)
    live_entries = LogEntry.objects.filter(content_type=leerling_ct, object_pk=str(live.pk)).count()
    assert live_entries and LogEntry.objects.filter(content_type=elders_ct, object_pk=str(gone_pk)).exists()
    with app_role.cursor() as cursor:
        cursor.execute("DELETE FROM leerlingen_elders WHERE id = %s", [gone_pk])
        cursor.execute("SELECT voroc_audit_purge(%s, %s)", [leerling_ct.pk, [str(live.pk)]])
        assert cursor.fetchone()[0] == 0  # a live pupil's trail stays
        cursor.execute("SELECT voroc_audit_purge(%s, %s)", [elders_ct.pk, [str(gone_pk)]])
        assert cursor.fetchone()[0] >= 1
        cursor.execute("SELECT db_user, object_pks, entries FROM voroc_audit_purge_log ORDER BY id DESC LIMIT 1")
        db_user, pks, entries = cursor.fetchone()
    assert db_user == dbroles.app_role() and pks == [str(gone_pk)] and entries >= 1
    assert LogEntry.objects.filter(content_type=leerling_ct, object_pk=str(live.pk)).count() == live_entries
    assert not LogEntry.objects.filter(content_type=elders_ct, object_pk=str(gone_pk)).exists()


@pytest.mark.postgresql
def test_the_check_command_passes_for_the_application_role(app_role):
    from django.core.management import call_command

    call_command("database_roles", "--check", "--role", dbroles.app_role())


def test_retention_removes_the_entries_of_what_it_deleted(world):
    """Through the function on PostgreSQL, the ORM on SQLite: both end the same."""
    from voroc.retention import _purge_audit

    elders = Elders.objects.create(leerling=world["leerling_a"], soort="werk", toelichting="x")
    ct = ContentType.objects.get_for_model(Elders)
    pk = str(elders.pk)
    assert LogEntry.objects.filter(content_type=ct, object_pk=pk).exists()
    with transaction.atomic():
        Elders.objects.filter(pk=elders.pk).delete()
        assert _purge_audit(ct, [pk]) >= 1
    assert not LogEntry.objects.filter(content_type=ct, object_pk=pk).exists()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM voroc_audit_purge_log WHERE %s = ANY(object_pks)", [pk])
            assert cursor.fetchone()[0] == 1


def _read_log(leerling_id):
    from leerlingen.models import Raadpleging

    return list(Raadpleging.objects.filter(leerling_id=leerling_id).order_by("pk").values_list("pk", "pagina"))


def _log_a_read(leerling):
    from django.utils import timezone

    from leerlingen.models import Raadpleging

    Raadpleging.objects.create(leerling=leerling, actie="pagina", pagina="leerlingen:detail", tijdstip=timezone.now())


@pytest.mark.postgresql
def test_the_application_role_cannot_rewrite_the_read_log(app_role):
    """Planted-bug check (run once): with `GRANT DELETE ON leerlingen_raadpleging` for the role,
    the delete attacks are allowed and the test fails."""
    import psycopg

    leerling = Leerling.objects.get()
    _log_a_read(leerling)
    before = _read_log(leerling.pk)
    allowed = []
    with app_role.cursor() as cursor:
        for attack, sql in READ_LOG_ATTACKS.items():
            try:
                cursor.execute(sql)
            except psycopg.errors.InsufficientPrivilege:
                continue
            allowed.append(attack)
        cursor.execute(
            "INSERT INTO leerlingen_raadpleging (leerling_id, actie, pagina, tijdstip)"
            " VALUES (%s, 'lijst', 'x', now())",
            [leerling.pk],
        )
    assert not allowed, f"the application role could: {allowed}"
    assert len(_read_log(leerling.pk)) == len(before) + 1


@pytest.mark.postgresql
def test_the_read_log_purge_spares_pupils_that_still_exist(app_role):
    """Planted-bug check (run once): without the `NOT EXISTS` condition in voroc_raadpleging_purge
    the live pupil's read log is deleted and the test fails."""
    leerling = Leerling.objects.get()
    _log_a_read(leerling)
    with app_role.cursor() as cursor:
        cursor.execute("SELECT voroc_raadpleging_purge(%s)", [[leerling.pk]])
        assert cursor.fetchone()[0] == 0
    assert _read_log(leerling.pk)
    with dbroles.connect_as_app_role() as conn, conn.cursor() as cursor:
        cursor.execute("DELETE FROM leerlingen_leerling WHERE id = %s", [leerling.pk])
        cursor.execute("SELECT voroc_raadpleging_purge(%s)", [[leerling.pk]])
        assert cursor.fetchone()[0] == 1
    assert not _read_log(leerling.pk)
