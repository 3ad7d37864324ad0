"""Backups are encrypted, readable by their owner only, hold the uploaded files, and restore.

A backup of a database with a LOB-paspoort PDF is made with scripts/backup.sh and a fresh age key,
then restored with scripts/restore.sh into a new database and an empty directory: the same rows in
every table, and the PDF the restored form points to is there, byte for byte. The backup file is
mode 0600 and holds neither the dump nor the PDF nor a pupil's name in the clear.

Planted-bug check: with the scripts as they were (a plain pg_dump, default umask, no files) every
assertion on the file fails, and restoring the PDF fails.
"""

import os
import stat
import subprocess
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.db import connection

from aanmelding.services import aanmelding_status_update
from doorstroom.services import formulier_voor
from tests import dbroles

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]
SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"
PDF = b"%PDF-1.4\n% LOB-paspoort van een leerling\n" + os.urandom(2048) + b"\n%%EOF\n"


def _url(name: str) -> str:
    """Backups and restores are the owner's work (the application role cannot create databases)."""
    s = connection.settings_dict
    return f"postgresql://{dbroles.owner_user()}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"


def _row_counts(cursor) -> dict[str, int]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    tables = [row[0] for row in cursor.fetchall()]
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT count(*) FROM "{table}"')
        counts[table] = cursor.fetchone()[0]
    return counts


@pytest.fixture
def age_keys(tmp_path):
    identity = tmp_path / "sleutel.txt"
    subprocess.run(["age-keygen", "-o", identity], check=True, capture_output=True)
    recipients = tmp_path / "ontvangers.txt"
    public = subprocess.run(["age-keygen", "-y", identity], check=True, capture_output=True, text=True).stdout
    recipients.write_text(public)
    return {"VOROC_BACKUP_RECIPIENTS": str(recipients), "VOROC_BACKUP_IDENTITY": str(identity)}


def test_encrypted_backup_with_files_restores_into_a_fresh_database(world, tmp_path, settings, age_keys):
    from django.db import connections

    aanmelding_status_update(aanmelding=world["aanmelding_a"], naar="in_behandeling", user=world["intaker"])
    formulier = formulier_voor(leerling=world["leerling_a"])
    formulier.lob_paspoort_pdf.save("paspoort.pdf", ContentFile(PDF))
    stored = formulier.lob_paspoort_pdf.name
    media = Path(settings.MEDIA_ROOT)
    assert (media / stored).read_bytes() == PDF

    source = connection.settings_dict["NAME"]
    target = f"{source}_restore"
    backup = tmp_path / "backups" / "voroc.tar.age"
    restored_media = tmp_path / "teruggezet"
    env = {**os.environ, **age_keys}
    with connection.cursor() as cursor:
        expected = _row_counts(cursor)
    connections.close_all()
    import psycopg

    with psycopg.connect(_url("postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{target}"')
        admin.execute(f'CREATE DATABASE "{target}"')
    try:
        made = subprocess.run(
            [SCRIPTS / "backup.sh", _url(source), media, backup], env=env, capture_output=True, text=True
        )
        assert made.returncode == 0, made.stderr
        # Readable by its owner only, and nothing in it readable without the key.
        assert stat.S_IMODE(backup.stat().st_mode) == 0o600
        content = backup.read_bytes()
        assert content.startswith(b"age-encryption.org/v1")
        for clear in (b"PGDMP", PDF[:40], world["leerling_a"].achternaam.encode(), b"auditlog_logentry"):
            assert clear not in content
        assert not list(backup.parent.glob("*.partial"))

        restored = subprocess.run(
            [SCRIPTS / "restore.sh", backup, _url(target), restored_media], env=env, capture_output=True, text=True
        )
        assert restored.returncode == 0, restored.stderr
        with psycopg.connect(_url(target)) as db, db.cursor() as cursor:
            assert _row_counts(cursor) == expected
            cursor.execute("SELECT count(*) FROM pg_trigger WHERE tgname = 'auditlog_logentry_append_only'")
            assert cursor.fetchone()[0] == 1, "the append-only trigger comes back with the restore"
            cursor.execute(
                "SELECT lob_paspoort_pdf FROM doorstroom_doorstroomformulier WHERE leerling_id = %s",
                [world["leerling_a"].pk],
            )
            path = cursor.fetchone()[0]
        assert path == stored
        assert (restored_media / path).read_bytes() == PDF
    finally:
        with psycopg.connect(_url("postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{target}"')
    assert expected["leerlingen_leerling"] == 2 and expected["terugkoppeling_terugkoppeling"] >= 1


def test_a_backup_without_recipients_is_refused(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "VOROC_BACKUP_RECIPIENTS"}
    made = subprocess.run(
        [SCRIPTS / "backup.sh", _url(connection.settings_dict["NAME"]), tmp_path, tmp_path / "x.tar.age"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert made.returncode != 0 and "VOROC_BACKUP_RECIPIENTS" in made.stderr
    assert not (tmp_path / "x.tar.age").exists()


def test_restore_refuses_a_directory_with_files(tmp_path, age_keys):
    (tmp_path / "bestaand").mkdir()
    (tmp_path / "bestaand" / "iets.pdf").write_bytes(b"x")
    env = {**os.environ, **age_keys}
    restored = subprocess.run(
        [SCRIPTS / "restore.sh", tmp_path / "geen.tar.age", _url("x"), tmp_path / "bestaand"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert restored.returncode != 0 and "not empty" in restored.stderr
