"""Benchmark: a school's pupil import of N rows (default 5,000) beside a bare COPY of the same rows.

Times the three stages of an import as the worker runs them: the check (`importeren.controleer`),
the first write (every row new) and a re-import with one in ten pupils changed (updates, the rest
unchanged); each write prints its statements. The floor is PostgreSQL's `COPY ... FROM STDIN` of
the same columns into a temporary table (on SQLite: one executemany INSERT).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/voroc_bench .venv/bin/python bench/leerling_import.py
    .venv/bin/python bench/leerling_import.py --rows 5000        # fresh SQLite file in var/

It refuses any database whose name does not contain "bench": it flushes it first.
This is a script, not a timed test.
"""

import argparse
import datetime
import io
import os
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

HEADERS = ["Leerlingnummer", "Roepnaam", "Tussenvoegsel", "Achternaam", "Geboortedatum", "BSN", "Stamgroep", "Leerweg"]
HEADERS += ["Straat", "Huisnummer", "Postcode", "Woonplaats", "Gemeente", "Mentor"]


def bsn(n: int) -> str:
    """The n-th number that passes the elfproef, from 100000000 up."""
    base = 10_000_000 + n
    digits = [int(c) for c in f"{base:08d}"]
    rest = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True)) % 11
    return f"{base:08d}{rest}" if rest < 10 else bsn(n + 500_000_000 // 11)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5_000)
    args = parser.parse_args()

    sqlite_file = BASE_DIR / "var" / "bench_leerling_import.sqlite3"
    if "DATABASE_URL" not in os.environ:
        sqlite_file.parent.mkdir(exist_ok=True)
        sqlite_file.unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{sqlite_file}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "voroc.settings")
    os.environ.pop("REDIS_URL", None)

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from leerlingen.importeren import controleer, raad_koppeling
    from leerlingen.models import Leerlingimport, Schooljaar
    from leerlingen.services import leerlingen_import
    from voroc.accounts.models import Organisatie, Rol, User
    from voroc.accounts.services import lidmaatschap_toekennen_unchecked

    name = str(settings.DATABASES["default"]["NAME"])
    if "bench" not in name:
        sys.exit(f"Refusing to flush database {name!r}: its name must contain 'bench'.")
    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)

    schooljaar = Schooljaar.objects.create(startjaar=2026, actief=True, **Schooljaar.defaults_for(2026))
    gemeente = Organisatie.objects.create(soort="gemeente", naam="Den Haag", cbs_code="0518")
    school = Organisatie.objects.create(
        soort="vo_school", naam="Bench College", brin="99XX", vestiging="00", gemeente=gemeente
    )
    decaan = User.objects.create(email="decaan@bench.example", naam="Decaan", password="!")
    lidmaatschap_toekennen_unchecked(account=decaan, organisatie=school, rol=Rol.objects.get(code="decaan"))

    def rows(changed_every: int = 0):
        out = [HEADERS]
        for i in range(args.rows):
            klas = "4C" if changed_every and i % changed_every == 0 else f"4{'AB'[i % 2]}"
            out.append(
                [str(100000 + i), "Sam", "", f"Achternaam{i}", "17-05-2010", bsn(i), klas, "KB"]
                + ["Spui", "70", "2511 AB", "Den Haag", "0518", ""]
            )
        return out

    def run(label, table):
        imp = Leerlingimport.objects.create(
            schooljaar=schooljaar, school=school, bestandsnaam="bench.csv", formaat="csv", kolommen=HEADERS
        )
        t0 = time.perf_counter()
        uitkomst = controleer(
            table, raad_koppeling(HEADERS), school=school, schooljaar=schooljaar, today=datetime.date(2027, 1, 10)
        )
        checked = time.perf_counter() - t0
        assert not uitkomst.fouten, uitkomst.fouten[:3]
        with CaptureQueriesContext(connection) as ctx:
            t1 = time.perf_counter()
            telling = leerlingen_import(leerlingimport=imp, records=uitkomst.records, user=decaan)
            written = time.perf_counter() - t1
        print(
            f"{label:<28} check {checked * 1000:8.0f} ms  write {written * 1000:8.0f} ms  "
            f"statements {len(ctx.captured_queries):>4}  {telling}",
            flush=True,
        )
        return written

    first = run(f"import {args.rows:,} new", rows())
    run("re-import, 1 in 10 changed", rows(changed_every=10))

    # The floor: the same columns of the same rows, loaded by the database's own bulk path.
    data = [(str(100000 + i), "Sam", f"Achternaam{i}", "2010-05-17", bsn(i), "4A", "KB") for i in range(args.rows)]
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE bench_copy (nummer text, voornaam text, achternaam text, geboren date,"
            " bsn text, klas text, leerweg text)"
        )
        t0 = time.perf_counter()
        if connection.vendor == "postgresql":
            buffer = io.StringIO("".join("\t".join(row) + "\n" for row in data))
            with cursor.cursor.copy("COPY bench_copy FROM STDIN") as copy:
                copy.write(buffer.getvalue())
        else:
            cursor.executemany("INSERT INTO bench_copy VALUES (%s, %s, %s, %s, %s, %s, %s)", data)
        floor = time.perf_counter() - t0
    print(f"{'floor (COPY)':<28} write {floor * 1000:8.0f} ms  ratio {first / floor:6.1f}x", flush=True)


if __name__ == "__main__":
    main()
