"""R19: a backup restores into a fresh database with the same rows."""
import subprocess
from pathlib import Path

import pytest
from django.db import connection

from aanmelding.services import aanmelding_status_wijzigen

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]
SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"


def _url(name: str) -> str:
    s = connection.settings_dict
    return f"postgresql://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"


def _row_counts(cursor) -> dict[str, int]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    tables = [row[0] for row in cursor.fetchall()]
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT count(*) FROM "{table}"')
        counts[table] = cursor.fetchone()[0]
    return counts


def test_dump_restores_into_a_fresh_database_with_the_same_rows(world, tmp_path):
    aanmelding_status_wijzigen(aanmelding=world["aanmelding_a"], naar="in_behandeling", user=world["intaker"])
    source = connection.settings_dict["NAME"]
    target = f"{source}_restore"
    dump = tmp_path / "voroc.dump"
    with connection.cursor() as cursor:
        expected = _row_counts(cursor)
        cursor.execute(f'DROP DATABASE IF EXISTS "{target}"')
        cursor.execute(f'CREATE DATABASE "{target}"')
    try:
        subprocess.run([SCRIPTS / "backup.sh", _url(source), dump], check=True, capture_output=True)
        subprocess.run([SCRIPTS / "restore.sh", dump, _url(target)], check=True, capture_output=True)
        import psycopg

        with psycopg.connect(_url(target)) as restored, restored.cursor() as cursor:
            assert _row_counts(cursor) == expected
            cursor.execute("SELECT count(*) FROM pg_trigger WHERE tgname = 'auditlog_logentry_append_only'")
            assert cursor.fetchone()[0] == 1, "the append-only trigger comes back with the restore"
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{target}"')
    assert expected["leerlingen_leerling"] == 2 and expected["terugkoppeling_terugkoppeling"] >= 1
